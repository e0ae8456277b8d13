/** Turning Telegram messages into our `IncomingMessage`s: live events and the catch-up after downtime. */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import type { IncomingMessage } from '../messenger.js';
import type { TelegramClientLike } from './telegram-client.js';

/** Bounds of `recentIncoming`: dialogs looked at, and messages read per dialog. */
export const RECENT_DIALOG_LIMIT = 100;
export const RECENT_MESSAGES_PER_DIALOG = 50;

/**
 * A private text message another human sent us, or undefined for anything else (our own messages,
 * groups, channels, Saved Messages, bots, service messages, media without caption).
 */
export function incomingFromMessage(
  message: Api.TypeMessage,
  selfId: string,
  sender: Api.TypeUser | undefined,
): IncomingMessage | undefined {
  if (!(message instanceof Api.Message) || message.out === true) return undefined;
  if (!(message.peerId instanceof Api.PeerUser)) return undefined;
  const fromId = message.peerId.userId.toString();
  if (fromId === selfId || message.message === '') return undefined;
  const user = sender instanceof Api.User && sender.id.toString() === fromId ? sender : undefined;
  if (user?.bot === true) return undefined;
  return {
    fromPlatformUserId: fromId,
    ...(user?.phone !== undefined && user.phone !== '' ? { fromPhone: `+${user.phone}` } : {}),
    ...(user?.username !== undefined && user.username !== '' ? { fromUsername: user.username } : {}),
    text: message.message,
    platformMessageId: message.id.toString(),
    receivedAt: new Date(message.date * 1000),
  };
}

function usersById(users: readonly Api.TypeUser[]): Map<string, Api.User> {
  const byId = new Map<string, Api.User>();
  for (const user of users) if (user instanceof Api.User) byId.set(user.id.toString(), user);
  return byId;
}

/**
 * Messages received since `since`, found through the dialog list (most recent first) and the history of
 * each private dialog that moved since then. Bounded: at most `RECENT_DIALOG_LIMIT` dialogs and
 * `RECENT_MESSAGES_PER_DIALOG` messages per dialog, oldest first.
 */
export async function fetchRecentIncoming(
  client: TelegramClientLike,
  selfId: string,
  since: Date,
): Promise<IncomingMessage[]> {
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const dialogs = await client.invoke(
    new Api.messages.GetDialogs({
      offsetDate: 0,
      offsetId: 0,
      offsetPeer: new Api.InputPeerEmpty(),
      limit: RECENT_DIALOG_LIMIT,
      hash: returnBigInt(0),
    }),
  );
  if (dialogs instanceof Api.messages.DialogsNotModified) return [];
  const users = usersById(dialogs.users);
  const topDates = new Map<number, number>();
  for (const top of dialogs.messages) if (top instanceof Api.Message) topDates.set(top.id, top.date);

  const found: IncomingMessage[] = [];
  for (const dialog of dialogs.dialogs) {
    if (!(dialog instanceof Api.Dialog) || !(dialog.peer instanceof Api.PeerUser)) continue;
    if ((topDates.get(dialog.topMessage) ?? 0) < sinceSeconds) continue;
    const user = users.get(dialog.peer.userId.toString());
    if (user === undefined || user.accessHash === undefined || user.bot === true || user.self === true) continue;
    const history = await client.invoke(
      new Api.messages.GetHistory({
        peer: new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash }),
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit: RECENT_MESSAGES_PER_DIALOG,
        maxId: 0,
        minId: 0,
        hash: returnBigInt(0),
      }),
    );
    if (history instanceof Api.messages.MessagesNotModified) continue;
    for (const message of history.messages) {
      const incoming = incomingFromMessage(message, selfId, user);
      if (incoming !== undefined && incoming.receivedAt >= since) found.push(incoming);
    }
  }
  return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
