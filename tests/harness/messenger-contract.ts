/**
 * The messenger port's contract: one suite that every `MessengerDriver` (simulated, GramJS, Baileys with
 * their library objects mocked) must pass. An adapter's test calls
 * `describeMessengerContract('telegram (GramJS, mocked)', makeEnv, telegramTraits)`.
 *
 * Every test gets a fresh `ContractEnv` (one small "platform world" with its own credential store); the
 * suite logs in at most one account per test, so the world controls act on "the" account of the env.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MessengerError,
  type CredentialStore,
  type IncomingMessage,
  type KnownPeer,
  type LoginFlow,
  type LoginMethod,
  type LoginStep,
  type MessengerConnection,
  type MessengerDriver,
  type MessengerErrorCode,
  type RecipientRef,
} from '../../core/messengers/messenger.js';

/** Send errors the suite injects through `ContractEnv.injectSendError`. */
export type InjectableSendErrorCode = Extract<MessengerErrorCode, 'FLOOD_WAIT' | 'PEER_FLOOD' | 'TRANSIENT'>;

/** One message as the platform received it. */
export interface PlatformSentMessage {
  /** Platform user id of the recipient (what `ResolvedRecipient.platformUserId` says). */
  toPlatformUserId: string;
  text: string;
}

/** What the platform supports; decides which tests are registered (fixed per platform, not per test). */
export interface ContractTraits {
  loginMethods: readonly LoginMethod[];
  /** Accounts can have a 2FA password (`password_required` step). */
  twoFactor: boolean;
  /** The platform refuses some recipients for their privacy settings (`PRIVACY_RESTRICTED`). */
  privacyRestriction: boolean;
  /**
   * The platform says how long a flood wait lasts (Telegram's FLOOD_WAIT_X). When false the adapter
   * chooses the wait itself and the suite only requires a positive `waitSeconds`. Default true.
   */
  floodWaitSeconds?: boolean;
  /** The platform has an answer that maps to `PEER_FLOOD` (Telegram's spam limit). Default true. */
  peerFlood?: boolean;
}

export const telegramTraits: ContractTraits = {
  loginMethods: ['phone_code', 'qr'],
  twoFactor: true,
  privacyRestriction: true,
};

export const whatsappTraits: ContractTraits = {
  loginMethods: ['qr', 'pairing_code'],
  twoFactor: false,
  privacyRestriction: false,
  // WhatsApp answers a rate limit with a bare 429 ("rate-overlimit") and has no separate spam-limit answer.
  floodWaitSeconds: false,
  peerFlood: false,
};

/** A fresh platform world for one test, built by the adapter's test. */
export interface ContractEnv {
  driver: MessengerDriver;
  /** Empty store the suite logs in with. */
  credentials: CredentialStore;
  /** Phone (E.164) of an account without 2FA: used by `phone_code` and `pairing_code` logins. */
  accountPhone: string;
  /** The code the platform "sends" for a `phone_code` login (required when the traits list it). */
  validCode?: string;
  /** Phone of an account protected by `password` (required when `traits.twoFactor`). */
  twoFactorPhone?: string;
  password?: string;
  recipients: {
    existing: RecipientRef;
    missing: RecipientRef;
    /** Required when `traits.privacyRestriction`; refused at resolve or at send. */
    privacyRestricted?: RecipientRef;
    /** Another person who exists, can be written to, and is put in the address book by `addToAddressBook`. */
    saved: RecipientRef;
  };
  /** `recipients.saved` is saved in the logged-in account's address book (on the platform, or on the phone). */
  addToAddressBook(): void | Promise<void>;
  /** The user scans the current QR code, or types the current pairing code, on their phone. */
  approveLink(): Promise<void>;
  /**
   * The next send of the account fails with the platform's own answer for this error (`waitSeconds` for
   * FLOOD_WAIT where the platform states one). PEER_FLOOD is only asked for when `traits.peerFlood`.
   */
  injectSendError(code: InjectableSendErrorCode, waitSeconds?: number): void | Promise<void>;
  /** A message from `fromPlatformUserId` arrives for the account. */
  deliverIncoming(fromPlatformUserId: string, text: string): void | Promise<void>;
  /** Every message the platform accepted for delivery, oldest first. */
  sentMessages(): Promise<readonly PlatformSentMessage[]>;
  /** The account's sessions are ended from the platform side (user logged out elsewhere). */
  revokeSession(): void | Promise<void>;
  /** Releases whatever the env holds (timers, clients). */
  dispose?(): Promise<void>;
}

