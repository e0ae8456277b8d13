import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { systemClock } from '../../../core/clock.js';
import { createSimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createAccount, createUser, KEY_A, vaultOf } from './account-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const SCRIPT = path.join(import.meta.dirname, 'lease-worker.script.ts');
const LEASE_SECONDS = 2;
const ACCOUNTS = 6;

interface LeaseEvent {
  event: 'ready' | 'acquired' | 'renewed' | 'released' | 'lost' | 'connected';
  owner: string;
  accountId: number;
  token: number;
  at?: string;
}

interface Worker {
  child: ChildProcess;
  events: LeaseEvent[];
  exited: Promise<unknown>;
}

function startWorker(url: string, owner: string, skewMs: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      DATABASE_URL: url,
      OWNER: owner,
      CREDENTIALS_KEY: KEY_A,
      LEASE_SECONDS: String(LEASE_SECONDS),
      HEARTBEAT_MS: '400',
      MAX_ACCOUNTS: String(ACCOUNTS),
      CLOCK_SKEW_MS: String(skewMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: LeaseEvent[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as LeaseEvent);
  });
  return { child, events, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

const connectedAccounts = (w: Worker): Set<number> => new Set(w.events.filter((e) => e.event === 'connected').map((e) => e.accountId));

describe('session host leases across worker processes', () => {
  let t: TestDatabase;
  const workers: Worker[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    // Accounts with valid simulated sessions, written under a lease that is then given back.
    const user = await createUser(t.db.pool);
    const driver = createSimulatedDriver('telegram');
    const phone = (accountId: number): string => `+1555010${String(accountId).padStart(4, '0')}`;
    for (let i = 1; i <= ACCOUNTS; i++) await createAccount(t.db.pool, user.id, { phone: phone(i) });
    const leases = new AccountLeases(t.db.pool);
    const seeded = await leases.claim('seeder', ACCOUNTS, 30);
    for (const lease of seeded) {
      const store = new PgCredentialStore(t.db.pool, vaultOf(KEY_A), systemClock, { accountId: lease.accountId, userId: user.id, holder: { owner: 'seeder', fencingToken: lease.fencingToken } });
      await driver.control.seedSession(phone(lease.accountId), store);
    }
    await leases.release('seeder', seeded.map((l) => l.accountId));
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await t.drop();
  });

  it('a killed worker’s accounts are taken over within one lease period, never held by two workers at once', async () => {
    // Both start together and race for the accounts; B's clock runs 5 s ahead, which must not matter because
    // leases expire by the database's clock.
    const started = [startWorker(t.url, 'worker-a', 0), startWorker(t.url, 'worker-b', 5_000)];
    workers.push(...started);
    const held = () => started.reduce((n, w) => n + connectedAccounts(w).size, 0);
    await expect.poll(held, { timeout: 30_000, interval: 100 }).toBe(ACCOUNTS);
    for (let accountId = 1; accountId <= ACCOUNTS; accountId++) {
      const claims = started.flatMap((w) => w.events.filter((e) => e.accountId === accountId && e.event === 'acquired'));
      expect(claims).toHaveLength(1);
    }
    // Let a few heartbeats pass: renewals must not move any account.
    await expect.poll(() => started.every((w) => w.events.filter((e) => e.event === 'renewed').length >= connectedAccounts(w).size * 3), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(started.flatMap((w) => w.events.filter((e) => e.event === 'acquired'))).toHaveLength(ACCOUNTS);

    const [victim, survivor] = connectedAccounts(started[0]!).size >= connectedAccounts(started[1]!).size ? [started[0]!, started[1]!] : [started[1]!, started[0]!];
    const victimAccounts = [...connectedAccounts(victim)];
    expect(victimAccounts.length).toBeGreaterThan(0);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const killedAt = Date.now();
    await expect.poll(() => connectedAccounts(survivor).size, { timeout: 20_000, interval: 100 }).toBe(ACCOUNTS);
    // One lease period plus a heartbeat, plus process scheduling slack.
    expect(Date.now() - killedAt).toBeLessThan((LEASE_SECONDS + 3) * 1000);

    for (const accountId of victimAccounts) {
      const ofVictim = victim.events.filter((e) => e.accountId === accountId && (e.event === 'acquired' || e.event === 'renewed'));
      const takeover = survivor.events.find((e) => e.accountId === accountId && e.event === 'acquired')!;
      const lastHeld = Math.max(...ofVictim.map((e) => Date.parse(e.at!)));
      // The survivor claimed only after the victim's last renewal had expired, by the database's clock, with a newer token.
      expect(Date.parse(takeover.at!)).toBeGreaterThanOrEqual(lastHeld + LEASE_SECONDS * 1000);
      expect(takeover.token).toBeGreaterThan(Math.max(...ofVictim.map((e) => e.token)));
    }
    const owners = await t.db.pool.query<{ owner: string }>('SELECT DISTINCT owner FROM account_leases');
    expect(owners.rows).toEqual([{ owner: survivor === started[0] ? 'worker-a' : 'worker-b' }]);

    survivor.child.kill('SIGTERM');
    await survivor.exited;
    expect(survivor.events.filter((e) => e.event === 'released')).toHaveLength(ACCOUNTS);
    const released = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM account_leases WHERE owner IS NULL');
    expect(released.rows[0]!.n).toBe(ACCOUNTS);
  }, 90_000);
});
