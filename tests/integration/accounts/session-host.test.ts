import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { AccountService } from '../../../core/accounts/account.service.js';
import type { LiveAccount } from '../../../core/accounts/connection-registry.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { systemClock } from '../../../core/clock.js';
import type { ConnectionEvent, MessengerDriver } from '../../../core/messengers/messenger.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import type { NotificationKind, NotificationMap, Notifier } from '../../../core/notifier.js';
import { SessionHost } from '../../../workers/session-host.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createAccount, createUser, credentialRows, expireLease, KEY_A, vaultOf } from './account-fixtures.js';

class Notifications implements Notifier {
  readonly sent: { chatId: number; kind: NotificationKind; data: unknown }[] = [];
  async send<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<{ messageId: number }> {
    this.sent.push({ chatId, kind, data });
    return Promise.resolve({ messageId: this.sent.length });
  }
  async edit(): Promise<void> {
    return Promise.resolve();
  }
}

/** The simulated driver, with a lever to raise connection events the simulation has no trigger for. */
function eventfulDriver(inner: SimulatedDriver): { driver: MessengerDriver; raise(event: ConnectionEvent): Promise<void> } {
  const handlers: ((event: ConnectionEvent) => void | Promise<void>)[] = [];
  const driver: MessengerDriver = {
    platform: inner.platform,
    startLogin: (request, context) => inner.startLogin(request, context),
    newClientMessageId: () => inner.newClientMessageId(),
    restore: async (credentials) => {
      const connection = await inner.restore(credentials);
      return new Proxy(connection, {
        get(target, property) {
          if (property === 'onEvent') {
            return (handler: (event: ConnectionEvent) => void | Promise<void>) => {
              handlers.push(handler);
              return target.onEvent(handler);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
  return {
    driver,
    raise: async (event) => {
      for (const handler of handlers) await handler(event);
    },
  };
}

let t: TestDatabase;
const vault = vaultOf(KEY_A);
const logger = pino({ level: 'silent' });
const hosts: SessionHost[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await t.db.pool.query('DELETE FROM users');
});
afterAll(async () => {
  await t.drop();
});

/** One user with one active account holding a valid simulated session. */
async function seededAccount(simulated: SimulatedDriver, phone: string): Promise<{ userId: number; chatId: number; accountId: number }> {
  const user = await createUser(t.db.pool);
  const accountId = await createAccount(t.db.pool, user.id, { phone });
  const leases = new AccountLeases(t.db.pool);
  const [lease] = await leases.claim('seeder', 1, 30);
  await simulated.control.seedSession(phone, new PgCredentialStore(t.db.pool, vault, systemClock, { accountId, userId: user.id, holder: { owner: 'seeder', fencingToken: lease!.fencingToken } }));
  await leases.release('seeder', [accountId]);
  return { userId: user.id, chatId: user.chatId, accountId };
}

async function startHost(driver: MessengerDriver, notifier: Notifier, owner = 'host-1'): Promise<SessionHost> {
  const host = new SessionHost({ pool: t.db.pool, vault, drivers: { telegram: driver }, notifier, clock: systemClock, logger, owner, leaseSeconds: 30, maxAccounts: 10, heartbeatMs: 150 });
  hosts.push(host);
  await host.start();
  return host;
}

describe('SessionHost', () => {
  it('restores active accounts on start and lists each only after its onConnected handlers ran', async () => {
    const simulated = createSimulatedDriver('telegram');
    const { accountId, chatId } = await seededAccount(simulated, '+15550200001');
    const host = new SessionHost({ pool: t.db.pool, vault, drivers: { telegram: simulated }, notifier: new Notifications(), clock: systemClock, logger, owner: 'host-1', leaseSeconds: 30, maxAccounts: 10 });
    hosts.push(host);
    const seenDuringHandler: (LiveAccount | undefined)[] = [];
    host.onConnected(async (account) => void seenDuringHandler.push(host.get(account.accountId)));
    await host.start();

    await expect.poll(() => host.held().map((a) => a.accountId)).toEqual([accountId]);
    expect(seenDuringHandler).toEqual([undefined]);
    expect(host.get(accountId)).toMatchObject({ accountId, chatId, platform: 'telegram', fencingToken: 2 });
    expect(host.get(accountId)!.connection.profile.phone).toBe('+15550200001');
  });

  it('on a logout by the platform: disconnected, credentials wiped, user told, no longer listed', async () => {
    const simulated = createSimulatedDriver('telegram');
    const notifier = new Notifications();
    const { accountId, chatId } = await seededAccount(simulated, '+15550200003');
    const host = await startHost(simulated, notifier);
    await expect.poll(() => host.get(accountId) !== undefined).toBe(true);

    await simulated.control.revokeSessions(simulated.control.accountIdForPhone('+15550200003'));
    await expect.poll(() => notifier.sent.map((n) => n.kind)).toEqual(['account.logged_out']);
    expect(notifier.sent[0]).toMatchObject({ chatId, data: { accountId, name: 'Sender' } });
    expect(host.get(accountId)).toBeUndefined();
    expect(await credentialRows(t.db.pool, accountId)).toEqual([]);
    const { rows } = await t.db.pool.query<{ status: string; status_reason: string }>('SELECT status, status_reason FROM sender_accounts WHERE id = $1', [accountId]);
    expect(rows).toEqual([{ status: 'disconnected', status_reason: 'logged_out' }]);
  });

  it('on a restriction: the account is limited until the given time and the user is told once', async () => {
    const simulated = createSimulatedDriver('telegram');
    const { driver, raise } = eventfulDriver(simulated);
    const notifier = new Notifications();
    const { accountId } = await seededAccount(simulated, '+15550200004');
    const host = await startHost(driver, notifier);
    await expect.poll(() => host.get(accountId) !== undefined).toBe(true);

    const until = new Date(Date.now() + 3_600_000);
    await raise({ type: 'restricted', until, reason: 'PEER_FLOOD' });
    await expect.poll(() => notifier.sent.map((n) => n.kind)).toEqual(['account.limited']);
    expect(notifier.sent[0]!.data).toMatchObject({ accountId, accountLabel: 'Sender', until: until.toISOString(), reason: 'RESTRICTED', action: 'waiting' });
    const { rows } = await t.db.pool.query<{ status: string; limited_until: Date }>('SELECT status, limited_until FROM sender_accounts WHERE id = $1', [accountId]);
    expect(rows).toEqual([{ status: 'limited', limited_until: until }]);
    // Recorded as a health signal: restricted, and the warm-up starts over.
    const { rows: health } = await t.db.pool.query<{ kind: string; detail: string; restarted: boolean; health_state: string }>(
      `SELECT e.kind, e.detail, a.last_restricted_at IS NOT NULL AS restarted, a.health_state
       FROM account_health_events e JOIN sender_accounts a ON a.id = e.account_id WHERE e.account_id = $1`,
      [accountId],
    );
    expect(health).toEqual([{ kind: 'restricted', detail: 'PEER_FLOOD', restarted: true, health_state: 'restricted' }]);
  });

  it('when the user disconnects, the holder closes the connection with a logout and gives the lease back', async () => {
    const simulated = createSimulatedDriver('telegram');
    const { accountId, userId } = await seededAccount(simulated, '+15550200005');
    const host = await startHost(simulated, new Notifications());
    await expect.poll(() => host.get(accountId) !== undefined).toBe(true);
    const connection = host.get(accountId)!.connection;

    await new AccountService(t.db.pool, vault, systemClock).disconnect(userId, accountId);
    await expect.poll(() => host.held()).toEqual([]);
    // Logged out on the platform: the session can no longer be used to send.
    await expect(connection.resolveRecipient({ kind: 'phone', phone: '+15550209999' })).rejects.toMatchObject({ code: 'LOGGED_OUT' });
    await expect.poll(async () => (await t.db.pool.query<{ owner: string | null }>('SELECT owner FROM account_leases WHERE account_id = $1', [accountId])).rows).toEqual([{ owner: null }]);
  });

  it('drops an account from the registry at the next heartbeat once another worker took its lease', async () => {
    const simulated = createSimulatedDriver('telegram');
    const { accountId } = await seededAccount(simulated, '+15550200006');
    const host = await startHost(simulated, new Notifications());
    await expect.poll(() => host.get(accountId) !== undefined).toBe(true);

    const leases = new AccountLeases(t.db.pool);
    const mine = [{ accountId, fencingToken: host.get(accountId)!.fencingToken }];
    expect(await leases.stillHeld(mine)).toEqual(new Set([accountId]));
    await expireLease(t.db.pool, accountId);
    expect(await leases.stillHeld(mine)).toEqual(new Set());
    const [stolen] = await new AccountLeases(t.db.pool).claim('thief', 1, 30);
    expect(stolen?.accountId).toBe(accountId);
    await expect.poll(() => host.get(accountId)).toBeUndefined();
    const { rows } = await t.db.pool.query<{ owner: string }>('SELECT owner FROM account_leases WHERE account_id = $1', [accountId]);
    expect(rows).toEqual([{ owner: 'thief' }]);
  });
});
