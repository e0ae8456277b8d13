import { ValidationError } from '../../errors.js';
import {
  MessengerError,
  type AccountProfile,
  type ConnectionEvent,
  type IncomingMessage,
  type KnownPeer,
  type MessengerConnection,
  type Platform,
  type RecipientRef,
  type ResolvedRecipient,
  type SendResult,
} from '../messenger.js';
import { personFor, refFromAddress } from './simulated-identity.js';
import { isClientMessageId } from './simulated-ids.js';
import { faultError, type LiveConnection, type SimulatedPlatform } from './simulated-platform.js';
import type { RecipientFate } from './simulated-rules.js';
import type { SimulatedSession } from './simulated-session.js';

type Handler<T> = (value: T) => void | Promise<void>;

/** One live session of an account on the simulated platform. */
export class SimulatedConnection implements MessengerConnection, LiveConnection {
  readonly platform: Platform;
  readonly profile: AccountProfile;
  readonly sessionId: string;
  private state: 'live' | 'closed' | 'logged_out' = 'live';
  private readonly incomingHandlers = new Set<Handler<IncomingMessage>>();
  private readonly eventHandlers = new Set<Handler<ConnectionEvent>>();

  constructor(
    private readonly world: SimulatedPlatform,
    session: SimulatedSession,
  ) {
    this.platform = world.platform;
    this.profile = session.profile;
    this.sessionId = session.sessionId;
    world.attach(this.account, this);
  }

  private get account(): string {
    return this.profile.platformUserId;
  }

  async resolveRecipient(ref: RecipientRef): Promise<ResolvedRecipient> {
    await this.world.latency();
    this.ensureUsable();
    const person = personFor(this.platform, ref);
    if (!person || this.world.settings.rules.recipientFate(ref).kind === 'not_found') {
      throw new MessengerError('RECIPIENT_NOT_FOUND', `no ${this.platform} user for this ${ref.kind}`);
    }
    const name = person.username ?? person.phone;
    return { address: person.address, platformUserId: person.platformUserId, ...(name ? { displayName: name } : {}) };
  }

  async sendText(to: ResolvedRecipient, text: string, clientMessageId: string): Promise<SendResult> {
    if (!isClientMessageId(this.platform, clientMessageId)) {
      throw new ValidationError(`not a ${this.platform} client message id: ${clientMessageId}`);
    }
    await this.world.latency();
    this.ensureUsable();
    const fault = this.world.takeFault(this.account);
    if (fault) {
      if (fault.code === 'LOGGED_OUT') await this.world.revokeAccount(this.account);
      throw faultError(fault);
    }
    const ref = refFromAddress(this.platform, to.address);
    const person = ref && personFor(this.platform, ref);
    if (!ref || !person || person.platformUserId !== to.platformUserId) {
      throw new MessengerError('RECIPIENT_NOT_FOUND', 'address was not issued by this platform');
    }
    const fate = this.world.settings.rules.recipientFate(ref);
    if (fate.kind !== 'ok') throw fateError(fate);
    const { entry, duplicate } = await this.world.settings.ledger.record({
      platform: this.platform,
      accountPlatformUserId: this.account,
      clientMessageId,
      recipientPlatformUserId: person.platformUserId,
      recipientAddress: person.address,
      text,
      sentAt: this.world.settings.clock.now(),
    });
    if (!duplicate) this.world.scheduleReply(entry);
    return { platformMessageId: entry.id, duplicate, sentAt: entry.sentAt };
  }

  onIncoming(handler: Handler<IncomingMessage>): () => void {
    this.incomingHandlers.add(handler);
    return () => void this.incomingHandlers.delete(handler);
  }

  onEvent(handler: Handler<ConnectionEvent>): () => void {
    this.eventHandlers.add(handler);
    return () => void this.eventHandlers.delete(handler);
  }

  async recentIncoming(since: Date): Promise<IncomingMessage[]> {
    await this.world.latency();
    this.ensureUsable();
    return this.world.incomingSince(this.account, since);
  }

  async knownPeers(limit: number): Promise<KnownPeer[]> {
    await this.world.latency();
    this.ensureUsable();
    return this.world.knownPeers(this.account, limit);
  }

  async disconnect(): Promise<void> {
    this.close('closed');
  }

  async logout(): Promise<void> {
    if (this.state === 'live') this.close('closed');
    await this.world.endSession(this.sessionId);
  }

  /** Called by the platform: a message for this account arrived. */
  async receive(message: IncomingMessage): Promise<void> {
    if (this.state === 'live') await this.emit(this.incomingHandlers, message);
  }

  /** Called by the platform: the session was ended elsewhere. */
  async sessionEnded(): Promise<void> {
    if (this.state !== 'live') return;
    this.close('logged_out');
    await this.emit(this.eventHandlers, { type: 'logged_out' });
  }

  /** Called by the platform: the account was restricted (a ban, a time lock). */
  async restricted(reason: string, until?: Date): Promise<void> {
    if (this.state === 'live') await this.emit(this.eventHandlers, { type: 'restricted', reason, ...(until ? { until } : {}) });
  }

  private ensureUsable(): void {
    if (this.state === 'logged_out' || this.world.isRevoked(this.sessionId)) {
      throw new MessengerError('LOGGED_OUT', 'the session was ended');
    }
    // A closed connection is our own doing, not the platform's: reconnecting (restore) fixes it.
    if (this.state === 'closed') throw new MessengerError('TRANSIENT', 'the connection is closed');
  }

  private close(state: 'closed' | 'logged_out'): void {
    this.state = state;
    this.world.detach(this.account, this);
  }

  private async emit<T>(handlers: Set<Handler<T>>, value: T): Promise<void> {
    for (const handler of [...handlers]) {
      try {
        await handler(value);
      } catch (error) {
        this.world.settings.onHandlerError(error);
      }
    }
  }
}

function fateError(fate: Exclude<RecipientFate, { kind: 'ok' }>): MessengerError {
  switch (fate.kind) {
    case 'not_found':
      return new MessengerError('RECIPIENT_NOT_FOUND', 'recipient does not exist');
    case 'privacy_restricted':
      return new MessengerError('PRIVACY_RESTRICTED', "the recipient's privacy settings refuse messages from us");
    case 'send_error':
      return new MessengerError(fate.code, `simulated ${fate.code} for this recipient`, fate.waitSeconds);
  }
}
