/** The people a Telegram account already knows: users among its recent dialogs, and its contact list. */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { mergeKnownPeers, type PeerIdentity } from '../known-peers.js';
import type { KnownPeer } from '../messenger.js';
import type { TelegramClientLike } from './telegram-client.js';

/** Telegram answers at most 100 dialogs per `messages.GetDialogs`. */
const DIALOG_PAGE = 100;

/** A real person we could write to: not ourselves, not a bot, not a deleted account. */
function personOf(user: Api.TypeUser | undefined): PeerIdentity | undefined {
  if (!(user instanceof Api.User) || user.self === true || user.bot === true || user.deleted === true) return undefined;
  return {
    platformUserId: user.id.toString(),
    // Telegram gives phones as digits without '+'; an empty or absent phone is a hidden one.
    ...(user.phone !== undefined && user.phone !== '' ? { phone: `+${user.phone}` } : {}),
    ...(user.username !== undefined && user.username !== '' ? { username: user.username } : {}),
  };
}

function byId<T extends { id: { toString(): string } }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id.toString(), item]));
}

/** The input peer of the page's last dialog, which `GetDialogs` pages on; undefined when it cannot be built. */
function offsetPeerOf(peer: Api.TypePeer, users: Map<string, Api.TypeUser>, chats: Map<string, Api.TypeChat>): Api.TypeInputPeer | undefined {
  if (peer instanceof Api.PeerUser) {
    const user = users.get(peer.userId.toString());
    return user instanceof Api.User && user.accessHash !== undefined
      ? new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash })
      : undefined;
  }
  if (peer instanceof Api.PeerChat) return new Api.InputPeerChat({ chatId: peer.chatId });
  const channel = chats.get(peer.channelId.toString());
  return channel instanceof Api.Channel && channel.accessHash !== undefined
    ? new Api.InputPeerChannel({ channelId: channel.id, accessHash: channel.accessHash })
    : undefined;
}

/**
 * Users among the `limit` most recent dialogs (of any kind, as the app lists them: pinned first), newest
 * first. Pages of 100 the way GramJS's `getDialogs` does (offset by the last dialog's top message, pinned
 * ones only on the first page); archived chats are not looked at.
 */
async function recentDialogUsers(client: TelegramClientLike, limit: number): Promise<PeerIdentity[]> {
  const found: PeerIdentity[] = [];
  let offset = { date: 0, id: 0, peer: new Api.InputPeerEmpty() as Api.TypeInputPeer };
  let left = limit;
  let first = true;
  while (left > 0) {
    const pageSize = Math.min(left, DIALOG_PAGE);
    const page = await client.invoke(
      new Api.messages.GetDialogs({
        excludePinned: !first,
        offsetDate: offset.date,
        offsetId: offset.id,
        offsetPeer: offset.peer,
        limit: pageSize,
        hash: returnBigInt(0),
      }),
    );
    if (page instanceof Api.messages.DialogsNotModified) break;
    const users = byId(page.users);
    const chats = byId(page.chats);
    const dialogs = page.dialogs.filter((dialog): dialog is Api.Dialog => dialog instanceof Api.Dialog);
    for (const dialog of dialogs) {
      if (!(dialog.peer instanceof Api.PeerUser)) continue;
      const person = personOf(users.get(dialog.peer.userId.toString()));
      if (person !== undefined) found.push(person);
    }
    left -= page.dialogs.length;
    const last = dialogs.at(-1);
    const top = last && page.messages.find((message) => message.id === last.topMessage);
    const peer = last && offsetPeerOf(last.peer, users, chats);
    const more = page instanceof Api.messages.DialogsSlice && page.dialogs.length >= pageSize;
    if (!more || top === undefined || top instanceof Api.MessageEmpty || peer === undefined) break;
    offset = { date: top.date, id: top.id, peer };
    first = false;
  }
  return found;
}

/** The account's contact list (its Telegram address book). */
async function addressBook(client: TelegramClientLike): Promise<PeerIdentity[]> {
  const contacts = await client.invoke(new Api.contacts.GetContacts({ hash: returnBigInt(0) }));
  if (contacts instanceof Api.contacts.ContactsNotModified) return [];
  const users = byId(contacts.users);
  return contacts.contacts.map((contact) => personOf(users.get(contact.userId.toString()))).filter((p) => p !== undefined);
}

/** `MessengerConnection.knownPeers` for Telegram. */
export async function fetchKnownPeers(client: TelegramClientLike, limit: number): Promise<KnownPeer[]> {
  if (limit <= 0) return [];
  const dialogs = await recentDialogUsers(client, limit);
  return mergeKnownPeers(dialogs, await addressBook(client), limit);
}
