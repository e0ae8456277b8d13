import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSimulatedDriver,
  MemorySimulatedLedger,
  PgSimulatedLedger,
  SIMULATED_LEDGER_DDL,
  type LedgerDelivery,
} from '../../../core/messengers/simulated/index.js';
import { createTestDatabaseUrl } from '../../harness/db.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

// A schema of our own keeps this file independent of migrations and of other files' data.
const schema = `sim_ledger_${process.pid}_${Date.now()}`;
let stopServer: () => Promise<void> = async () => undefined;
let url: string;
const pools: pg.Pool[] = [];

function pool(max = 10): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
  // Dropping the test database at the end terminates idle clients: that is expected, not a failure.
  created.on('error', () => undefined);
  pools.push(created);
  return created;
}

beforeAll(async () => {
  // A database of its own on the run's PostgreSQL (tests/harness/global-setup.ts).
  const database = await createTestDatabaseUrl();
  url = database.url;
  stopServer = database.drop;
  const admin = pool(1);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(SIMULATED_LEDGER_DDL);
  // The DDL goes into a migration; running it again must be harmless.
  await admin.query(SIMULATED_LEDGER_DDL);
});

afterAll(async () => {
  if (pools[0]) await pools[0].query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  for (const p of pools) await p.end();
  await stopServer();
});

let sequence = 0;
function delivery(overrides: Partial<LedgerDelivery> = {}): LedgerDelivery {
  sequence += 1;
  return {
    platform: 'telegram',
    accountPlatformUserId: 'acc-1',
    clientMessageId: String(1_000_000 + sequence),
    recipientPlatformUserId: '555',
    recipientAddress: 'username:alice_smith',
    text: 'Hello',
    sentAt: new Date('2026-01-05T09:00:00.123Z'),
    ...overrides,
  };
}

