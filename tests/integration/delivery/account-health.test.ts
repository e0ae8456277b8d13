import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountHealthService } from '../../../core/accounts/account-health.service.js';
import { FakeClock } from '../../../core/clock.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, drain, insertContacts, okPhone, RecordingNotifier, runToEnd, UNPACED } from './delivery-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface World {
  clock: FakeClock;
  driver: SimulatedDriver;
  registry: MemoryConnectionRegistry;
  notifier: RecordingNotifier;
  dispatcher: DeliveryDispatcher;
  service: CampaignService;
  user: { id: number; chatId: number };
  accountIds: number[];
}

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

/** `accounts` simulated Telegram accounts, warmed up long ago (their caps are the user's), and a dispatcher. */
async function world(accounts: number): Promise<World> {
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(1), replies: false });
  const registry = new MemoryConnectionRegistry();
  const notifier = new RecordingNotifier();
  const pool = tdb.db.pool;
  const user = await createUser(pool);
  const live = await connectSimulatedAccounts(pool, driver, user, accounts, clock.now());
  for (const account of live) await registry.add(account);
  const accountIds = live.map((a) => a.accountId);
  await pool.query(`UPDATE sender_accounts SET warmup_started_at = $2, daily_limit = 50 WHERE id = ANY ($1::int[])`, [accountIds, new Date(clock.now().getTime() - 90 * DAY)]);
  const dispatcher = new DeliveryDispatcher(
    { pool, clock, registry, notifier, random: seededRandom(3), newClientMessageId: () => driver.newClientMessageId() },
    { batchSize: 50, backoffBaseMs: 10_000, maxAttempts: 3, staleClaimMs: 60_000 },
  );
  const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(2) });
  return { clock, driver, registry, notifier, dispatcher, service, user, accountIds };
}

async function launch(w: World, contacts: number, schedule: Record<string, unknown>): Promise<number> {
  await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: contacts }, (_, i) => ({ phone: okPhone(700 + i) })));
  const { id } = await w.service.createDraft(w.user.id, 'Health');
  await w.service.update(w.user.id, id, { accountIds: w.accountIds, schedule: { ...UNPACED, ...schedule } });
  await w.service.setSteps(w.user.id, id, [{ template: 'Hello', delaySeconds: 0 }]);
  await w.service.launch(w.user.id, id);
  return id;
}

/** Sent and still planned messages of each account per UTC day (the campaign's zone): `{ accountId: { day: n } }`. */
async function perDay(campaignId: number): Promise<Map<number, Map<string, number>>> {
  const { rows } = await tdb.db.pool.query<{ account_id: number; day: string; n: number }>(
    `SELECT account_id, to_char(coalesce(sent_at, planned_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
     FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'sent') GROUP BY 1, 2`,
    [campaignId],
  );
  const result = new Map<number, Map<string, number>>();
  for (const row of rows) result.set(row.account_id, (result.get(row.account_id) ?? new Map<string, number>()).set(row.day, row.n));
  return result;
}

function maxPerDay(days: Map<string, number> | undefined): number {
  return Math.max(0, ...(days?.values() ?? []));
}

