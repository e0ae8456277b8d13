import type { InlineKeyboard } from 'grammy';
import type { NotificationKind, NotificationMap } from '../../core/notifier.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What a notification looks like in the chat. */
export interface RenderedNotification {
  text: string;
  parseMode?: 'HTML';
  keyboard?: InlineKeyboard;
  /** Sent as a photo with `text` as caption (e.g. a WhatsApp QR code). */
  photo?: { data: Buffer; fileName: string };
  /** Sent as a document with `text` as caption; a string is a file path, streamed from disk. */
  document?: { data: Buffer | string; fileName: string };
}

/** Who a notification is for: `language` picks the texts, `timeZone` (users.time_zone) the times shown. */
export interface Recipient {
  language: string;
  timeZone: string;
}

/** Renders one kind; `t` speaks the recipient's language, and times are shown in `recipient.timeZone`. */
export type NotificationRenderer<K extends NotificationKind> = (data: NotificationMap[K], t: Translate, recipient: Recipient) => RenderedNotification;

/** One renderer per notification kind; every feature contributes its own. */
export type NotificationRenderers = { [K in NotificationKind]: NotificationRenderer<K> };