describe('PostgreSQL simulated ledger', () => {
  it.each([
    ['PostgreSQL', () => new PgSimulatedLedger(pool())],
    ['in-memory', () => new MemorySimulatedLedger()],
  ])('%s: lists the newest entry to each recipient of one account, newest first, up to the limit', async (_name, make) => {
    const ledger = make();
    const account = `acc-latest-${sequence}`;
    const to = (recipient: string, text: string): LedgerDelivery =>
      delivery({ accountPlatformUserId: account, recipientPlatformUserId: recipient, recipientAddress: `username:${recipient}`, text });
    for (const d of [to('ann', 'a1'), to('bob', 'b1'), to('ann', 'a2'), to('cid', 'c1')]) await ledger.record(d);
    await ledger.record(delivery({ accountPlatformUserId: `${account}-other`, recipientPlatformUserId: 'dan', text: 'elsewhere' }));
    await ledger.record(delivery({ accountPlatformUserId: account, platform: 'whatsapp', recipientPlatformUserId: 'eve', text: 'other platform' }));

    expect((await ledger.latestPerRecipient('telegram', account, 10)).map((e) => e.text)).toEqual(['c1', 'a2', 'b1']);
    expect((await ledger.latestPerRecipient('telegram', account, 2)).map((e) => e.text)).toEqual(['c1', 'a2']);
  });

  it('records a delivery once and answers a reused client message id with the first entry', async () => {
    const ledger = new PgSimulatedLedger(pool());
    const first = delivery({ accountPlatformUserId: 'acc-once' });
    const recorded = await ledger.record(first);
    expect(recorded).toEqual({ duplicate: false, entry: { ...first, id: expect.stringMatching(/^\d+$/) as string } });
    const again = await ledger.record({ ...first, text: 'Different', sentAt: new Date('2026-01-05T10:00:00Z') });
    expect(again).toEqual({ duplicate: true, entry: recorded.entry });
    expect(await ledger.list({ accountPlatformUserId: 'acc-once' })).toEqual([recorded.entry]);
  });

  it('keeps the same client message id of different accounts and platforms apart', async () => {
    const ledger = new PgSimulatedLedger(pool());
    const base = delivery({ accountPlatformUserId: 'acc-apart' });
    const results = await Promise.all([
      ledger.record(base),
      ledger.record({ ...base, accountPlatformUserId: 'acc-apart-2' }),
      ledger.record({ ...base, platform: 'whatsapp' }),
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
  });

  it('lists entries oldest first, filtered by platform, account and send time', async () => {
    const ledger = new PgSimulatedLedger(pool());
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 6, 9, minute));
    const early = await ledger.record(delivery({ accountPlatformUserId: 'acc-list', sentAt: at(0) }));
    const late = await ledger.record(delivery({ accountPlatformUserId: 'acc-list', sentAt: at(30) }));
    await ledger.record(delivery({ accountPlatformUserId: 'acc-list', platform: 'whatsapp', sentAt: at(40) }));
    expect(await ledger.list({ platform: 'telegram', accountPlatformUserId: 'acc-list' })).toEqual([early.entry, late.entry]);
    expect(await ledger.list({ platform: 'telegram', accountPlatformUserId: 'acc-list', sentSince: at(30) })).toEqual([
      late.entry,
    ]);
  });

  it('lets exactly one of two pools win each race on the same client message id', async () => {
    const left = new PgSimulatedLedger(pool());
    const right = new PgSimulatedLedger(pool());
    const races = Array.from({ length: 100 }, () => delivery({ accountPlatformUserId: 'acc-race' }));
    const results = await Promise.all(races.map((d) => Promise.all([left.record(d), right.record(d)])));
    for (const [a, b] of results) {
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
      expect(a.entry.id).toBe(b.entry.id);
    }
    expect(await left.list({ accountPlatformUserId: 'acc-race' })).toHaveLength(100);
  });

  it('lets the first of two calls batched together win, and fails every caller of a broken batch', async () => {
    // One statement at a time: the first call goes alone, the next two wait and share one INSERT.
    const ledger = new PgSimulatedLedger(pool(), { maxInFlight: 1 });
    const same = delivery({ accountPlatformUserId: 'acc-batch' });
    const results = await Promise.all([ledger.record(delivery()), ledger.record(same), ledger.record(same)]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, true]);
    expect(results[2]?.entry).toEqual(results[1]?.entry);
    const brokenPool = new pg.Pool({ connectionString: url, max: 1, options: '-c search_path=no_such_schema' });
    pools.push(brokenPool);
    const broken = new PgSimulatedLedger(brokenPool, { maxInFlight: 1 });
    const failures = await Promise.allSettled([broken.record(delivery()), broken.record(delivery()), broken.record(delivery())]);
    expect(failures.map((f) => f.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('makes a client message id reused by another driver process come back as duplicate', async () => {
    const first = createSimulatedDriver('whatsapp', { ledger: new PgSimulatedLedger(pool()), replies: false });
    const second = createSimulatedDriver('whatsapp', { ledger: new PgSimulatedLedger(pool()), replies: false });
    const credentials = new MemoryCredentialStore();
    await first.control.seedSession('+15550005001', credentials);
    const [a, b] = await Promise.all([first.restore(credentials), second.restore(credentials)]);
    const to = await a.resolveRecipient({ kind: 'phone', phone: '+15550002001' });
    const id = first.newClientMessageId();
    const answers = await Promise.all([a.sendText(to, 'Once', id), b.sendText(to, 'Once', id)]);
    expect(answers.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(await first.control.ledger.list({ accountPlatformUserId: a.profile.platformUserId })).toHaveLength(1);
  });

  it('records every send of 100 accounts sending at once through batched inserts', async () => {
    const driver = createSimulatedDriver('telegram', { ledger: new PgSimulatedLedger(pool(20)), replies: false });
    const connections = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const credentials = new MemoryCredentialStore();
        await driver.control.seedSession(`+1555200${String(i).padStart(4, '0')}`, credentials);
        return driver.restore(credentials);
      }),
    );
    const to = await connections[0]!.resolveRecipient({ kind: 'username', username: 'alice_smith' });
    const results = await Promise.all(
      connections.map(async (c) => {
        const sent = [];
        for (let n = 0; n < 30; n += 1) sent.push(await c.sendText(to, `Hello ${n}`, driver.newClientMessageId()));
        return sent;
      }),
    );
    expect(results.flat().filter((r) => !r.duplicate)).toHaveLength(3_000);
  });
});
