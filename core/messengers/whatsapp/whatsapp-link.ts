/**
 * Keeps one Baileys socket alive over one auth state: persists creds, follows `connection.update`, opens
 * a new socket when the server asks for a restart (515, right after pairing) and reconnects with
 * backoff after other drops. Logins and live connections listen to it through a `LinkListener`.
 */
import type { BaileysEventMap, ConnectionState, WAMessage, WAVersion } from '@whiskeysockets/baileys';
import type { RandomSource } from '../../random.js';
import type { AdapterLogger } from '../listeners.js';
import type { WhatsAppAuth } from './whatsapp-auth-state.js';
import { KnownPeerMemory } from './whatsapp-known-peers.js';
import { classifyDisconnect, statusCodeOf } from './whatsapp-errors.js';
import type { BaileysLogger, WhatsAppSocketFactory, WhatsAppSocketLike } from './whatsapp-socket.js';

/** Why a link stopped for good: the platform's word, or credentials we could no longer save. */
export type LinkEnd = 'logged_out' | 'replaced' | 'banned' | 'persist_failed';

export interface LinkListener {
  qr(qr: string, socket: WhatsAppSocketLike): void;
  open(): void;
  /** The socket dropped; the link reconnects by itself after `retryInMs`. */
  dropped(statusCode: number | undefined, retryInMs: number): void;
  ended(reason: LinkEnd): void;
  /** `live`: just arrived (`messages.upsert` notify); `history`: from history sync after linking/reconnecting. */
  messages(messages: readonly WAMessage[], source: 'live' | 'history'): void;
  restricted(until: Date | undefined, reason: string): void;
}

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

export interface WhatsAppLinkDeps {
  auth: WhatsAppAuth;
  socketFactory: WhatsAppSocketFactory;
  logger: BaileysLogger & AdapterLogger;
  version?: WAVersion;
  reconnect: ReconnectPolicy;
  random: RandomSource;
}

type Unsubscribe = () => void;

export class WhatsAppLink {
  listener: LinkListener | undefined;
  /** Who this link has seen, across its sockets and whichever listener is attached (login or connection). */
  readonly peers = new KnownPeerMemory();
  private current: WhatsAppSocketLike | undefined;
  private unsubscribe: Unsubscribe[] = [];
  private stopped = false;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: WhatsAppLinkDeps) {}

  get auth(): WhatsAppAuth {
    return this.deps.auth;
  }

  /** The current socket; throws when the link is stopped or between sockets. */
  get socket(): WhatsAppSocketLike {
    if (this.current === undefined) throw new Error('WhatsApp socket is not connected');
    return this.current;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  async open(): Promise<void> {
    if (this.stopped) return;
    const socket = await this.deps.socketFactory({ auth: this.deps.auth.state, logger: this.deps.logger, version: this.deps.version });
    this.current = socket;
    this.unsubscribe = [
      this.on(socket, 'creds.update', (update) => this.onCreds(update)),
      this.on(socket, 'connection.update', (update) => this.onConnection(socket, update)),
      this.on(socket, 'messages.upsert', ({ messages, type }) => {
        this.peers.addMessages(messages);
        if (type === 'notify') this.listener?.messages(messages, 'live');
      }),
      this.on(socket, 'messaging-history.set', ({ messages, chats }) => {
        this.peers.addChats(chats);
        this.listener?.messages(messages, 'history');
      }),
      this.on(socket, 'chats.upsert', (chats) => this.peers.addChats(chats)),
      this.on(socket, 'contacts.upsert', (contacts) => this.peers.addContacts(contacts)),
      this.on(socket, 'messages.update', (updates) => this.onMessageUpdates(updates)),
    ];
  }

  /** Closes the socket without telling anyone (our own decision: disconnect, cancel, lease lost). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.detach();
    await socket?.end(undefined);
  }

  /** Unlinks the device on WhatsApp's side (best effort), closes, and wipes the stored credentials. */
  async logout(): Promise<void> {
    const socket = this.current;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.detach();
    try {
      await socket?.logout();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'whatsapp logout request failed');
    }
    await this.deps.auth.wipe();
  }

  private on<E extends keyof BaileysEventMap>(
    socket: WhatsAppSocketLike,
    event: E,
    handler: (arg: BaileysEventMap[E]) => void,
  ): Unsubscribe {
    const safe = (arg: BaileysEventMap[E]): void => {
      try {
        handler(arg);
      } catch (error) {
        this.deps.logger.error({ err: error, event }, 'whatsapp event handler failed');
      }
    };
    socket.ev.on(event, safe);
    return () => socket.ev.off(event, safe);
  }

  private detach(): WhatsAppSocketLike | undefined {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const socket = this.current;
    this.current = undefined;
    return socket;
  }

  private onCreds(update: BaileysEventMap['creds.update']): void {
    // Baileys merges the update into the same creds object itself; merging again keeps us independent
    // of listener order.
    Object.assign(this.deps.auth.state.creds, update);
    this.deps.auth.saveCreds().catch((error: unknown) => {
      // Most likely the lease was lost: another worker owns this account now, so this socket must go.
      this.deps.logger.error({ err: error }, 'whatsapp creds could not be saved; closing the socket');
      if (this.stopped) return;
      void this.stop();
      this.listener?.ended('persist_failed');
    });
  }

  private onConnection(socket: WhatsAppSocketLike, update: Partial<ConnectionState>): void {
    if (socket !== this.current) return;
    if (update.qr !== undefined) this.listener?.qr(update.qr, socket);
    if (update.reachoutTimeLock?.isActive === true) {
      this.listener?.restricted(update.reachoutTimeLock.timeEnforcementEnds, 'reachout_timelock');
    }
    if (update.connection === 'open') {
      this.attempts = 0;
      this.listener?.open();
    }
    if (update.connection === 'close') this.onClose(update.lastDisconnect?.error);
  }

  private onClose(error: unknown): void {
    this.detach();
    if (this.stopped) return;
    const decision = classifyDisconnect(error);
    switch (decision) {
      case 'restart':
        this.reopen(0);
        return;
      case 'reconnect': {
        const delay = this.backoff();
        this.listener?.dropped(statusCodeOf(error), delay);
        this.reopen(delay);
        return;
      }
      case 'logged_out':
        this.stopped = true;
        // The credentials are dead: wipe them so nothing retries with them.
        this.deps.auth.wipe().catch((wipeError: unknown) => this.deps.logger.error({ err: wipeError }, 'whatsapp wipe failed'));
        this.listener?.ended(decision);
        return;
      case 'replaced':
      case 'banned':
        this.stopped = true;
        this.listener?.ended(decision);
        return;
    }
  }

  private backoff(): number {
    const { initialDelayMs, maxDelayMs } = this.deps.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** this.attempts);
    this.attempts += 1;
    // Up to 20 % jitter so many accounts dropped by one outage do not reconnect in lockstep.
    return base + this.deps.random.int(0, Math.floor(base / 5));
  }

  private reopen(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.open().catch((error: unknown) => this.onClose(error));
    }, delayMs);
  }

  private onMessageUpdates(updates: BaileysEventMap['messages.update']): void {
    for (const { key, update } of updates) {
      // Error 463 on our own message: WhatsApp stopped this account from starting new chats.
      const parameters: unknown = update.messageStubParameters;
      if (key.fromMe === true && Array.isArray(parameters) && parameters[0] === '463') {
        this.listener?.restricted(undefined, 'whatsapp_463');
      }
    }
  }
}