async function accountRow(id: number): Promise<{ status: string; limited_until: Date | null; last_restricted_at: Date | null; health_state: string | null }> {
  const { rows } = await tdb.db.pool.query<{ status: string; limited_until: Date | null; last_restricted_at: Date | null; health_state: string | null }>(
    'SELECT status, limited_until, last_restricted_at, health_state FROM sender_accounts WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

describe('a PEER_FLOOD on one of three accounts', () => {
  it('moves its queued deliveries to the other two within their daily caps, keeps it silent through its pause, and tells the user once', async () => {
    const w = await world(3);
    const cap = 5;
    const id = await launch(w, 30, { hours: { from: '09:00', to: '18:00' }, dailyCapPerAccount: cap, delaySeconds: { min: 60, max: 60 } });
    const [limited, b, c] = w.accountIds as [number, number, number];
    const before = await perDay(id);
    expect([...before.keys()].sort()).toEqual([...w.accountIds].sort());

    const limitedConnection = w.registry.get(limited)!.connection;
    w.driver.control.injectFault({ code: 'PEER_FLOOD' }, limitedConnection.profile.platformUserId);
    await drain(w.dispatcher);

    const after = await perDay(id);
    expect(after.has(limited)).toBe(false);
    for (const account of [b, c]) expect(maxPerDay(after.get(account))).toBeLessThanOrEqual(cap);
    const { rows: counts } = await tdb.db.pool.query<{ account_id: number; n: number }>(
      `SELECT account_id, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`,
      [id],
    );
    expect(counts).toEqual([
      { account_id: b, n: 15 },
      { account_id: c, n: 15 },
    ]);
    const row = await accountRow(limited);
    expect(row).toMatchObject({ status: 'limited', health_state: 'restricted' });
    expect(row.limited_until!.getTime()).toBe(w.clock.now().getTime() + 24 * HOUR);
    expect(row.last_restricted_at!.getTime()).toBe(w.clock.now().getTime());

    const notices = w.notifier.of('account.limited');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ accountId: limited, reason: 'PEER_FLOOD', action: 'moved_to_other_accounts', takenOverBy: ['sim-1', 'sim-2'], movedDeliveries: 10 });

    await runToEnd(tdb.db.pool, w.clock, w.dispatcher, id);
    const done = await perDay(id);
    for (const account of [b, c]) expect(maxPerDay(done.get(account))).toBeLessThanOrEqual(cap);
    // Each receiving account kept its pace: sends of the same round are counted before the re-plan.
    const { rows: gaps } = await tdb.db.pool.query<{ account_id: number; gap: number }>(
      `SELECT account_id, min(extract(epoch FROM sent_at - prev))::int AS gap
       FROM (SELECT account_id, sent_at, lag(sent_at) OVER (PARTITION BY account_id ORDER BY sent_at) AS prev FROM deliveries WHERE campaign_id = $1) x
       WHERE prev IS NOT NULL GROUP BY account_id ORDER BY account_id`,
      [id],
    );
    expect(gaps.map((g) => g.account_id)).toEqual([b, c]);
    for (const g of gaps) expect(g.gap).toBeGreaterThanOrEqual(60);
    const { rows: statuses } = await tdb.db.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1`, [id]);
    expect(statuses).toEqual([{ status: 'sent', n: 30 }]);
    expect(await w.driver.control.ledger.list({ accountPlatformUserId: limitedConnection.profile.platformUserId })).toEqual([]);
    expect(await w.driver.control.ledger.list()).toHaveLength(30);
    expect(w.notifier.of('account.limited')).toHaveLength(1);
  });
});

describe('flood waits', () => {
  it('a wait past the threshold restarts the warm-up and makes the account cautious; a short one does neither', async () => {
    const w = await world(2);
    const [longWait, shortWait] = w.accountIds as [number, number];
    await launch(w, 4, {});
    w.driver.control.injectFault({ code: 'FLOOD_WAIT', waitSeconds: 3_600 }, w.registry.get(longWait)!.connection.profile.platformUserId);
    w.driver.control.injectFault({ code: 'FLOOD_WAIT', waitSeconds: 120 }, w.registry.get(shortWait)!.connection.profile.platformUserId);
    await drain(w.dispatcher);

    const long = await accountRow(longWait);
    expect(long.last_restricted_at?.getTime()).toBe(w.clock.now().getTime());
    expect(long.health_state).toBe('cautious');
    const short = await accountRow(shortWait);
    expect(short.last_restricted_at).toBeNull();
    expect(short.health_state).toBe('healthy');
    const { rows: events } = await tdb.db.pool.query<{ account_id: number; kind: string; wait_seconds: number }>(
      'SELECT account_id, kind, wait_seconds FROM account_health_events WHERE account_id = ANY ($1::int[]) ORDER BY wait_seconds',
      [w.accountIds],
    );
    expect(events).toEqual([
      { account_id: shortWait, kind: 'flood_wait', wait_seconds: 120 },
      { account_id: longWait, kind: 'flood_wait', wait_seconds: 3_600 },
    ]);
  });
});

describe('health states over time', () => {
  it('warms a new account up day by day, turns cautious on repeated flood waits (restarting once), recovers, and is restricted by the platform', async () => {
    const w = await world(1);
    const [account] = w.accountIds as [number];
    const pool = tdb.db.pool;
    const health = new AccountHealthService(pool, w.clock);
    await pool.query('UPDATE sender_accounts SET warmup_started_at = $2, daily_limit = 25 WHERE id = $1', [account, w.clock.now()]);

    const day0 = (await health.refresh([account])).get(account)!;
    expect([day0.state, day0.todayCap, day0.userCap]).toEqual(['warming', 10, 25]);
    w.clock.advance(2 * DAY);
    expect((await health.refresh([account])).get(account)!.todayCap).toBe(20);
    w.clock.advance(DAY);
    expect((await health.refresh([account])).get(account)).toMatchObject({ state: 'healthy', todayCap: 25 });

    // Three short flood waits within a day: cautious, and the warm-up restarts once, at the move.
    const until = (): Date => new Date(w.clock.now().getTime() + 60_000);
    await health.record(account, { kind: 'flood_wait', waitSeconds: 60, until: until() });
    w.clock.advance(HOUR);
    await health.record(account, { kind: 'flood_wait', waitSeconds: 60, until: until() });
    w.clock.advance(HOUR);
    const third = await health.record(account, { kind: 'flood_wait', waitSeconds: 60, until: until() });
    const restartedAt = w.clock.now().getTime();
    expect(third.warmUpRestarted).toBe(true);
    expect(third.health).toMatchObject({ state: 'cautious', reasons: ['flood_waits'], todayCap: 5 });
    w.clock.advance(HOUR);
    const fourth = await health.record(account, { kind: 'flood_wait', waitSeconds: 60, until: until() });
    expect(fourth.warmUpRestarted).toBe(false);
    expect((await accountRow(account)).last_restricted_at!.getTime()).toBe(restartedAt);

    // A day later the waits are out of the window: warming again from the restart, then healthy.
    w.clock.advance(DAY);
    expect((await health.refresh([account])).get(account)).toMatchObject({ state: 'warming', todayCap: 10 });
    w.clock.advance(3 * DAY);
    expect((await health.refresh([account])).get(account)).toMatchObject({ state: 'healthy', todayCap: 25 });
    expect((await accountRow(account)).health_state).toBe('healthy');

    // The session reports a restriction (e.g. WhatsApp 403): restricted, warm-up from the restart cap again.
    await pool.query(`UPDATE sender_accounts SET status = 'limited', limited_until = NULL WHERE id = $1`, [account]);
    const restricted = await health.record(account, { kind: 'restricted', detail: 'banned' });
    expect(restricted.health).toMatchObject({ state: 'restricted', todayCap: 5, pausedUntil: null });
    expect((await accountRow(account)).last_restricted_at!.getTime()).toBe(w.clock.now().getTime());
    const [view] = await health.forUser(w.user.id);
    expect(view).toMatchObject({ accountId: account, state: 'restricted' });
  });

  it('turns cautious when too many of the latest sends failed', async () => {
    const w = await world(1);
    const [account] = w.accountIds as [number];
    const health = new AccountHealthService(tdb.db.pool, w.clock);
    const id = await launch(w, 20, {});
    expect((await health.refresh([account])).get(account)!.state).toBe('healthy');
    await tdb.db.pool.query(
      `UPDATE deliveries SET status = CASE WHEN id % 2 = 0 THEN 'failed' ELSE 'sent' END, sent_at = CASE WHEN id % 2 = 0 THEN NULL ELSE $2::timestamptz END,
         finished_at = $2, error_code = CASE WHEN id % 2 = 0 THEN 'RECIPIENT_NOT_FOUND' END
       WHERE campaign_id = $1`,
      [id, w.clock.now()],
    );
    const after = (await health.refresh([account])).get(account)!;
    expect(after).toMatchObject({ state: 'cautious', reasons: ['failure_rate'] });
    expect(after.figures).toMatchObject({ finished: 20, failureRate: 0.5 });
  });
});
