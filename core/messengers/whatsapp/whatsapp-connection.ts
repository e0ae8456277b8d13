/**
 * A live, linked WhatsApp device behind the messenger port.
 *
 * Sending the same message id twice, as read in Baileys 7.0.0-rc14 (`Socket/messages-send.js`):
 * `sendMessage(jid, content, { messageId })` passes our id straight into `relayMessage`, which neither
 * remembers nor checks ids: it encrypts the content again for every device of the recipient and writes
 * a new `<message id=…>` stanza with the same id. `sendMessage` resolves once the stanza is written to
 * the socket, not when the server acknowledges it; the server's answer arrives later as an `ack` node,
 * and only errors are surfaced (`messages.update` with status ERROR, `handleBadAck`). There is no
 * "already sent" answer. Recipients' apps key messages by (chat, sender, id), so a second stanza with
 * the same id is, at best, collapsed into the first; Baileys gives no way to confirm that.
 * Our guard therefore has two layers: (1) the caller stores the id before sending and reuses it on
 * every retry (never a fresh id), so any duplicate the platform sees carries the same key; (2) this
 * connection remembers the ids it sent successfully and answers a repeat with `duplicate: true`
 * without resending. (2) is knowledge we really have; after a process restart we cannot know, and
 * `duplicate` is false.
 */
import { jidEncode, type WAMessage } from '@whiskeysockets/baileys';
import type { Clock } from '../../clock.js';
import {
  MessengerError,
  type AccountProfile,
  type ConnectionEvent,
  type IncomingMessage,
  type KnownPeer,
  type MessengerConnection,
  type RecipientRef,
  type ResolvedRecipient,
  type SendResult,
} from '../messenger.js';
import { ListenerSet, type AdapterLogger } from '../listeners.js';
import { translateWhatsAppError } from './whatsapp-errors.js';
import { RecentIncomingBuffer, incomingFromWAMessage, jidUser } from './whatsapp-incoming.js';
import type { LinkEnd, LinkListener, WhatsAppLink } from './whatsapp-link.js';

/** How many sent message ids one connection remembers to answer repeats with `duplicate: true`. */
export const SENT_ID_MEMORY = 10_000;

export class WhatsAppConnection implements MessengerConnection, LinkListener {
  readonly platform = 'whatsapp';
  private readonly incoming: ListenerSet<IncomingMessage>;
  private readonly events: ListenerSet<ConnectionEvent>;
  private readonly recent = new RecentIncomingBuffer();
  private readonly sentIds = new Map<string, SendResult>();
  private state: 'live' | 'dropped' | 'logged_out' | 'closed' = 'live';

  constructor(
    readonly profile: AccountProfile,
    private readonly link: WhatsAppLink,
    private readonly clock: Clock,
    private readonly logger: AdapterLogger,
  ) {
    const report = (error: unknown): void => this.logger.error({ err: error }, 'whatsapp listener failed');
    this.incoming = new ListenerSet(report);
    this.events = new ListenerSet(report);
    link.listener = this;
  }

  async resolveRecipient(ref: RecipientRef): Promise<ResolvedRecipient> {
    this.assertUsable();
    // WhatsApp has no public usernames: a username can never name a WhatsApp recipient.
    if (ref.kind === 'username') throw new MessengerError('RECIPIENT_NOT_FOUND', 'WhatsApp has no usernames');
    const digits = ref.phone.replace(/\D/g, '');
    let found: { jid: string; exists: boolean }[] | undefined;
    try {
      found = await this.link.socket.onWhatsApp(jidEncode(digits, 's.whatsapp.net'));
    } catch (error) {
      throw translateWhatsAppError(error);
    }
    const hit = found?.find((entry) => entry.exists);
    if (hit === undefined) throw new MessengerError('RECIPIENT_NOT_FOUND', 'This number is not on WhatsApp');
    return { address: hit.jid, platformUserId: jidUser(hit.jid) };
  }

