import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import type { Schedule } from '../../../core/campaigns/campaign.types.js';
import { CampaignMaintenance } from '../../../core/delivery/campaign-maintenance.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { replanAccountQueues } from '../../../core/delivery/account-replan.js';
import type { Queryable } from '../../../core/delivery/sql.js';
import { createSimulatedDriver, PgSimulatedLedger, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, okPhone, RecordingNotifier, UNPACED } from './delivery-fixtures.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

interface World {
  clock: FakeClock;
  driver: SimulatedDriver;
  registry: MemoryConnectionRegistry;
  notifier: RecordingNotifier;
  service: CampaignService;
  user: { id: number; chatId: number };
  accountId: number;
  platformUserId: string;
}

/**
 * One warmed-up account whose sends go to the durable (PostgreSQL) ledger of the simulated platform. Worlds
 * share that ledger: a world whose ledger entries are counted needs a seed of its own, or its account and
 * client ids repeat another world's and its sends read as duplicates.
 */
async function world(seed = 1): Promise<World> {
  const clock = new FakeClock('2026-03-02T09:00:00Z'); // a Monday
  const pool = tdb.db.pool;
  const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(seed), replies: false, ledger: new PgSimulatedLedger(pool) });
  const registry = new MemoryConnectionRegistry();
  const user = await createUser(pool);
  const [live] = await connectSimulatedAccounts(pool, driver, user, 1, clock.now());
  await registry.add(live!);
  const notifier = new RecordingNotifier();
  const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(2), notifier });
  return { clock, driver, registry, notifier, service, user, accountId: live!.accountId, platformUserId: live!.connection.profile.platformUserId };
}

/** A worker process as far as sending goes: a dispatcher of its own over the held account. */
function worker(w: World, seed: number): DeliveryDispatcher {
  return new DeliveryDispatcher(
    { pool: tdb.db.pool, clock: w.clock, registry: w.registry, notifier: w.notifier, random: seededRandom(seed), newClientMessageId: () => w.driver.newClientMessageId() },
    { batchSize: 50 },
  );
}

async function launch(w: World, steps: { template: string; delaySeconds: number }[], schedule: Partial<Schedule>, tags: string[] = []): Promise<number> {
  const { id } = await w.service.createDraft(w.user.id, `Campaign ${tags.join(' ')}`.trim());
  await w.service.update(w.user.id, id, { accountIds: [w.accountId], schedule: { ...UNPACED, ...schedule }, audience: { listIds: [], tags, excludeTags: [] } });
  await w.service.setSteps(w.user.id, id, steps);
  await w.service.launch(w.user.id, id);
  return id;
}

/** Runs `dispatcher` like a live loop would, moving the clock to each next planned time, until `until`. */
async function serve(w: World, dispatcher: DeliveryDispatcher, until: Date): Promise<void> {
  for (let round = 0; round < 500; round += 1) {
    const { rows } = await tdb.db.pool.query<{ at: Date | null }>(
      `SELECT min(d.planned_at) AS at FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
       WHERE d.user_id = $1 AND d.status = 'queued' AND c.status IN ('running', 'scheduled')`,
      [w.user.id],
    );
    const next = rows[0]?.at ?? null;
    if (next === null || next.getTime() > until.getTime()) return;
    if (next.getTime() > w.clock.now().getTime()) w.clock.set(next);
    await dispatcher.dispatchOnce();
  }
  throw new Error('the queue did not drain');
}

