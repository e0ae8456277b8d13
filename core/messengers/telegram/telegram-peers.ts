/** Our opaque Telegram recipient address and profile mapping, kept apart from the network code. */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import type { AccountProfile, ResolvedRecipient } from '../messenger.js';
import { MessengerError } from '../messenger.js';

/** Telegram wants numbers as digits only (no `+`, no separators). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

function displayNameOf(user: Api.User): string {
  const name = [user.firstName, user.lastName].filter((part) => part !== undefined && part !== '').join(' ');
  return name !== '' ? name : (user.username ?? user.id.toString());
}

/** The profile of a logged-in account. */
export function profileOf(user: Api.TypeUser): AccountProfile {
  if (!(user instanceof Api.User)) throw new MessengerError('LOGGED_OUT', 'Telegram returned an empty user');
  return {
    platformUserId: user.id.toString(),
    displayName: displayNameOf(user),
    ...(user.phone !== undefined && user.phone !== '' ? { phone: `+${user.phone}` } : {}),
    ...(user.username !== undefined && user.username !== '' ? { username: user.username } : {}),
  };
}

/**
 * Picks the user a `contacts.ResolvedPeer` points at. Channels, groups and deleted accounts are not
 * people we can write to, so they count as not found.
 */
export function recipientFromResolvedPeer(resolved: Api.contacts.ResolvedPeer): ResolvedRecipient {
  const peer = resolved.peer;
  const user =
    peer instanceof Api.PeerUser
      ? resolved.users.find((candidate) => candidate instanceof Api.User && candidate.id.equals(peer.userId))
      : undefined;
  if (!(user instanceof Api.User) || user.deleted === true || user.accessHash === undefined) {
    throw new MessengerError('RECIPIENT_NOT_FOUND', 'No Telegram user behind this reference');
  }
  return {
    // user id + access hash: exactly what InputPeerUser needs, so sending needs no lookup.
    address: `${user.id.toString()}:${user.accessHash.toString()}`,
    platformUserId: user.id.toString(),
    displayName: displayNameOf(user),
  };
}

/** The input peer of an address made by `recipientFromResolvedPeer`. */
export function inputPeerOf(address: string): Api.InputPeerUser {
  const match = /^(-?\d+):(-?\d+)$/.exec(address);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new MessengerError('RECIPIENT_NOT_FOUND', 'Not a Telegram recipient address');
  }
  return new Api.InputPeerUser({ userId: returnBigInt(match[1]), accessHash: returnBigInt(match[2]) });
}
