import type pg from 'pg';
import { AccountHealthService } from '../core/accounts/account-health.service.js';
import { AccountLeases, type ClaimedLease } from '../core/accounts/account-lease.js';
import { AccountLifecycle } from '../core/accounts/account-lifecycle.js';
import { LeaseLostError } from '../core/accounts/account.errors.js';
import type { ConnectionRegistry, LiveAccount } from '../core/accounts/connection-registry.js';
import type { CredentialVault } from '../core/accounts/credential-vault.js';
import { LoginAttempts } from '../core/accounts/login-attempts.js';
import { PgCredentialStore } from '../core/accounts/pg-credential-store.js';
import type { Clock } from '../core/clock.js';
import { AccountLimits } from '../core/delivery/account-limits.js';
import { DEFAULT_DISPATCHER_OPTIONS } from '../core/delivery/delivery-dispatcher.js';
import type { CatchUpPolicy } from '../core/delivery/schedule/index.js';
import type { Logger } from '../core/logging/logger.js';
import { MessengerError, type ConnectionEvent, type IncomingMessage, type MessengerConnection, type MessengerDriver, type Platform } from '../core/messengers/messenger.js';
import type { Notifier } from '../core/notifier.js';
import { cryptoRandom, type RandomSource } from '../core/random.js';
import { AccountQueue } from './session-host/account-queue.js';
import { listenForAccounts, type AccountListener } from './session-host/account-listener.js';
import type { LeaseObserver } from './session-host/lease-observer.js';
import { LoginSession } from './session-host/login-session.js';

export type { LeaseObserver } from './session-host/lease-observer.js';

export interface SessionHostOptions {
  pool: pg.Pool;
  vault: CredentialVault;
  drivers: Partial<Record<Platform, MessengerDriver>>;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** Unique name of this worker process; the lease owner. */
  owner: string;
  leaseSeconds: number;
  maxAccounts: number;
  /** Renewal and claim period; default a third of the lease. */
  heartbeatMs?: number;
  observer?: LeaseObserver;
  /** How re-plans after a restriction treat overdue deliveries: the delivery engine's policy; default the defaults. */
  catchUp?: Partial<CatchUpPolicy>;
  /** Pauses of the queues re-planned after a restriction; default crypto randomness. */
  random?: RandomSource;
}

interface Held {
  lease: ClaimedLease;
  login?: LoginSession;
  live?: LiveAccount;
  /** Listed by the registry: connected, and the `onConnected` handlers ran. */
  online: boolean;
  unsubscribe: (() => void)[];
}

/**
 * Keeps the live messenger connections of the accounts whose lease this worker holds, and drives logins.
 * Heartbeats renew the leases and claim unowned or expired ones up to `maxAccounts`; a lease found lost drops
 * its connection at once. NOTIFY on the accounts channel wakes it for logins, typed codes and disconnects.
 */
