/**
 * The bounded memory behind WhatsApp's `knownPeers`. Baileys 7 keeps no store and a linked device cannot
 * ask for its chat list, so this holds what the socket told us since it was created: chats from history
 * sync (`messaging-history.set`) and `chats.upsert`, the address book from `contacts.upsert` (app-state
 * contact actions), and the people of 1:1 messages either way. It is empty again after a process restart.
 */
import { isLidUser, isPnUser, toNumber, type Chat, type Contact, type WAMessage } from '@whiskeysockets/baileys';
import { mergeKnownPeers, type PeerIdentity } from '../known-peers.js';
import type { KnownPeer } from '../messenger.js';
import { jidUser } from './whatsapp-incoming.js';

/** How many dialogs, and separately address-book entries, one link remembers. */
export const KNOWN_PEER_MEMORY = 5_000;

/**
 * The person behind a 1:1 chat JID, named by phone number (what deliveries use). A LID-addressed chat
 * counts only when WhatsApp also gave its phone-number JID; groups, broadcasts and newsletters never.
 */
export function peerOfJid(jid: string | null | undefined, pnAlternative?: string | null): PeerIdentity | undefined {
  const pn = isPnUser(jid ?? undefined) ? jid : isLidUser(jid ?? undefined) && isPnUser(pnAlternative ?? undefined) ? pnAlternative : undefined;
  if (pn === undefined || pn === null) return undefined;
  const user = jidUser(pn);
  return { platformUserId: user, phone: `+${user}` };
}

/** Newest last: a Map keeps insertion order, so re-adding moves a peer to the end. */
class RecentPeers {
  private readonly byId = new Map<string, PeerIdentity>();

  constructor(private readonly limit: number) {}

  add(peer: PeerIdentity | undefined): void {
    if (peer === undefined) return;
    this.byId.delete(peer.platformUserId);
    this.byId.set(peer.platformUserId, peer);
    if (this.byId.size > this.limit) {
      const oldest = this.byId.keys().next();
      if (oldest.done !== true) this.byId.delete(oldest.value);
    }
  }

  newestFirst(skip: string): PeerIdentity[] {
    return [...this.byId.values()].reverse().filter((peer) => peer.platformUserId !== skip);
  }
}

export class KnownPeerMemory {
  private readonly dialogs: RecentPeers;
  private readonly addressBook: RecentPeers;

  constructor(limit = KNOWN_PEER_MEMORY) {
    this.dialogs = new RecentPeers(limit);
    this.addressBook = new RecentPeers(limit);
  }

  /** Chats from history sync or `chats.upsert`, remembered in the order of their last activity. */
  addChats(chats: readonly Chat[]): void {
    const byTime = [...chats].sort((a, b) => toNumber(a.conversationTimestamp) - toNumber(b.conversationTimestamp));
    for (const chat of byTime) this.dialogs.add(peerOfJid(chat.id, chat.pnJid));
  }

  /** Saved contacts (`contacts.upsert`). */
  addContacts(contacts: readonly Contact[]): void {
    for (const contact of contacts) this.addressBook.add(peerOfJid(contact.id, contact.phoneNumber));
  }

  /** The other side of every 1:1 message, sent or received. */
  addMessages(messages: readonly WAMessage[]): void {
    for (const message of messages) this.dialogs.add(peerOfJid(message.key.remoteJid, message.key.remoteJidAlt));
  }

  /** We just wrote to `jid`. */
  addDialog(jid: string): void {
    this.dialogs.add(peerOfJid(jid));
  }

  /** The `knownPeers` answer, without the account itself (its "message yourself" chat). */
  list(limit: number, selfId: string): KnownPeer[] {
    return mergeKnownPeers(this.dialogs.newestFirst(selfId), this.addressBook.newestFirst(selfId), limit);
  }
}
