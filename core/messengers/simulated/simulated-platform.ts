/**
 * The simulated platform's server side inside this process: sessions, live connections, programmed
 * faults, incoming messages and recipients' replies. Deliveries live in the (possibly shared) ledger;
 * everything else here is per process.
 */
import type { Clock } from '../../clock.js';
import type { RandomSource } from '../../random.js';
import { mergeKnownPeers, type PeerIdentity } from '../known-peers.js';
import {
  MessengerError,
  type AccountProfile,
  type IncomingMessage,
  type KnownPeer,
  type Platform,
} from '../messenger.js';
import { personFor, refFromAddress, type SimulatedPerson } from './simulated-identity.js';
import { randomHex } from './simulated-ids.js';
import type { LedgerEntry, SimulatedLedger } from './simulated-ledger.js';
import type { SimulatedRules } from './simulated-rules.js';
import type { ScheduledTask, SimulatedScheduler } from './simulated-scheduler.js';
import type { SimulatedSession } from './simulated-session.js';

/** A programmed failure of an account's next send. */
export type SimulatedFault =
  | { code: 'FLOOD_WAIT'; waitSeconds: number }
  | { code: 'PEER_FLOOD' | 'TRANSIENT' | 'LOGGED_OUT' | 'BANNED' };

/** QR login behaviour. */
export interface QrSettings {
  /** Lifetime of one QR payload. */
  ttlMs: number;
  /** A new payload is shown this long before the current one expires. */
  refreshLeadMs: number;
  /** New payloads after the first; when the last one expires the login fails with CODE_EXPIRED. */
  refreshes: number;
  /** The phone of the account that "scans" a QR code unless the scan names another. */
  accountPhone: string;
}

/** Everything the simulated platform's parts share, defaults already applied. */
export interface SimulatedSettings {
  platform: Platform;
  clock: Clock;
  random: RandomSource;
  scheduler: SimulatedScheduler;
  ledger: SimulatedLedger;
  rules: SimulatedRules;
  loginCode: string;
  password: string;
  codeTtlMs: number;
  qr: QrSettings;
  /** QR codes and pairing codes are approved by themselves after this delay; undefined: only by control. */
  linkApproveAfterMs: number | undefined;
  replyDelayMs: number;
  /** Added before every platform call; 0 means none. */
  latencyMs: number;
  onHandlerError: (error: unknown) => void;
}

/** What the platform needs from a live connection. */
export interface LiveConnection {
  readonly sessionId: string;
  receive(message: IncomingMessage): Promise<void>;
  sessionEnded(): Promise<void>;
  restricted(reason: string, until?: Date): Promise<void>;
}

/** A QR or pairing-code login waiting for the user's phone. */
export interface PendingLink {
  readonly kind: 'qr' | 'pairing_code';
  /** Payloads or codes the phone may use now. */
  currentValues(): readonly string[];
  approve(phone?: string): Promise<void>;
}

const ANY_ACCOUNT = '*';

export class SimulatedPlatform {
  private readonly sessions = new Map<string, Set<string>>();
  private readonly revoked = new Set<string>();
  private readonly live = new Map<string, Set<LiveConnection>>();
  private readonly faults = new Map<string, SimulatedFault[]>();
  private readonly inboxes = new Map<string, IncomingMessage[]>();
  private readonly addressBooks = new Map<string, Map<string, SimulatedPerson>>();
  readonly links = new Set<PendingLink>();

  constructor(readonly settings: SimulatedSettings) {}

  get platform(): Platform {
    return this.settings.platform;
  }

  /** Issues a new session for `profile`. */
  openSession(profile: AccountProfile): SimulatedSession {
    const session: SimulatedSession = { sessionId: randomHex(this.settings.random, 16), platform: this.platform, profile };
    this.adoptSession(session);
    return session;
  }