const STEP_TIMEOUT_MS = 5_000;
type StepOf<T extends LoginStep['type']> = Extract<LoginStep, { type: T }>;

/** Collects login steps and waits for them in order. */
class StepRecorder {
  readonly steps: LoginStep[] = [];
  private cursor = 0;
  private wake: (() => void) | undefined;

  readonly onStep = (step: LoginStep): void => {
    this.steps.push(step);
    this.wake?.();
  };

  /** The first step of `type` after the previously awaited one; fails early on a `failed` step. */
  async next<T extends LoginStep['type']>(type: T): Promise<StepOf<T>> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      while (this.cursor < this.steps.length) {
        const step = this.steps[this.cursor++]!;
        if (step.type === type) return step as StepOf<T>;
        if (step.type === 'failed') throw new Error(`login failed while waiting for ${type}: ${step.error.code}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} step; saw ${this.steps.map((s) => s.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ContractEnv.${what} is required by these traits`);
  return value;
}

/** A code of the same length that differs in every digit. */
function wrongCodeFor(code: string): string {
  return code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

async function rejectionOf(promise: Promise<unknown>): Promise<MessengerError> {
  const outcome = await promise.then(
    () => new Error('expected a MessengerError, but the call succeeded'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(MessengerError);
  return outcome as MessengerError;
}

/** Whether `peer` is the person `ref` names (phones in E.164, usernames without `@` or case). */
function names(peer: KnownPeer, ref: RecipientRef): boolean {
  return ref.kind === 'phone' ? peer.phone === ref.phone : peer.username?.toLowerCase() === ref.username.replace(/^@/, '').toLowerCase();
}

/** Calls `read` until `done` holds for its answer (platform events may arrive a tick later); returns that answer. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  await vi.waitFor(
    async () => {
      last = await read();
      expect(done(last)).toBe(true);
    },
    { timeout: STEP_TIMEOUT_MS },
  );
  return last as T;
}

/** Time for an adapter to emit anything it (wrongly) still would. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * Registers the messenger contract suite for one driver.
 * @param name shown in the test report
 * @param makeEnv builds a fresh platform world; called once per test
 * @param traits what the platform supports (`telegramTraits`, `whatsappTraits`)
 */
export function describeMessengerContract(
  name: string,
  makeEnv: () => ContractEnv | Promise<ContractEnv>,
  traits: ContractTraits,
): void {
  describe(`messenger contract: ${name}`, () => {
    const envs: ContractEnv[] = [];
    const live = new Set<MessengerConnection>();

    afterEach(async () => {
      for (const connection of live) await connection.disconnect();
      live.clear();
      for (const env of envs.splice(0)) await env.dispose?.();
    });

    async function world(): Promise<ContractEnv> {
      const env = await makeEnv();
      envs.push(env);
      return env;
    }

    function track(connection: MessengerConnection): MessengerConnection {
      live.add(connection);
      return connection;
    }

    async function finish(env: ContractEnv, flow: LoginFlow, steps: StepRecorder): Promise<MessengerConnection> {
      const done = await steps.next('done');
      const connection = track(await flow.connection);
      expect(connection.profile.platformUserId).toBe(done.profile.platformUserId);
      expect(connection.platform).toBe(env.driver.platform);
      return connection;
    }

    /** Logs the env's plain account in with `method`, answering every step. */
    async function logIn(env: ContractEnv, method: LoginMethod = traits.loginMethods[0]!) {
      const steps = new StepRecorder();
      const phone = method === 'qr' ? undefined : env.accountPhone;
      const flow = await env.driver.startLogin({ method, phone }, { credentials: env.credentials, onStep: steps.onStep });
      switch (method) {
        case 'phone_code':
          await steps.next('code_sent');
          await flow.submitCode(required(env.validCode, 'validCode'));
          break;
        case 'qr':
          await steps.next('qr');
          await env.approveLink();
          break;
        case 'pairing_code':
          await steps.next('pairing_code');
          await env.approveLink();
          break;
      }
      const connection = await finish(env, flow, steps);
      return { connection, steps, profile: connection.profile };
    }

    async function loggedInWithExisting(env: ContractEnv) {
      const { connection } = await logIn(env);
      const recipient = await connection.resolveRecipient(env.recipients.existing);
      return { connection, recipient };
    }

    if (traits.loginMethods.includes('phone_code')) {
      it('logs in with a phone number and the code the platform sent', async () => {
        const env = await world();
        const { connection, steps } = await logIn(env, 'phone_code');
        expect(steps.steps[0]?.type).toBe('code_sent');
        expect(connection.profile.platformUserId).not.toBe('');
      });

      it('answers a wrong code with invalid_code and accepts the right code afterwards', async () => {
        const env = await world();
        const steps = new StepRecorder();
        const flow = await env.driver.startLogin(
          { method: 'phone_code', phone: env.accountPhone },
          { credentials: env.credentials, onStep: steps.onStep },
        );
        await steps.next('code_sent');
        const code = required(env.validCode, 'validCode');
        await flow.submitCode(wrongCodeFor(code));
        await steps.next('invalid_code');
        await flow.submitCode(code);
        const connection = await finish(env, flow, steps);
        expect(connection.profile.platformUserId).not.toBe('');
      });
    }

    if (traits.twoFactor) {
      it('asks a 2FA account for its password, rejects a wrong one and accepts the right one', async () => {
        const env = await world();
        const steps = new StepRecorder();
        const flow = await env.driver.startLogin(
          { method: 'phone_code', phone: required(env.twoFactorPhone, 'twoFactorPhone') },
          { credentials: env.credentials, onStep: steps.onStep },
        );
        await steps.next('code_sent');
        await flow.submitCode(required(env.validCode, 'validCode'));
        await steps.next('password_required');
        const password = required(env.password, 'password');
        await flow.submitPassword(`${password}-wrong`);
        await steps.next('invalid_password');
        await flow.submitPassword(password);
        const connection = await finish(env, flow, steps);
        expect(connection.profile.platformUserId).not.toBe('');
      });
    }

    if (traits.loginMethods.includes('qr')) {
      it('reports a qr step with a payload and logs in once the code is scanned', async () => {
        const env = await world();
        const { steps } = await logIn(env, 'qr');
        const qr = steps.steps.find((s): s is StepOf<'qr'> => s.type === 'qr');
        expect(qr?.payload).toMatch(/\S{8,}/);
        expect(qr?.expiresAt).toBeInstanceOf(Date);
      });
    }

    if (traits.loginMethods.includes('pairing_code')) {
      it('reports a pairing code and logs in once it is entered on the phone', async () => {
        const env = await world();
        const { steps } = await logIn(env, 'pairing_code');
        const pairing = steps.steps.find((s): s is StepOf<'pairing_code'> => s.type === 'pairing_code');
        expect(pairing?.code).toMatch(/^[A-Z0-9-]{8,9}$/);
      });
    }

    it('writes credentials during login and restores the session from them', async () => {
      const env = await world();
      const { connection, profile } = await logIn(env);
      const stored = await env.credentials.readPrefix('');
      expect(stored.size).toBeGreaterThan(0);
      await connection.disconnect();
      live.delete(connection);
      const restored = track(await env.driver.restore(env.credentials));
      expect(restored.profile.platformUserId).toBe(profile.platformUserId);
      expect(restored.platform).toBe(env.driver.platform);
    });

    it('refuses to restore from an empty credential store with LOGGED_OUT', async () => {
      const env = await world();
      const error = await rejectionOf(env.driver.restore(env.credentials));
      expect(error.code).toBe('LOGGED_OUT');
    });

    it('refuses to restore a session revoked on the platform with LOGGED_OUT', async () => {
      const env = await world();
      const { connection } = await logIn(env);
      await connection.disconnect();
      live.delete(connection);
      await env.revokeSession();
      const error = await rejectionOf(env.driver.restore(env.credentials));
      expect(error.code).toBe('LOGGED_OUT');
    });

    it('rejects sends on a live connection whose session was revoked with LOGGED_OUT', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      await env.revokeSession();
      const error = await rejectionOf(connection.sendText(recipient, 'hello', env.driver.newClientMessageId()));
      expect(error.code).toBe('LOGGED_OUT');
      expect(await env.sentMessages()).toHaveLength(0);
    });

    it('resolves an existing recipient to a platform user id and an address', async () => {
      const env = await world();
      const { recipient } = await loggedInWithExisting(env);
      expect(recipient.platformUserId).not.toBe('');
      expect(recipient.address).not.toBe('');
    });

    it('reports a missing recipient as RECIPIENT_NOT_FOUND', async () => {
      const env = await world();
      const { connection } = await logIn(env);
      const error = await rejectionOf(connection.resolveRecipient(env.recipients.missing));
      expect(error.code).toBe('RECIPIENT_NOT_FOUND');
    });

    if (traits.privacyRestriction) {
      it('refuses a privacy-restricted recipient with PRIVACY_RESTRICTED and delivers nothing', async () => {
        const env = await world();
        const { connection } = await logIn(env);
        const ref = required(env.recipients.privacyRestricted, 'recipients.privacyRestricted');
        const attempt = connection
          .resolveRecipient(ref)
          .then((recipient) => connection.sendText(recipient, 'hello', env.driver.newClientMessageId()));
        const error = await rejectionOf(attempt);
        expect(error.code).toBe('PRIVACY_RESTRICTED');
        expect(await env.sentMessages()).toHaveLength(0);
      });
    }

    it('delivers a text exactly once', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const result = await connection.sendText(recipient, 'Hello there', env.driver.newClientMessageId());
      expect(result.duplicate).toBe(false);
      expect(result.platformMessageId).not.toBe('');
      expect(result.sentAt).toBeInstanceOf(Date);
      expect(await env.sentMessages()).toEqual([{ toPlatformUserId: recipient.platformUserId, text: 'Hello there' }]);
    });

    it('delivers once when the same client message id is sent twice and marks the second answer duplicate', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const id = env.driver.newClientMessageId();
      const first = await connection.sendText(recipient, 'Only once', id);
      const second = await connection.sendText(recipient, 'Only once', id);
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(await env.sentMessages()).toHaveLength(1);
    });

    it('reports an injected FLOOD_WAIT with its wait, delivers nothing, and a retry with the same id delivers', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const id = env.driver.newClientMessageId();
      await env.injectSendError('FLOOD_WAIT', 42);
      const error = await rejectionOf(connection.sendText(recipient, 'Later', id));
      expect(error.code).toBe('FLOOD_WAIT');
      if (traits.floodWaitSeconds ?? true) expect(error.waitSeconds).toBe(42);
      else expect(error.waitSeconds).toBeGreaterThan(0);
      expect(error.retryable).toBe(true);
      expect(await env.sentMessages()).toHaveLength(0);
      const retry = await connection.sendText(recipient, 'Later', id);
      expect(retry.duplicate).toBe(false);
      expect(await env.sentMessages()).toHaveLength(1);
    });

    const mappedErrors: InjectableSendErrorCode[] = (traits.peerFlood ?? true) ? ['PEER_FLOOD', 'TRANSIENT'] : ['TRANSIENT'];
    it.each(mappedErrors)('maps an injected %s to the same error code', async (code) => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      await env.injectSendError(code);
      const error = await rejectionOf(connection.sendText(recipient, 'Hi', env.driver.newClientMessageId()));
      expect(error.code).toBe(code);
      expect(await env.sentMessages()).toHaveLength(0);
    });

    it('passes incoming messages to onIncoming handlers until they unsubscribe', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const first: IncomingMessage[] = [];
      const second: IncomingMessage[] = [];
      const unsubscribe = connection.onIncoming((m) => void first.push(m));
      connection.onIncoming((m) => void second.push(m));
      await env.deliverIncoming(recipient.platformUserId, 'first reply');
      await vi.waitFor(() => expect(first).toHaveLength(1), { timeout: STEP_TIMEOUT_MS });
      expect(first[0]).toMatchObject({ fromPlatformUserId: recipient.platformUserId, text: 'first reply' });
      expect(first[0]?.receivedAt).toBeInstanceOf(Date);
      unsubscribe();
      await env.deliverIncoming(recipient.platformUserId, 'second reply');
      // The still-subscribed handler proves the second message was emitted at all.
      await vi.waitFor(() => expect(second).toHaveLength(2), { timeout: STEP_TIMEOUT_MS });
      expect(first).toHaveLength(1);
    });