export class SessionHost implements ConnectionRegistry {
  private readonly accounts = new Map<number, Held>();
  private readonly incomingHandlers: ((account: LiveAccount, message: IncomingMessage) => Promise<void>)[] = [];
  private readonly connectedHandlers: ((account: LiveAccount) => Promise<void>)[] = [];
  private readonly leases: AccountLeases;
  private readonly lifecycle: AccountLifecycle;
  private readonly health: AccountHealthService;
  private readonly limits: AccountLimits;
  private readonly attempts: LoginAttempts;
  private readonly queue: AccountQueue;
  private listener: AccountListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: SessionHostOptions) {
    this.leases = new AccountLeases(options.pool);
    this.lifecycle = new AccountLifecycle(options.pool, options.clock);
    this.health = new AccountHealthService(options.pool, options.clock);
    // Only `restricted` is used here, whose end comes from the event: the PEER_FLOOD pause is the dispatcher's.
    this.limits = new AccountLimits(options.pool, options.clock, options.notifier, DEFAULT_DISPATCHER_OPTIONS.peerFloodPauseMs, options.random ?? cryptoRandom, options.catchUp, this.health);
    this.attempts = new LoginAttempts(options.pool, options.vault);
    this.queue = new AccountQueue((accountId, err) => options.logger.error({ err, accountId, action: 'session_host.task_failed' }, 'account task failed'));
  }

  get(accountId: number): LiveAccount | undefined {
    const held = this.accounts.get(accountId);
    return held?.online ? held.live : undefined;
  }

  held(): LiveAccount[] {
    return [...this.accounts.values()].flatMap((h) => (h.online && h.live ? [h.live] : []));
  }

  onIncoming(handler: (account: LiveAccount, message: IncomingMessage) => Promise<void>): void {
    this.incomingHandlers.push(handler);
  }

  onConnected(handler: (account: LiveAccount) => Promise<void>): void {
    this.connectedHandlers.push(handler);
  }

  /** Listens for account changes, restores the accounts it can claim, and starts the heartbeat. */
  async start(): Promise<void> {
    const { pool, logger, leaseSeconds } = this.options;
    this.listener = await listenForAccounts(pool.options, logger, (id) => this.onNotify(id), () => void this.tick());
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.heartbeatMs ?? (leaseSeconds * 1000) / 3);
  }

  /** Closes every connection (sessions stay valid) and releases the leases so another worker takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.close();
    await this.running;
    await this.queue.idle();
    const all = [...this.accounts.values()];
    for (const held of all) {
      held.login?.abandon();
      await this.close(held, 'disconnect');
    }
    this.accounts.clear();
    await this.leases.release(this.options.owner, all.map((h) => h.lease.accountId));
    for (const held of all) this.options.observer?.released?.(held.lease.accountId, held.lease.fencingToken);
  }

  /** One heartbeat: renew, lift expired limits, look at logins, claim more. Concurrent calls coalesce. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.beat().catch((err: unknown) => this.options.logger.error({ err, action: 'session_host.heartbeat_failed' }, 'heartbeat failed'));
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async beat(): Promise<void> {
    const { owner, leaseSeconds, maxAccounts, observer } = this.options;
    const mine = [...this.accounts.values()].map((h) => h.lease);
    const renewed = new Map((await this.leases.renew(owner, mine, leaseSeconds)).map((r) => [r.accountId, r]));
    for (const lease of mine) {
      const renewal = renewed.get(lease.accountId);
      if (renewal) {
        observer?.renewed?.(lease.accountId, lease.fencingToken, renewal.at);
        continue;
      }
      const held = this.accounts.get(lease.accountId);
      if (held) held.online = false;
      void this.queue.run(lease.accountId, () => this.drop(lease.accountId));
    }
    await this.lifecycle.liftExpiredLimits([...renewed.keys()]);
    // Failure and reply rates move with every send: the heartbeat keeps the health states (and warm-up) current.
    await this.health.refresh([...renewed.keys()]);
    for (const held of this.accounts.values()) {
      const login = held.login;
      if (login) void this.queue.run(held.lease.accountId, () => login.sync());
    }
    if (this.stopped || this.accounts.size >= maxAccounts) return;
    for (const lease of await this.leases.claim(owner, maxAccounts, leaseSeconds)) {
      observer?.acquired?.(lease.accountId, lease.fencingToken, lease.at);
      const held: Held = { lease, online: false, unsubscribe: [] };
      this.accounts.set(lease.accountId, held);
      void this.queue.run(lease.accountId, () => this.open(held));
    }
  }

  private onNotify(accountId: number): void {
    const held = this.accounts.get(accountId);
    if (held) void this.queue.run(accountId, () => this.sync(held));
    else void this.tick();
  }

  /** Something changed in the database for a held account: a typed code, a cancel, a disconnect. */
  private async sync(held: Held): Promise<void> {
    if (held.login) return held.login.sync();
    const state = await this.lifecycle.state(held.lease.accountId);
    if (!state || state.status === 'disconnected') {
      // The user disconnected: credentials are gone already; end the session on the platform too.
      await this.close(held, 'logout');
      await this.release(held);
    }
  }

  private async open(held: Held): Promise<void> {
    const { accountId, userId, platform, fencingToken } = held.lease;
    const state = await this.lifecycle.state(accountId);
    if (this.stopped || !state || state.status === 'disconnected') return this.release(held);
    const driver = this.options.drivers[platform];
    const credentials = new PgCredentialStore(this.options.pool, this.options.vault, this.options.clock, {
      accountId,
      userId,
      holder: { owner: this.options.owner, fencingToken },
    });
    if (state.status === 'connecting') return this.startLogin(held, driver, credentials);
    if (!driver) {
      this.options.logger.warn({ accountId, platform, action: 'session_host.no_driver' }, 'no driver for this platform');
      return this.release(held);
    }
    let connection: MessengerConnection;
    try {
      connection = await driver.restore(credentials);
    } catch (error) {
      if (error instanceof MessengerError && (error.code === 'LOGGED_OUT' || error.code === 'BANNED')) return this.loggedOut(held);
      if (error instanceof LeaseLostError) return this.drop(accountId);
      this.options.logger.warn({ err: error, accountId, action: 'session_host.restore_failed' }, 'restore failed; retrying later');
      return this.release(held);
    }
    await this.attach(held, connection);
  }

  private async startLogin(held: Held, driver: MessengerDriver | undefined, credentials: PgCredentialStore): Promise<void> {
    const { accountId } = held.lease;
    const attempt = await this.attempts.open(accountId);
    if (!attempt || attempt.expired) {
      if (attempt) await this.attempts.setStatus(attempt.id, 'failed', 'EXPIRED');
      await this.lifecycle.abandonLogin(accountId);
      return this.release(held);
    }
    const { notifier, logger } = this.options;
    const login = new LoginSession({ attempts: this.attempts, lifecycle: this.lifecycle, notifier, logger }, held.lease, attempt, {
      connected: async (connection) => void this.queue.run(accountId, () => this.attach(held, connection)),
      ended: async (leaseLost) => void this.queue.run(accountId, () => (leaseLost ? this.drop(accountId) : this.release(held))),
    });
    held.login = login;
    if (!driver) {
      await notifier.send(held.lease.chatId, 'account.login_failed', { accountId, attemptId: attempt.id, platform: held.lease.platform, method: attempt.method, code: 'NO_DRIVER' });
      await this.attempts.setStatus(attempt.id, 'failed', 'NO_DRIVER');
      await this.lifecycle.abandonLogin(accountId);
      return this.release(held);
    }
    await login.start(driver, credentials);
  }

  private async attach(held: Held, connection: MessengerConnection): Promise<void> {
    const { accountId, userId, chatId, platform, fencingToken } = held.lease;
    held.login = undefined;
    if (this.stopped || this.accounts.get(accountId) !== held) {
      await connection.disconnect().catch(() => undefined);
      return;
    }
    const live: LiveAccount = { accountId, userId, chatId, platform, fencingToken, connection };
    held.live = live;
    held.unsubscribe = [
      connection.onIncoming((message) => this.incoming(live, message)),
      connection.onEvent((event) => void this.queue.run(accountId, () => this.event(held, event))),
    ];
    await this.connected(held);
  }

  private async connected(held: Held): Promise<void> {
    const live = held.live;
    if (!live) return;
    for (const handler of this.connectedHandlers) {
      await handler(live).catch((err: unknown) => this.options.logger.error({ err, accountId: live.accountId, action: 'session_host.connected_handler_failed' }, 'onConnected handler failed'));
    }
    held.online = this.accounts.get(live.accountId) === held;
  }

  private async incoming(live: LiveAccount, message: IncomingMessage): Promise<void> {
    for (const handler of this.incomingHandlers) {
      await handler(live, message).catch((err: unknown) => this.options.logger.error({ err, accountId: live.accountId, action: 'session_host.incoming_handler_failed' }, 'onIncoming handler failed'));
    }
  }

  private async event(held: Held, event: ConnectionEvent): Promise<void> {
    const { accountId, userId, chatId, platform } = held.lease;
    switch (event.type) {
      case 'logged_out':
        return this.loggedOut(held);
      case 'restricted':
        // The hand-over a PEER_FLOOD gets (receivers re-planned), with one notice saying what moved where.
        await this.limits.restricted({ accountId, userId, chatId, platform }, event.reason, event.until ?? null);
        return;
      case 'disconnected':
        held.online = false;
        await this.health.record(accountId, { kind: 'disconnected', detail: event.willReconnect ? 'will_reconnect' : 'ended' });
        if (!event.willReconnect) {
          await this.close(held, 'disconnect');
          await this.release(held);
        }
        return;
      case 'reconnected':
        return this.connected(held);
    }
  }

  /** The platform ended the session: account disconnected and credentials wiped (one transaction), user told. */
  private async loggedOut(held: Held): Promise<void> {
    const { accountId, chatId } = held.lease;
    await this.close(held, 'disconnect');
    await this.health.record(accountId, { kind: 'logged_out' });
    await this.lifecycle.markLoggedOut(accountId);
    const name = (await this.lifecycle.state(accountId))?.name ?? `#${accountId}`;
    await this.options.notifier.send(chatId, 'account.logged_out', { accountId, name });
    await this.release(held);
  }

  private async close(held: Held, mode: 'disconnect' | 'logout'): Promise<void> {
    held.online = false;
    for (const unsubscribe of held.unsubscribe.splice(0)) unsubscribe();
    const connection = held.live?.connection;
    held.live = undefined;
    if (!connection) return;
    await (mode === 'logout' ? connection.logout() : connection.disconnect()).catch((err: unknown) =>
      this.options.logger.warn({ err, accountId: held.lease.accountId, action: `session_host.${mode}_failed` }, 'closing the connection failed'),
    );
  }

  private async release(held: Held): Promise<void> {
    const { accountId, fencingToken } = held.lease;
    await this.close(held, 'disconnect');
    if (this.accounts.get(accountId) === held) this.accounts.delete(accountId);
    await this.leases.release(this.options.owner, [accountId]);
    this.options.observer?.released?.(accountId, fencingToken);
  }

  /** The lease is lost (another worker holds the account now): stop using it without touching the database. */
  private async drop(accountId: number): Promise<void> {
    const held = this.accounts.get(accountId);
    if (!held) return;
    held.login?.abandon();
    await this.close(held, 'disconnect');
    this.accounts.delete(accountId);
    this.options.observer?.lost?.(accountId, held.lease.fencingToken);
    this.options.logger.warn({ accountId, action: 'session_host.lease_lost' }, 'lease lost; connection closed');
  }
}

/** Creates and starts the session host; main.ts hands it to the delivery engine as its `ConnectionRegistry`. */
export async function startSessionHost(options: SessionHostOptions): Promise<SessionHost> {
  const host = new SessionHost(options);
  await host.start();
  return host;
}
