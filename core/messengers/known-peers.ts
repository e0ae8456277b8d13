/** The shape of every adapter's `knownPeers` answer, built the same way from what each platform offers. */
import type { KnownPeer } from './messenger.js';

/** A known person before we say how we know them. */
export type PeerIdentity = Omit<KnownPeer, 'source'>;

/** `identity` without empty phone or username fields (platforms send '' for "hidden"). */
function cleaned(identity: PeerIdentity): PeerIdentity {
  return {
    platformUserId: identity.platformUserId,
    ...(identity.phone !== undefined && identity.phone !== '' ? { phone: identity.phone } : {}),
    ...(identity.username !== undefined && identity.username !== '' ? { username: identity.username } : {}),
  };
}

/**
 * Joins dialogs (newest first) and address-book entries into one list: at most `limit` of each, every
 * platform user once, and a person found in both listed as a dialog (a conversation says more than a
 * saved number).
 */
export function mergeKnownPeers(dialogs: Iterable<PeerIdentity>, addressBook: Iterable<PeerIdentity>, limit: number): KnownPeer[] {
  const seen = new Set<string>();
  const result: KnownPeer[] = [];
  const take = (identities: Iterable<PeerIdentity>, source: KnownPeer['source']): void => {
    let taken = 0;
    for (const identity of identities) {
      if (taken >= limit) return;
      if (seen.has(identity.platformUserId)) continue;
      seen.add(identity.platformUserId);
      result.push({ ...cleaned(identity), source });
      taken += 1;
    }
  };
  take(dialogs, 'dialog');
  take(addressBook, 'address_book');
  return result;
}