    it('lists the incoming messages received since a given time', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const heard: IncomingMessage[] = [];
      connection.onIncoming((m) => void heard.push(m));
      await env.deliverIncoming(recipient.platformUserId, 'while you were away');
      await vi.waitFor(() => expect(heard).toHaveLength(1), { timeout: STEP_TIMEOUT_MS });
      const receivedAt = heard[0]!.receivedAt;
      const since = await connection.recentIncoming(new Date(receivedAt.getTime() - 60_000));
      expect(since.map((m) => [m.fromPlatformUserId, m.text])).toEqual([[recipient.platformUserId, 'while you were away']]);
      expect(await connection.recentIncoming(new Date(receivedAt.getTime() + 1))).toEqual([]);
    });

    it('lists a person the account wrote to as a dialog and a saved contact as address_book, each once', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      await connection.sendText(recipient, 'Hello there', env.driver.newClientMessageId());
      await env.addToAddressBook();
      const peers = await eventually(() => connection.knownPeers(500), (list) => list.some((p) => p.source === 'address_book'));
      expect(peers.filter((p) => p.platformUserId === recipient.platformUserId)).toEqual([
        expect.objectContaining({ platformUserId: recipient.platformUserId, source: 'dialog' }),
      ]);
      const saved = peers.filter((p) => p.source === 'address_book');
      expect(saved).toHaveLength(1);
      expect(names(saved[0]!, env.recipients.saved)).toBe(true);
      expect(new Set(peers.map((p) => p.platformUserId)).size).toBe(peers.length);
    });

    it('lists a person who wrote to the account as a dialog', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      expect(await connection.knownPeers(500)).toEqual([]);
      await env.deliverIncoming(recipient.platformUserId, 'hi, it is me');
      const peers = await eventually(() => connection.knownPeers(500), (list) => list.length > 0);
      expect(peers).toEqual([expect.objectContaining({ platformUserId: recipient.platformUserId, source: 'dialog' })]);
    });

    it('lists dialogs newest first, at most `limit` of them, and a saved person already in a dialog only as a dialog', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const saved = await connection.resolveRecipient(env.recipients.saved);
      await connection.sendText(recipient, 'first', env.driver.newClientMessageId());
      await connection.sendText(saved, 'second', env.driver.newClientMessageId());
      await env.addToAddressBook();
      const all = await eventually(() => connection.knownPeers(500), (list) => list.length >= 2);
      expect(all.map((p) => [p.platformUserId, p.source])).toEqual([
        [saved.platformUserId, 'dialog'],
        [recipient.platformUserId, 'dialog'],
      ]);
      expect((await connection.knownPeers(1)).map((p) => p.platformUserId)).toEqual([saved.platformUserId]);
    });

    it('emits nothing more after logout and makes restore fail with LOGGED_OUT', async () => {
      const env = await world();
      const { connection, recipient } = await loggedInWithExisting(env);
      const heard: IncomingMessage[] = [];
      connection.onIncoming((m) => void heard.push(m));
      await connection.logout();
      live.delete(connection);
      await env.deliverIncoming(recipient.platformUserId, 'too late');
      await settle();
      expect(heard).toEqual([]);
      const error = await rejectionOf(env.driver.restore(env.credentials));
      expect(error.code).toBe('LOGGED_OUT');
    });

    it('creates unique, non-empty client message ids', async () => {
      const env = await world();
      const ids = Array.from({ length: 2_000 }, () => env.driver.newClientMessageId());
      expect(ids.every((id) => id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
}

