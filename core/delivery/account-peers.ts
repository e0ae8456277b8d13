/**
 * `account_peers`: whom each sender account already knows (dialogs, address book, our own deliveries), in
 * the `recipient` form of deliveries (`username:<lower-case>` or `phone:<E.164>`), so planning can send to
 * warm recipients first. Only peers that are contacts of the account's owner are kept (same phone, or same
 * username ignoring case): planning looks up nothing else, and the rest of an account's dialogs and address
 * book is data about people our privacy policy never says we collect. Sync only adds or refreshes rows (a
 * dialog that scrolled out of the fetched window stays warm: the account did talk to them); the hourly
 * retention pass removes the rows whose contact was deleted or changed (`deleteOrphanPeers`).
 */
import type { IncomingMessage, KnownPeer } from '../messengers/messenger.js';
import type { Queryable } from './sql.js';

/** How an account came to know a peer; the stored row keeps the strongest one seen. */
export type AccountPeerSource = 'dialog' | 'address_book' | 'delivery';

/** How many dialogs and address-book entries a connect fetches (each). */
export const KNOWN_PEERS_LIMIT = 500;

/** The sender account a peer row belongs to. */
export interface PeerOwner {
  accountId: number;
  userId: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const USERNAME = /^[a-z0-9_]{3,64}$/;

/**
 * The `recipient` keys a known peer matches: its username and its phone, each when present and well-formed.
 * Both, because a Telegram contact may be addressed by either (username when the contact has one).
 */
export function peerKeys(peer: Pick<KnownPeer, 'phone' | 'username'>): string[] {
  const keys: string[] = [];
  const username = peer.username?.replace(/^@/, '').toLowerCase();
  if (username !== undefined && USERNAME.test(username)) keys.push(`username:${username}`);
  // Platforms differ on the '+' (Telegram sends bare digits): keep digits and put it back.
  const phone = peer.phone === undefined ? undefined : `+${peer.phone.replace(/\D/g, '')}`;
  if (phone !== undefined && E164.test(phone)) keys.push(`phone:${phone}`);
  return keys;
}

// A conversation beats our own message to them, which beats a saved number.
const RANK: Record<AccountPeerSource, number> = { address_book: 0, delivery: 1, dialog: 2 };
const RANK_SQL = (column: string): string => `CASE ${column} WHEN 'dialog' THEN 2 WHEN 'delivery' THEN 1 ELSE 0 END`;

/**
 * SQL condition: the peer key `peer` (an SQL expression) names a contact of the user `userId` (an SQL
 * expression) by phone or by username. Two EXISTS, so each uses its unique index on `contacts`.
 */
export function peerIsContactSql(userId: string, peer: string): string {
  return `(EXISTS (SELECT 1 FROM contacts pc WHERE pc.user_id = ${userId} AND left(${peer}, 6) = 'phone:' AND pc.phone = substr(${peer}, 7))
           OR EXISTS (SELECT 1 FROM contacts pc WHERE pc.user_id = ${userId} AND left(${peer}, 9) = 'username:'
                        AND lower(pc.username) = substr(${peer}, 10)))`;
}

/** On conflict: the later `seen_at`, and the stronger source. */
const UPSERT_TAIL = `
  ON CONFLICT (account_id, peer) DO UPDATE SET
    seen_at = greatest(account_peers.seen_at, excluded.seen_at),
    source = CASE WHEN ${RANK_SQL('excluded.source')} > ${RANK_SQL('account_peers.source')}
                  THEN excluded.source ELSE account_peers.source END`;

/**
 * Upserts what the account's messenger reported (`MessengerConnection.knownPeers`) in one statement, keeping
 * only the peers that match one of the owner's contacts (set-based, in the statement itself). Entries with
 * neither a usable phone nor a username are skipped. Returns the number of peer keys written.
 */
export async function syncKnownPeers(db: Queryable, owner: PeerOwner, peers: readonly KnownPeer[], now: Date): Promise<number> {
  const bestByKey = new Map<string, AccountPeerSource>();
  for (const peer of peers) {
    for (const key of peerKeys(peer)) {
      const known = bestByKey.get(key);
      // One statement may not touch a row twice: keep one source per key.
      if (known === undefined || RANK[peer.source] > RANK[known]) bestByKey.set(key, peer.source);
    }
  }
  if (bestByKey.size === 0) return 0;
  const written = await db.query(
    `INSERT INTO account_peers (account_id, user_id, peer, source, seen_at)
     SELECT $1, $2, v.peer, v.source, $5 FROM unnest($3::text[], $4::text[]) AS v(peer, source)
     WHERE ${peerIsContactSql('$2::int', 'v.peer')}
     ${UPSERT_TAIL}`,
    [owner.accountId, owner.userId, [...bestByKey.keys()], [...bestByKey.values()], now],
  );
  return written.rowCount ?? 0;
}

/**
 * Deletes the peers that no longer match any contact of their owner (the contact was deleted, or its phone or
 * username changed), so a deleted contact leaves nothing behind. One statement; returns how many went.
 */
export async function deleteOrphanPeers(db: Queryable): Promise<number> {
  const deleted = await db.query(`DELETE FROM account_peers ap WHERE NOT ${peerIsContactSql('ap.user_id', 'ap.peer')}`);
  return deleted.rowCount ?? 0;
}

/**
 * Marks the recipients of `deliveryIds` warm for the account each went through (`delivery` source): called
 * when deliveries are sent and when a reply matches one. One statement; deliveries without an account, and
 * those whose contact is gone by now, are skipped.
 */
export async function markDeliveryRecipientsWarm(db: Queryable, deliveryIds: readonly number[], now: Date): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db.query(
    `INSERT INTO account_peers (account_id, user_id, peer, source, seen_at)
     SELECT DISTINCT ON (d.account_id, d.recipient) d.account_id, d.user_id, d.recipient, 'delivery', $2::timestamptz
     FROM deliveries d JOIN sender_accounts a ON a.id = d.account_id
     WHERE d.id = ANY ($1::bigint[]) AND ${peerIsContactSql('d.user_id', 'd.recipient')}
     ORDER BY d.account_id, d.recipient
     ${UPSERT_TAIL}`,
    [deliveryIds, now],
  );
}

/**
 * Someone wrote to the account: they have a dialog with it. Records the sender by the phone and username the
 * message carries and, when the message answered one of our deliveries, that delivery's recipient key too
 * (the exact form planning looks up, even when the platform hides the sender's phone).
 */
export async function recordIncomingPeer(
  db: Queryable,
  owner: PeerOwner,
  message: Pick<IncomingMessage, 'fromPlatformUserId' | 'fromPhone' | 'fromUsername'>,
  repliedDeliveryId: number | undefined,
  now: Date,
): Promise<void> {
  const sender: KnownPeer = {
    platformUserId: message.fromPlatformUserId,
    ...(message.fromPhone === undefined ? {} : { phone: message.fromPhone }),
    ...(message.fromUsername === undefined ? {} : { username: message.fromUsername }),
    source: 'dialog',
  };
  await syncKnownPeers(db, owner, [sender], now);
  if (repliedDeliveryId !== undefined) await markDeliveryRecipientsWarm(db, [repliedDeliveryId], now);
}
