/**
 * The Notifier port: how core and workers tell a user something in the bot chat. Each domain declares the
 * notifications it sends by augmenting `NotificationMap` next to its own code:
 *
 *   declare module '../notifier.js' {
 *     interface NotificationMap { 'account.logged_out': { accountId: number; name: string } }
 *   }
 *
 * The bot renders each kind into words and buttons (bot/notifications/); core never holds texts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by each domain
export interface NotificationMap {}

export type NotificationKind = keyof NotificationMap;

export interface Notifier {
  /** Sends a new message to the user's private chat (chat id = Telegram user id); returns its message id. */
  send<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<{ messageId: number }>;
  /** Replaces the text and buttons of a message sent earlier (live progress). */
  edit<K extends NotificationKind>(chatId: number, messageId: number, kind: K, data: NotificationMap[K]): Promise<void>;
}
