import { systemClock, type Clock } from '../../clock.js';
import { ValidationError } from '../../errors.js';
import { cryptoRandom, type RandomSource } from '../../random.js';
import {
  MessengerError,
  type AccountProfile,
  type CredentialStore,
  type IncomingMessage,
  type LoginContext,
  type LoginFlow,
  type LoginRequest,
  type MessengerConnection,
  type MessengerDriver,
  type Platform,
  type RecipientRef,
} from '../messenger.js';
import { SimulatedConnection } from './simulated-connection.js';
import { accountProfileFor, isE164, personFor, userIdForPhone, type SimulatedPerson } from './simulated-identity.js';
import { newClientMessageId } from './simulated-ids.js';
import { MemorySimulatedLedger, type SimulatedLedger } from './simulated-ledger.js';
import { SimulatedLoginFlow } from './simulated-login.js';
import { SimulatedPlatform, type QrSettings, type SimulatedFault } from './simulated-platform.js';
import { DEFAULT_REPLY_SETTINGS, defaultRules, type ReplySettings, type SimulatedRules } from './simulated-rules.js';
import { realScheduler, type SimulatedScheduler } from './simulated-scheduler.js';
import { readSession, writeSession } from './simulated-session.js';

/** The login code every simulated account receives (a sandbox shows it "as the app would"). */
export const SIMULATED_LOGIN_CODE = '12345';
/** The 2FA password of every simulated account that has one. */
export const SIMULATED_PASSWORD = 'secret';

export interface SimulatedDriverOptions {
  clock?: Clock;
  random?: RandomSource;
  /** Drives reply delays, QR refreshes, auto-approval and latency; `ManualScheduler` in tests. */
  scheduler?: SimulatedScheduler;
  /** Where deliveries are recorded; `PgSimulatedLedger` to count them across processes. Default: in memory. */
  ledger?: SimulatedLedger;
  loginCode?: string;
  password?: string;
  /** Lifetime of login codes and pairing codes; default 5 minutes. */
  codeTtlMs?: number;
  qr?: Partial<QrSettings>;
  /** QR and pairing codes get approved by themselves after this delay; default: only through `control`. */
  linkApproveAfterMs?: number;
  /** `false` makes every recipient silent. */
  replies?: false | Partial<ReplySettings>;
  /** Replaces single rules of the defaults (see `simulated-rules.ts`). */
  rules?: Partial<SimulatedRules>;
  /** Delay added to every platform call; default 0 (benchmarks need the raw speed). */
  latencyMs?: number;
  /**
   * Receives errors thrown by `onIncoming`/`onEvent`/`onStep` handlers the platform called on its own.
   * Default: rethrown as an uncaught exception, as an EventEmitter without an error listener would.
   */
  onHandlerError?: (error: unknown) => void;
}

/** Levers for tests, benchmarks and the sandbox: what the platform's side would do. */
export interface SimulatedControl {
  readonly loginCode: string;
  readonly password: string;
  readonly ledger: SimulatedLedger;
  /** The platform user id the account registered with `phone` gets. */
  accountIdForPhone(phone: string): string;
  /**
   * Stores credentials of a fresh session for `phone` as if its login had just finished (seeding many
   * accounts for benchmarks and e2e tests); `restore(credentials)` then connects it.
   */
  seedSession(phone: string, credentials: CredentialStore): Promise<AccountProfile>;
  /** The next send of `accountPlatformUserId` (of any account when omitted) fails with `fault`. */
  injectFault(fault: SimulatedFault, accountPlatformUserId?: string): void;
  /**
   * A message from `from` (a platform user id or a reference) arrives for `toAccount`, or for every
   * account that had a session in this process when omitted.
   */
  deliverIncoming(from: string | RecipientRef, text: string, toAccount?: string): Promise<IncomingMessage[]>;
  /**
   * Saves `contact` in the address book of the account `accountPlatformUserId` (what `knownPeers` lists
   * as `address_book`). @throws MessengerError RECIPIENT_NOT_FOUND when `contact` names nobody here.
   */
  addToAddressBook(accountPlatformUserId: string, contact: RecipientRef): void;
  /** Ends the sessions of `accountPlatformUserId` (of every account when omitted) from the platform side. */
  revokeSessions(accountPlatformUserId?: string): Promise<void>;
  /**
   * The platform restricts `accountPlatformUserId` until `until` (with no end when omitted): its live
   * connections raise a `restricted` event. Sending stays possible here; the engine must stop by itself.
   */
  restrict(accountPlatformUserId: string, reason: string, until?: Date): Promise<void>;
  /** QR payloads and pairing codes that a phone could use now. */
  pendingLinks(): { kind: 'qr' | 'pairing_code'; values: readonly string[] }[];
  /** A phone scans `payload` (or types a pairing code); `phone` picks the account, default `qr.accountPhone`. */
  approveLink(value: string, phone?: string): Promise<boolean>;
  /** Approves every pending QR and pairing-code login; returns how many. */
  approvePendingLinks(phone?: string): Promise<number>;
}