async function ledgerTimes(w: World, since?: Date): Promise<number[]> {
  const entries = await w.driver.control.ledger.list({ accountPlatformUserId: w.platformUserId, ...(since ? { sentSince: since } : {}) });
  return entries.map((e) => e.sentAt.getTime()).sort((a, b) => a - b);
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

async function overdue(w: World): Promise<number> {
  const { rows } = await tdb.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE user_id = $1 AND status = 'queued' AND planned_at < $2`,
    [w.user.id, w.clock.now()],
  );
  return rows[0]!.n;
}

describe('catching up after an outage', () => {
  it('resumes a 6-hour outage at the campaign’s pace: no burst, nothing lost or sent twice, inside the window', async () => {
    const w = await world();
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 8 }, (_, i) => ({ phone: okPhone(10 + i), firstName: `P${i}` })));
    const id = await launch(w, [{ template: 'Hi {first_name}', delaySeconds: 0 }], {
      hours: { from: '08:00', to: '20:00' },
      delaySeconds: { min: 60, max: 90 },
    });
    await serve(w, worker(w, 3), new Date('2026-03-02T09:05:00Z'));
    const before = await ledgerTimes(w);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(8);

    // The worker dies; six hours later another one starts and finds the rest of the queue long overdue.
    w.clock.advance(6 * HOUR);
    const resumedAt = w.clock.now();
    expect(await overdue(w)).toBe(8 - before.length);
    await serve(w, worker(w, 4), new Date('2026-03-03T20:00:00Z'));

    const after = await ledgerTimes(w, resumedAt);
    expect(after).toHaveLength(8 - before.length);
    expect(after[0]).toBeGreaterThanOrEqual(resumedAt.getTime());
    expect(Math.min(...gaps(after))).toBeGreaterThanOrEqual(MINUTE);
    expect(after.every((t) => new Date(t).getUTCHours() >= 8 && new Date(t).getUTCHours() < 20)).toBe(true);

    const rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill('sent'));
    const entries = await w.driver.control.ledger.list({ accountPlatformUserId: w.platformUserId });
    expect(entries).toHaveLength(8);
    expect(new Set(entries.map((e) => e.clientMessageId))).toEqual(new Set(rows.map((r) => r.client_message_id)));
    expect(w.notifier.of('campaign.caught_up')).toEqual([]);
  });

  it('skips follow-ups overdue beyond their age as STALE, still sends a first message within its age, and tells the user once', async () => {
    const w = await world();
    const [a, b, c] = await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(30) }, { phone: okPhone(31) }, { phone: okPhone(32) }]);
    const id = await launch(w, [{ template: 'First', delaySeconds: 0 }, { template: 'Second', delaySeconds: 3600 }], { delaySeconds: { min: 600, max: 600 } });
    const firsts = (await deliveryRows(tdb.db.pool, id)).sort((x, y) => x.planned_at.getTime() - y.planned_at.getTime());
    const dispatcher = worker(w, 5);
    for (const row of firsts.slice(0, 2)) {
      w.clock.set(row.planned_at);
      expect(await dispatcher.dispatchOnce()).toBe(1);
    }
    // An hour later the follow-ups of the first two become due; then the workers are down for 30 hours.
    w.clock.advance(HOUR);
    await new CampaignMaintenance(tdb.db.pool, w.clock, undefined).run();
    expect((await deliveryRows(tdb.db.pool, id)).filter((r) => r.status === 'queued')).toHaveLength(3);
    w.clock.advance(30 * HOUR);
    const next = worker(w, 6);
    await next.dispatchOnce();
    await next.dispatchOnce();

    const rows = await deliveryRows(tdb.db.pool, id);
    const byContact = (contact: number): [string, string | null][] => rows.filter((r) => r.contact_id === contact).map((r) => [r.status, r.error_code]);
    expect(byContact(a!)).toEqual([['sent', null], ['skipped', 'STALE']]);
    expect(byContact(b!)).toEqual([['sent', null], ['skipped', 'STALE']]);
    expect(byContact(c!)).toEqual([['sent', null]]);
    const { rows: stale } = await tdb.db.pool.query<{ error_text: string; finished_at: Date | null }>(
      `SELECT error_text, finished_at FROM deliveries WHERE campaign_id = $1 AND error_code = 'STALE'`,
      [id],
    );
    expect(stale.every((r) => r.error_text.includes('24 h') && r.finished_at?.getTime() === w.clock.now().getTime())).toBe(true);
    expect(w.notifier.of('campaign.caught_up')).toEqual([
      { campaignId: id, name: 'Campaign', replanned: 1, stale: 2, ended: 0, maxAgeHours: 72, followUpMaxAgeHours: 24 },
    ]);
  });
});

describe('resuming a paused campaign', () => {
  it('re-plans the queue at once from the resume, paced, and the sends keep that pace', async () => {
    const w = await world();
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 6 }, (_, i) => ({ phone: okPhone(50 + i) })));
    const id = await launch(w, [{ template: 'Hello', delaySeconds: 0 }], { delaySeconds: { min: 60, max: 60 } });
    await w.service.pause(w.user.id, id);
    w.clock.advance(3 * HOUR);
    expect(await overdue(w)).toBe(6);
    await w.service.resume(w.user.id, id);

    const planned = (await deliveryRows(tdb.db.pool, id)).map((r) => r.planned_at.getTime()).sort((x, y) => x - y);
    expect(planned[0]).toBe(w.clock.now().getTime());
    expect(Math.min(...gaps(planned))).toBeGreaterThanOrEqual(MINUTE);
    const resumedAt = w.clock.now();
    await serve(w, worker(w, 7), new Date('2026-03-03T00:00:00Z'));
    const sent = await ledgerTimes(w, resumedAt);
    expect(sent).toHaveLength(6);
    expect(Math.min(...gaps(sent))).toBeGreaterThanOrEqual(MINUTE);
  });
});

describe('replanAccountQueues', () => {
  async function twoCampaigns(w: World): Promise<{ first: number; second: number }> {
    await insertContacts(tdb.db.pool, w.user.id, [
      ...Array.from({ length: 3 }, (_, i) => ({ phone: okPhone(70 + i), tags: ['a'] })),
      ...Array.from({ length: 3 }, (_, i) => ({ phone: okPhone(80 + i), tags: ['b'] })),
    ]);
    const schedule = { hours: { from: '08:00', to: '20:00' }, delaySeconds: { min: 60, max: 60 } };
    const first = await launch(w, [{ template: 'A', delaySeconds: 0 }], schedule, ['a']);
    const second = await launch(w, [{ template: 'B', delaySeconds: 0 }], schedule, ['b']);
    return { first, second };
  }

  it('plans the campaigns sharing an account one after the other, earliest first, within the account’s daily limit', async () => {
    const w = await world();
    const { first, second } = await twoCampaigns(w);
    await tdb.db.pool.query('UPDATE sender_accounts SET daily_limit = 4 WHERE id = $1', [w.accountId]);
    // The second campaign's deliveries are the older ones now: they go first.
    await tdb.db.pool.query(`UPDATE deliveries SET planned_at = '2026-03-02T08:00:00Z'::timestamptz + id * interval '1 second' WHERE campaign_id = $1`, [second]);
    await tdb.db.pool.query(`UPDATE deliveries SET planned_at = '2026-03-02T08:30:00Z'::timestamptz + id * interval '1 second' WHERE campaign_id = $1`, [first]);
    w.clock.set('2026-03-02T10:00:00Z');

    const summary = await replanAccountQueues(tdb.db.pool, [w.accountId], w.clock.now(), seededRandom(8));
    expect(summary.accounts).toEqual([{ accountId: w.accountId, replanned: 6, stale: 0, ended: 0 }]);
    expect(summary.campaigns).toEqual([
      { campaignId: first, replanned: 3, stale: 0, ended: 0 },
      { campaignId: second, replanned: 3, stale: 0, ended: 0 },
    ]);
    const { rows } = await tdb.db.pool.query<{ campaign_id: number; planned_at: Date }>(
      'SELECT campaign_id, planned_at FROM deliveries WHERE account_id = $1 ORDER BY planned_at, id',
      [w.accountId],
    );
    expect(rows.map((r) => r.campaign_id)).toEqual([second, second, second, first, first, first]);
    const times = rows.map((r) => r.planned_at.getTime());
    expect(times[0]).toBe(w.clock.now().getTime());
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(MINUTE);
    // Four a day for the account across both campaigns: the last two wait for Tuesday's window.
    expect(rows.map((r) => r.planned_at.toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-03-02', '2026-03-02', '2026-03-02', '2026-03-03', '2026-03-03']);
    expect(rows[4]!.planned_at.toISOString()).toBe('2026-03-03T08:00:00.000Z');
  });

  it('leaves a delivery that a dispatcher claimed meanwhile untouched', async () => {
    const w = await world();
    const { first, second } = await twoCampaigns(w);
    w.clock.set('2026-03-02T12:00:00Z');
    // One delivery of the first campaign is four days overdue (stale), the rest two hours.
    await tdb.db.pool.query(`UPDATE deliveries SET planned_at = '2026-03-02T10:00:00Z' WHERE account_id = $1`, [w.accountId]);
    const ids = (await deliveryRows(tdb.db.pool, first)).map((r) => r.id);
    await tdb.db.pool.query(`UPDATE deliveries SET planned_at = '2026-02-26T12:00:00Z' WHERE id = $1`, [ids[0]]);
    const claimed = [ids[0]!, ids[1]!];

    // Another process claims two of them between the re-plan's reading and its writing.
    const client = await tdb.db.pool.connect();
    let claimedMeanwhile = false;
    const interleaved: Queryable = {
      query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
        if (!claimedMeanwhile && text.trimStart().startsWith('UPDATE deliveries')) {
          claimedMeanwhile = true;
          await tdb.db.pool.query(`UPDATE deliveries SET status = 'sending', sending_at = $2 WHERE id = ANY ($1::bigint[])`, [claimed, w.clock.now()]);
        }
        return client.query<R>(text, values);
      },
    };
    await client.query('BEGIN');
    const summary = await replanAccountQueues(interleaved, [w.accountId], w.clock.now(), seededRandom(9))
      .then(async (result) => (await client.query('COMMIT'), result))
      .finally(() => client.release(true));
    expect(claimedMeanwhile).toBe(true);
    expect(summary.accounts).toEqual([{ accountId: w.accountId, replanned: 4, stale: 0, ended: 0 }]);
    const rows = [...(await deliveryRows(tdb.db.pool, first)), ...(await deliveryRows(tdb.db.pool, second))];
    const untouched = rows.filter((r) => claimed.includes(r.id));
    expect(untouched.map((r) => [r.status, r.error_code])).toEqual([['sending', null], ['sending', null]]);
    expect(untouched.map((r) => r.planned_at.toISOString())).toEqual(['2026-02-26T12:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    expect(rows.filter((r) => !claimed.includes(r.id)).every((r) => r.status === 'queued' && r.planned_at >= w.clock.now())).toBe(true);
  });

  it('waits while another process re-plans the same account', async () => {
    const w = await world();
    await twoCampaigns(w);
    w.clock.set('2026-03-02T12:00:00Z');
    const holder = await tdb.db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(719045131, $1)', [w.accountId]);
      const replan = replanAccountQueues(tdb.db.pool, [w.accountId], w.clock.now(), seededRandom(10));
      await expect
        .poll(async () => (await tdb.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]!.n)
        .toBe(1);
      expect(await overdue(w)).toBe(6);
      await holder.query('COMMIT');
      expect((await replan).accounts[0]!.replanned).toBe(6);
      expect(await overdue(w)).toBe(0);
    } finally {
      holder.release();
    }
  });
});

describe('follow-ups falling due together', () => {
  it('go out at the campaign’s pace, not back to back', async () => {
    const w = await world(41);
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 5 }, (_, i) => ({ phone: okPhone(50 + i), tags: ['batch'] })));
    const id = await launch(w, [{ template: 'First', delaySeconds: 0 }, { template: 'Second of the batch', delaySeconds: 86_400 }], { delaySeconds: { min: 60, max: 60 } }, ['batch']);
    const dispatcher = worker(w, 6);
    await serve(w, dispatcher, new Date('2026-03-02T10:00:00Z'));
    expect((await deliveryRows(tdb.db.pool, id)).filter((r) => r.status === 'sent')).toHaveLength(5);

    // A day and an hour later every follow-up is due at once; maintenance creates them in one batch.
    w.clock.set(new Date('2026-03-03T10:00:00Z'));
    const dueAt = w.clock.now();
    await new CampaignMaintenance(tdb.db.pool, w.clock, undefined, { progressIntervalMs: 4_000, random: seededRandom(8) }).run();
    await serve(w, dispatcher, new Date('2026-03-04T00:00:00Z'));

    const followUps = (await w.driver.control.ledger.list({ sentSince: dueAt }))
      .filter((entry) => entry.text === 'Second of the batch')
      .map((entry) => entry.sentAt.getTime())
      .sort((a, b) => a - b);
    expect(followUps).toHaveLength(5);
    expect(Math.min(...gaps(followUps))).toBeGreaterThanOrEqual(MINUTE);
  });
});