  /** Makes a session restored from credentials known here, so revoking its account reaches it. */
  adoptSession(session: SimulatedSession): void {
    const ids = this.sessions.get(session.profile.platformUserId) ?? new Set<string>();
    ids.add(session.sessionId);
    this.sessions.set(session.profile.platformUserId, ids);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  /** Ends one session (a logout) and tells the connections still using it. */
  async endSession(sessionId: string): Promise<void> {
    this.revoked.add(sessionId);
    for (const connections of this.live.values()) {
      for (const connection of [...connections]) if (connection.sessionId === sessionId) await connection.sessionEnded();
    }
  }

  /** Ends every session of `account` (every account when undefined), as a logout from another device does. */
  async revokeAccount(account?: string): Promise<void> {
    const accounts = account === undefined ? [...this.sessions.keys()] : [account];
    for (const id of accounts) for (const sessionId of this.sessions.get(id) ?? []) await this.endSession(sessionId);
  }

  /** The platform restricts `account` (until `until`, or with no end): its live connections report it. */
  async restrictAccount(account: string, reason: string, until?: Date): Promise<void> {
    for (const connection of [...(this.live.get(account) ?? [])]) await connection.restricted(reason, until);
  }

  /** Accounts that have had a session in this process. */
  knownAccounts(): string[] {
    return [...this.sessions.keys()];
  }

  attach(account: string, connection: LiveConnection): void {
    const set = this.live.get(account) ?? new Set<LiveConnection>();
    set.add(connection);
    this.live.set(account, set);
  }

  detach(account: string, connection: LiveConnection): void {
    this.live.get(account)?.delete(connection);
  }

  /** Queues a fault for the next send of `account`, or of whichever account sends next. */
  injectFault(fault: SimulatedFault, account: string = ANY_ACCOUNT): void {
    const queue = this.faults.get(account) ?? [];
    queue.push(fault);
    this.faults.set(account, queue);
  }

  takeFault(account: string): SimulatedFault | undefined {
    return this.faults.get(account)?.shift() ?? this.faults.get(ANY_ACCOUNT)?.shift();
  }

  /** A message from `from` arrives for `account`: kept for `recentIncoming` and pushed to live connections. */
  async deliverIncoming(account: string, from: SimulatedPerson, text: string): Promise<IncomingMessage> {
    const message = this.incoming(from, text, `in-${randomHex(this.settings.random, 8)}`, this.settings.clock.now());
    const inbox = this.inboxes.get(account) ?? [];
    inbox.push(message);
    this.inboxes.set(account, inbox);
    await this.push(account, message);
    return message;
  }

  /** Saves `person` in the address book of `account` (kept in this process, like the inboxes). */
  addToAddressBook(account: string, person: SimulatedPerson): void {
    const book = this.addressBooks.get(account) ?? new Map<string, SimulatedPerson>();
    book.set(person.platformUserId, person);
    this.addressBooks.set(account, book);
  }

  /**
   * Whom `account` knows: dialogs are everyone it exchanged a message with (its sends in the ledger, the
   * messages that reached it here), newest first; then its address book.
   */
  async knownPeers(account: string, limit: number): Promise<KnownPeer[]> {
    const sent = await this.settings.ledger.latestPerRecipient(this.platform, account, limit);
    const talks: { at: number; peer: PeerIdentity | undefined }[] = [
      ...sent.map((entry) => {
        const ref = refFromAddress(this.platform, entry.recipientAddress);
        return { at: entry.sentAt.getTime(), peer: ref && identityOf(personFor(this.platform, ref)) };
      }),
      ...(this.inboxes.get(account) ?? []).map((message) => ({
        at: message.receivedAt.getTime(),
        peer: identityOf({ platformUserId: message.fromPlatformUserId, phone: message.fromPhone, username: message.fromUsername }),
      })),
    ];
    const dialogs = talks.sort((a, b) => b.at - a.at).flatMap(({ peer }) => (peer === undefined ? [] : [peer]));
    const book = [...(this.addressBooks.get(account)?.values() ?? [])].flatMap((person) => identityOf(person) ?? []);
    return mergeKnownPeers(dialogs, book, limit);
  }

  /** Schedules the recipient's answer to a delivery, when the rules say they answer. */
  scheduleReply(entry: LedgerEntry): void {
    const reply = this.replyTo(entry);
    if (!reply) return;
    this.settings.scheduler.schedule(
      this.settings.replyDelayMs,
      this.guard(() => this.push(entry.accountPlatformUserId, reply)),
    );
  }

  /**
   * Messages that reached `account` at or after `since`: delivered ones kept here, plus recipients' answers
   * rebuilt from the ledger, so answers that came while no process held the account are found too.
   */
  async incomingSince(account: string, since: Date): Promise<IncomingMessage[]> {
    const now = this.settings.clock.now().getTime();
    const entries = await this.settings.ledger.list({
      platform: this.platform,
      accountPlatformUserId: account,
      sentSince: new Date(since.getTime() - this.settings.replyDelayMs),
    });
    const replies = entries.map((e) => this.replyTo(e)).filter((m): m is IncomingMessage => m !== undefined);
    return [...(this.inboxes.get(account) ?? []), ...replies]
      .filter((m) => m.receivedAt.getTime() >= since.getTime() && m.receivedAt.getTime() <= now)
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  /** Waits the configured latency on the platform's scheduler. */
  async latency(): Promise<void> {
    const ms = this.settings.latencyMs;
    if (ms > 0) await new Promise<void>((resolve) => this.settings.scheduler.schedule(ms, resolve));
  }

  /** A task whose failure goes to `onHandlerError` instead of becoming an unhandled rejection. */
  guard(task: () => Promise<unknown>): ScheduledTask {
    return async () => {
      try {
        await task();
      } catch (error) {
        this.settings.onHandlerError(error);
      }
    };
  }

  private replyTo(entry: LedgerEntry): IncomingMessage | undefined {
    const ref = refFromAddress(this.platform, entry.recipientAddress);
    const person = ref && personFor(this.platform, ref);
    const text = person && this.settings.rules.reply(person, entry.text);
    if (!person || text === undefined) return undefined;
    return this.incoming(person, text, `reply-${entry.id}`, new Date(entry.sentAt.getTime() + this.settings.replyDelayMs));
  }

  private incoming(from: SimulatedPerson, text: string, platformMessageId: string, receivedAt: Date): IncomingMessage {
    return {
      fromPlatformUserId: from.platformUserId,
      ...(from.phone === undefined ? {} : { fromPhone: from.phone }),
      ...(from.username === undefined ? {} : { fromUsername: from.username }),
      text,
      platformMessageId,
      receivedAt,
    };
  }

  private async push(account: string, message: IncomingMessage): Promise<void> {
    for (const connection of [...(this.live.get(account) ?? [])]) await connection.receive(message);
  }
}

/** The port's view of a simulated person (without the opaque address). */
function identityOf(
  person: { platformUserId: string; phone?: string | undefined; username?: string | undefined } | undefined,
): PeerIdentity | undefined {
  if (person === undefined) return undefined;
  return {
    platformUserId: person.platformUserId,
    ...(person.phone === undefined ? {} : { phone: person.phone }),
    ...(person.username === undefined ? {} : { username: person.username }),
  };
}

/** The error a programmed fault stands for. */
export function faultError(fault: SimulatedFault): MessengerError {
  return fault.code === 'FLOOD_WAIT'
    ? new MessengerError('FLOOD_WAIT', `simulated flood wait of ${fault.waitSeconds} s`, fault.waitSeconds)
    : new MessengerError(fault.code, `simulated ${fault.code}`);
}