export interface SimulatedDriver extends MessengerDriver {
  readonly control: SimulatedControl;
}

function rethrow(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}

/** A `MessengerDriver` for a simulated Telegram or WhatsApp that behaves like the real one at the port. */
export function createSimulatedDriver(platform: Platform, options: SimulatedDriverOptions = {}): SimulatedDriver {
  const replies = options.replies === false ? false : { ...DEFAULT_REPLY_SETTINGS, ...options.replies };
  const ledger = options.ledger ?? new MemorySimulatedLedger();
  const world = new SimulatedPlatform({
    platform,
    clock: options.clock ?? systemClock,
    random: options.random ?? cryptoRandom,
    scheduler: options.scheduler ?? realScheduler,
    ledger,
    rules: { ...defaultRules(platform, replies), ...options.rules },
    loginCode: options.loginCode ?? SIMULATED_LOGIN_CODE,
    password: options.password ?? SIMULATED_PASSWORD,
    codeTtlMs: options.codeTtlMs ?? 5 * 60_000,
    qr: {
      ttlMs: platform === 'telegram' ? 30_000 : 60_000,
      refreshLeadMs: 2_000,
      refreshes: 5,
      accountPhone: '+15550100001',
      ...options.qr,
    },
    linkApproveAfterMs: options.linkApproveAfterMs,
    replyDelayMs: replies === false ? 0 : replies.delayMs,
    latencyMs: options.latencyMs ?? 0,
    onHandlerError: options.onHandlerError ?? rethrow,
  });

  const sender = (from: string | RecipientRef): SimulatedPerson => {
    if (typeof from !== 'string') {
      const person = personFor(platform, from);
      if (!person) throw new MessengerError('RECIPIENT_NOT_FOUND', 'no such sender on the simulated platform');
      return person;
    }
    return platform === 'whatsapp'
      ? { platformUserId: from, address: `${from}@s.whatsapp.net`, phone: `+${from}` }
      : { platformUserId: from, address: '' };
  };

  const approve = async (links: SimulatedLoginFlow[], phone?: string): Promise<number> => {
    for (const link of links) await link.approve(phone);
    return links.length;
  };
  const pending = (): SimulatedLoginFlow[] => [...world.links].filter((l) => l instanceof SimulatedLoginFlow);

  const control: SimulatedControl = {
    loginCode: world.settings.loginCode,
    password: world.settings.password,
    ledger,
    accountIdForPhone: (phone) => userIdForPhone(platform, phone),
    seedSession: async (phone, credentials) => {
      if (!isE164(phone)) throw new ValidationError(`not an E.164 phone: ${phone}`);
      const session = world.openSession(accountProfileFor(platform, phone));
      await writeSession(credentials, session);
      return session.profile;
    },
    injectFault: (fault, account) => world.injectFault(fault, account),
    deliverIncoming: async (from, text, toAccount) => {
      const person = sender(from);
      const accounts = toAccount === undefined ? world.knownAccounts() : [toAccount];
      const delivered: IncomingMessage[] = [];
      for (const account of accounts) delivered.push(await world.deliverIncoming(account, person, text));
      return delivered;
    },
    addToAddressBook: (account, contact) => {
      const person = personFor(platform, contact);
      if (!person) throw new MessengerError('RECIPIENT_NOT_FOUND', 'no such person on the simulated platform');
      world.addToAddressBook(account, person);
    },
    revokeSessions: (account) => world.revokeAccount(account),
    restrict: (account, reason, until) => world.restrictAccount(account, reason, until),
    pendingLinks: () => pending().map((l) => ({ kind: l.kind, values: l.currentValues() })),
    approveLink: async (value, phone) => (await approve(pending().filter((l) => l.currentValues().includes(value)), phone)) > 0,
    approvePendingLinks: (phone) => approve(pending(), phone),
  };

  return {
    platform,
    control,
    startLogin: (request: LoginRequest, context: LoginContext): Promise<LoginFlow> =>
      SimulatedLoginFlow.start(world, request, context),
    async restore(credentials: CredentialStore): Promise<MessengerConnection> {
      await world.latency();
      const session = await readSession(credentials);
      if (!session || session.platform !== platform || world.isRevoked(session.sessionId)) {
        throw new MessengerError('LOGGED_OUT', 'no valid simulated session in the credentials');
      }
      world.adoptSession(session);
      return new SimulatedConnection(world, session);
    },
    newClientMessageId: () => newClientMessageId(platform, world.settings.random),
  };
}
