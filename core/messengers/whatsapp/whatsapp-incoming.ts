/** Turning Baileys messages into our `IncomingMessage`s, and the bounded memory behind `recentIncoming`. */
import {
  isLidUser,
  isPnUser,
  jidDecode,
  normalizeMessageContent,
  toNumber,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { IncomingMessage } from '../messenger.js';

/** The phone-number user part of a JID (`15551234567` of `15551234567:3@s.whatsapp.net`). */
export function jidUser(jid: string): string {
  return jidDecode(jid)?.user ?? jid.split('@')[0] ?? jid;
}

/**
 * A 1:1 text message another user sent us, or undefined (our own messages, groups, broadcasts,
 * newsletters, media without text, protocol messages).
 * The sender is named by phone number when WhatsApp tells us one (a PN JID, or the PN alternative of a
 * LID-addressed chat), so it matches `ResolvedRecipient.platformUserId`; otherwise by its LID JID.
 */
export function incomingFromWAMessage(message: WAMessage, fallbackNow: () => Date): IncomingMessage | undefined {
  const key = message.key;
  const jid = key.remoteJid ?? undefined;
  if (key.fromMe === true || jid === undefined || key.id == null) return undefined;
  if (!isPnUser(jid) && !isLidUser(jid)) return undefined;
  const content = normalizeMessageContent(message.message);
  const text = content?.conversation ?? content?.extendedTextMessage?.text ?? undefined;
  if (text === undefined || text === '') return undefined;
  const pnJid = isPnUser(jid) ? jid : isPnUser(key.remoteJidAlt) ? key.remoteJidAlt : undefined;
  const seconds = toNumber(message.messageTimestamp);
  return {
    fromPlatformUserId: pnJid !== undefined ? jidUser(pnJid) : jid,
    ...(pnJid !== undefined ? { fromPhone: `+${jidUser(pnJid)}` } : {}),
    text,
    platformMessageId: key.id,
    receivedAt: seconds > 0 ? new Date(seconds * 1000) : fallbackNow(),
  };
}

/** How many incoming messages one connection remembers for `recentIncoming`. */
export const RECENT_INCOMING_LIMIT = 1_000;

/**
 * What arrived since the socket connected, plus what history sync delivered. WhatsApp offers no
 * "messages since" query to a linked device, so this memory is all `recentIncoming` can answer from:
 * it holds the newest `limit` messages and is empty again after a process restart (history sync after
 * a reconnect refills part of it).
 */
export class RecentIncomingBuffer {
  private readonly byId = new Map<string, IncomingMessage>();

  constructor(private readonly limit = RECENT_INCOMING_LIMIT) {}

  /** Remembers `message`; returns false when it was already known (history sync repeats messages). */
  add(message: IncomingMessage): boolean {
    const id = `${message.fromPlatformUserId}/${message.platformMessageId}`;
    if (this.byId.has(id)) return false;
    this.byId.set(id, message);
    if (this.byId.size > this.limit) {
      const oldest = [...this.byId].sort(([, a], [, b]) => a.receivedAt.getTime() - b.receivedAt.getTime())[0];
      if (oldest !== undefined) this.byId.delete(oldest[0]);
    }
    return true;
  }

  since(since: Date): IncomingMessage[] {
    return [...this.byId.values()]
      .filter((message) => message.receivedAt >= since)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }
}