  async sendText(to: ResolvedRecipient, text: string, clientMessageId: string): Promise<SendResult> {
    this.assertUsable();
    const earlier = this.sentIds.get(clientMessageId);
    if (earlier !== undefined) return { ...earlier, duplicate: true };
    let sent;
    try {
      sent = await this.link.socket.sendMessage(to.address, { text }, { messageId: clientMessageId });
    } catch (error) {
      throw translateWhatsAppError(error);
    }
    const result: SendResult = {
      platformMessageId: sent?.key.id ?? clientMessageId,
      duplicate: false,
      sentAt: this.clock.now(),
    };
    this.rememberSent(clientMessageId, result);
    this.link.peers.addDialog(to.address);
    return result;
  }

  onIncoming(handler: (message: IncomingMessage) => void | Promise<void>): () => void {
    return this.incoming.add(handler);
  }

  onEvent(handler: (event: ConnectionEvent) => void | Promise<void>): () => void {
    return this.events.add(handler);
  }

  async recentIncoming(since: Date): Promise<IncomingMessage[]> {
    return this.recent.since(since);
  }

  async knownPeers(limit: number): Promise<KnownPeer[]> {
    this.assertUsable();
    return this.link.peers.list(limit, this.profile.platformUserId);
  }

  async disconnect(): Promise<void> {
    if (this.state === 'closed') return;
    this.close();
    await this.link.stop();
  }

  async logout(): Promise<void> {
    if (this.state === 'closed') return;
    this.close();
    await this.link.logout();
  }

  // ---- LinkListener -------------------------------------------------------------------------------

  qr(): void {
    // A linked device never shows a QR; one here means WhatsApp forgot us, and the 401 close follows.
  }

  open(): void {
    if (this.state !== 'dropped') return;
    this.state = 'live';
    this.events.emit({ type: 'reconnected' });
  }

  dropped(): void {
    if (this.state !== 'live') return;
    this.state = 'dropped';
    this.events.emit({ type: 'disconnected', willReconnect: true });
  }

  ended(reason: LinkEnd): void {
    if (this.state === 'closed' || this.state === 'logged_out') return;
    switch (reason) {
      case 'logged_out':
        this.state = 'logged_out';
        this.events.emit({ type: 'logged_out' });
        return;
      case 'banned':
        this.state = 'closed';
        this.events.emit({ type: 'restricted', reason: 'banned' });
        this.events.emit({ type: 'disconnected', willReconnect: false });
        return;
      case 'replaced':
      case 'persist_failed':
        this.state = 'closed';
        this.events.emit({ type: 'disconnected', willReconnect: false });
        return;
    }
  }

  messages(messages: readonly WAMessage[], source: 'live' | 'history'): void {
    for (const raw of messages) {
      const message = incomingFromWAMessage(raw, () => this.clock.now());
      if (message === undefined || !this.recent.add(message)) continue;
      // History sync brings what arrived while we were away: that is `recentIncoming`'s job, so only
      // live messages reach the handlers (and a message seen twice reaches them once).
      if (source === 'live' && this.state !== 'closed') this.incoming.emit(message);
    }
  }

  restricted(until: Date | undefined, reason: string): void {
    this.events.emit({ type: 'restricted', reason, ...(until !== undefined ? { until } : {}) });
  }

  // ---- internals ----------------------------------------------------------------------------------

  private assertUsable(): void {
    if (this.state === 'logged_out') throw new MessengerError('LOGGED_OUT', 'WhatsApp logged this device out');
    if (this.state === 'closed') throw new MessengerError('TRANSIENT', 'This WhatsApp connection is closed');
  }

  private close(): void {
    this.state = 'closed';
    this.incoming.clear();
    this.events.clear();
  }

  private rememberSent(id: string, result: SendResult): void {
    this.sentIds.set(id, result);
    if (this.sentIds.size > SENT_ID_MEMORY) {
      const oldest = this.sentIds.keys().next();
      if (oldest.done !== true) this.sentIds.delete(oldest.value);
    }
  }
}
