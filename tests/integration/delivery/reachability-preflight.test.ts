import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveAccount } from '../../../core/accounts/connection-registry.js';
import { FakeClock } from '../../../core/clock.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { reserveCheck } from '../../../core/delivery/reachability/check-budget.js';
import { carryOutPreflight, type PreflightJobDeps } from '../../../core/delivery/reachability/preflight-job.js';
import { saveChecks, unreachableRecipientCondition } from '../../../core/delivery/reachability/recipient-checks.js';
import { ReachabilityService } from '../../../core/delivery/reachability/reachability.service.js';
import { DEFAULT_REACHABILITY_OPTIONS, PREFLIGHT_JOB, type PreflightDoneNotification } from '../../../core/delivery/reachability/reachability.types.js';
import type { JobQueue } from '../../../core/jobs.js';
import { MessengerError, type MessengerConnection, type RecipientRef } from '../../../core/messengers/messenger.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, okPhone, RecordingNotifier, UNPACED, type ContactSeed } from './delivery-fixtures.js';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

/** A job queue that only records what it was asked to run. */
class RecordingJobs implements JobQueue {
  readonly enqueued: { name: string; data: Record<string, unknown>; at?: Date }[] = [];
  async enqueue(name: string, data: Record<string, unknown>, options?: { at?: Date }): Promise<void> {
    this.enqueued.push({ name, data, ...(options?.at ? { at: options.at } : {}) });
  }
  async cancel(): Promise<number> {
    return 0;
  }
}

/** The simulated connection, counting its lookups and failing the ones programmed in `faults` (by call number). */
function spied(connection: MessengerConnection, faults: Map<number, MessengerError>): { connection: MessengerConnection; lookups: RecipientRef[] } {
  const lookups: RecipientRef[] = [];
  const wrapped = Object.create(connection) as MessengerConnection;
  wrapped.resolveRecipient = async (ref) => {
    lookups.push(ref);
    const fault = faults.get(lookups.length);
    if (fault !== undefined) throw fault;
    return connection.resolveRecipient(ref);
  };
  return { connection: wrapped, lookups };
}

interface World {
  clock: FakeClock;
  driver: SimulatedDriver;
  registry: MemoryConnectionRegistry;
  notifier: RecordingNotifier;
  jobs: RecordingJobs;
  service: CampaignService;
  user: { id: number; chatId: number };
  accounts: LiveAccount[];
  lookups: RecipientRef[][];
  faults: Map<number, MessengerError>[];
  deps: PreflightJobDeps;
  campaignId: number;
}

/** `accounts` Telegram accounts with a daily cap of `cap` (warm-up long done) and a draft campaign through them. */
async function world(options: { accounts?: number; cap?: number; contacts: readonly ContactSeed[]; hold?: number }): Promise<World> {
  const pool = tdb.db.pool;
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(1), replies: false });
  const registry = new MemoryConnectionRegistry();
  const user = await createUser(pool);
  const live = await connectSimulatedAccounts(pool, driver, user, options.accounts ?? 1, clock.now());
  await pool.query(`UPDATE sender_accounts SET daily_limit = $2, warmup_started_at = '2025-01-01' WHERE id = ANY ($1::int[])`, [live.map((a) => a.accountId), options.cap ?? 6]);
  const lookups: RecipientRef[][] = [];
  const faults: Map<number, MessengerError>[] = [];
  const accounts: LiveAccount[] = [];
  for (const [i, account] of live.entries()) {
    const spy = spied(account.connection, (faults[i] = new Map<number, MessengerError>()));
    lookups.push(spy.lookups);
    const wrapped = { ...account, connection: spy.connection };
    accounts.push(wrapped);
    if (i < (options.hold ?? live.length)) await registry.add(wrapped);
  }
  await insertContacts(pool, user.id, options.contacts);
  const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(2) });
  const { id } = await service.createDraft(user.id, 'Spring');
  await service.update(user.id, id, { accountIds: live.map((a) => a.accountId), schedule: UNPACED });
  await service.setSteps(user.id, id, [{ template: 'Hello', delaySeconds: 0 }]);
  const notifier = new RecordingNotifier();
  const jobs = new RecordingJobs();
  const deps: PreflightJobDeps = {
    db: pool,
    clock,
    random: seededRandom(3),
    // The pacing waits on the fake clock: nothing really sleeps.
    sleep: async (ms) => clock.advance(ms),
    jobs,
    notifier,
    options: DEFAULT_REACHABILITY_OPTIONS,
  };
  return { clock, driver, registry, notifier, jobs, service, user, accounts, lookups, faults, deps, campaignId: id };
}

async function preflight(w: World, extra: { accountIds?: number[] } = {}): Promise<void> {
  await carryOutPreflight(w.deps, w.registry, { userId: w.user.id, campaignId: w.campaignId, hop: 0, ...extra });
}

async function usage(w: World, accountId: number, day: string): Promise<{ sent: number; checks: number } | undefined> {
  const { rows } = await tdb.db.pool.query<{ sent: number; checks: number }>('SELECT sent, checks FROM account_daily_usage WHERE account_id = $1 AND day = $2::date', [accountId, day]);
  return rows[0];
}

async function checks(accountId: number): Promise<{ recipient: string; reachable: boolean; error_code: string | null; checked_at: Date; expires_at: Date }[]> {
  const { rows } = await tdb.db.pool.query<{ recipient: string; reachable: boolean; error_code: string | null; checked_at: Date; expires_at: Date }>(
    'SELECT recipient, reachable, error_code, checked_at, expires_at FROM recipient_checks WHERE account_id = $1 ORDER BY checked_at, recipient',
    [accountId],
  );
  return rows;
}

function lastReport(w: World): PreflightDoneNotification {
  return w.notifier.of('campaign.preflight_done').at(-1)!;
}

const phones = (from: number, count: number): ContactSeed[] => Array.from({ length: count }, (_, i) => ({ phone: okPhone(from + i) }));

describe('reachability pre-flight on a budget', () => {
  it('checks exactly up to the account budget, paced by the clock, leaves the rest unchecked and continues on a later day', async () => {
    const w = await world({ cap: 6, contacts: phones(1, 10) });
    const accountId = w.accounts[0]!.accountId;
    await preflight(w);

    expect(w.lookups[0]).toHaveLength(6);
    expect(await usage(w, accountId, '2026-03-02')).toEqual({ sent: 0, checks: 6 });
    const rows = await checks(accountId);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.reachable)).toBe(true);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.checked_at.getTime()).toBe(7 * 86_400_000);
    // A random pause of 3–8 s separates two lookups of the account.
    const gaps = rows.slice(1).map((row, i) => row.checked_at.getTime() - rows[i]!.checked_at.getTime());
    expect(gaps.every((gap) => gap >= 3_000 && gap <= 8_000)).toBe(true);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    const report = lastReport(w);
    expect(report).toMatchObject({ campaignId: w.campaignId, name: 'Spring', checked: 6, stops: ['budget'] });
    expect(report.summary.channels).toEqual([{ channel: 'telegram', reachable: 6, unreachable: 0, unchecked: 4, topReasons: [] }]);

    // The same day, nothing is left to spend: no lookup at all.
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(6);
    expect(await usage(w, accountId, '2026-03-02')).toEqual({ sent: 0, checks: 6 });

    // The next day the budget is back and the rest is checked.
    w.clock.set('2026-03-03T09:00:00Z');
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(10);
    expect(await usage(w, accountId, '2026-03-03')).toEqual({ sent: 0, checks: 4 });
    expect(lastReport(w)).toMatchObject({ checked: 4, stops: [] });
    expect(lastReport(w).summary.channels[0]).toMatchObject({ reachable: 10, unchecked: 0 });
  });

  it('keeps the units of the sends planned for today and of those already sent', async () => {
    const w = await world({ cap: 6, contacts: phones(20, 10) });
    const accountId = w.accounts[0]!.accountId;
    // Another campaign to two other contacts is planned for today on the same account; one message went out.
    await insertContacts(tdb.db.pool, w.user.id, phones(40, 2).map((c) => ({ ...c, tags: ['other'] })));
    await w.service.update(w.user.id, w.campaignId, { audience: { listIds: [], tags: [], excludeTags: ['other'] } });
    const { id: other } = await w.service.createDraft(w.user.id, 'Other');
    await w.service.update(w.user.id, other, { accountIds: [accountId], schedule: UNPACED, audience: { listIds: [], tags: ['other'], excludeTags: [] } });
    await w.service.setSteps(w.user.id, other, [{ template: 'Hi', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, other);
    expect((await deliveryRows(tdb.db.pool, other)).filter((row) => row.status === 'queued')).toHaveLength(2);
    await tdb.db.pool.query(`INSERT INTO account_daily_usage (account_id, user_id, day, sent) VALUES ($1, $2, '2026-03-02', 1)`, [accountId, w.user.id]);

    await preflight(w);
    // 6 − 1 sent − 2 planned for today = 3 lookups.
    expect(w.lookups[0]).toHaveLength(3);
    expect(await usage(w, accountId, '2026-03-02')).toEqual({ sent: 1, checks: 3 });
  });

  it('re-checks a recipient once its cached answer expires', async () => {
    const w = await world({ cap: 6, contacts: phones(60, 3) });
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(3);
    w.clock.advance(6 * 86_400_000);
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(3);
    expect(lastReport(w).summary.channels[0]).toMatchObject({ reachable: 3, unchecked: 0 });

    w.clock.advance(86_400_000 + 60_000);
    expect((await new ReachabilityService({ db: tdb.db.pool, clock: w.clock }).summary(w.user.id, w.campaignId)).channels[0]).toMatchObject({ reachable: 0, unchecked: 3 });
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(6);
    expect(lastReport(w).summary.channels[0]).toMatchObject({ reachable: 3, unchecked: 0 });
  });

  it('stops checking through an account on FLOOD_WAIT until the wait has passed, caching nothing for it', async () => {
    const w = await world({ cap: 6, contacts: phones(80, 5) });
    const accountId = w.accounts[0]!.accountId;
    w.faults[0]!.set(3, new MessengerError('FLOOD_WAIT', 'slow down', 120));
    await preflight(w);

    expect(w.lookups[0]).toHaveLength(3);
    expect(await checks(accountId)).toHaveLength(2);
    expect(await usage(w, accountId, '2026-03-02')).toEqual({ sent: 0, checks: 3 });
    expect(lastReport(w)).toMatchObject({ checked: 3, stops: ['flood_wait'] });
    const { rows } = await tdb.db.pool.query<{ paused_until: Date }>('SELECT paused_until FROM account_check_state WHERE account_id = $1', [accountId]);
    const floodAt = w.clock.now().getTime();
    expect(rows[0]!.paused_until.getTime()).toBe(floodAt + 120_000);

    // Still waiting: not a single lookup.
    w.clock.advance(119_000);
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(3);

    w.clock.advance(1_000);
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(6);
    expect(await checks(accountId)).toHaveLength(5);
    expect(await usage(w, accountId, '2026-03-02')).toEqual({ sent: 0, checks: 6 });
  });

  it('skips recipients cached unreachable at send time without any lookup, and sends to the others from the cache', async () => {
    const contacts: ContactSeed[] = [{ phone: okPhone(101) }, { username: 'ghost_one' }, { phone: '+15551230000' }, { username: 'anna_ok' }];
    const w = await world({ cap: 20, contacts });
    const [ok, ghost, nobody, anna] = contacts.map((c) => (c.username ? `username:${c.username}` : `phone:${c.phone}`));
    await w.service.launch(w.user.id, w.campaignId);
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(4);
    expect(lastReport(w).summary.channels).toEqual([
      { channel: 'telegram', reachable: 2, unreachable: 2, unchecked: 0, topReasons: [{ code: 'RECIPIENT_NOT_FOUND', count: 2 }] },
    ]);

    const dispatcher = new DeliveryDispatcher({ pool: tdb.db.pool, clock: w.clock, registry: w.registry, newClientMessageId: () => w.driver.newClientMessageId() });
    while ((await dispatcher.dispatchOnce()) > 0) {
      // until nothing is due
    }
    expect(w.lookups[0]).toHaveLength(4); // not one lookup while sending
    const rows = await deliveryRows(tdb.db.pool, w.campaignId);
    const byRecipient = Object.fromEntries(rows.map((row) => [row.recipient, row]));
    expect(byRecipient[ok!]!.status).toBe('sent');
    expect(byRecipient[anna!]!.status).toBe('sent');
    expect(byRecipient[ghost!]).toMatchObject({ status: 'skipped', error_code: 'UNREACHABLE', rendered_text: null });
    expect(byRecipient[nobody!]).toMatchObject({ status: 'skipped', error_code: 'UNREACHABLE' });
    expect(await w.driver.control.ledger.list({})).toHaveLength(2);
  });

  it('caches what sending learns, so the next message to the same recipient needs no lookup', async () => {
    const contacts: ContactSeed[] = [{ phone: okPhone(121) }, { username: 'ghost_two' }];
    const w = await world({ cap: 20, contacts });
    const accountId = w.accounts[0]!.accountId;
    await w.service.launch(w.user.id, w.campaignId);
    const dispatcher = new DeliveryDispatcher({ pool: tdb.db.pool, clock: w.clock, registry: w.registry, newClientMessageId: () => w.driver.newClientMessageId() });
    await dispatcher.dispatchOnce();
    expect(w.lookups[0]).toHaveLength(2);
    expect((await checks(accountId)).map((row) => [row.recipient, row.reachable, row.error_code])).toEqual([
      [`phone:${okPhone(121)}`, true, null],
      ['username:ghost_two', false, 'RECIPIENT_NOT_FOUND'],
    ]);
    const first = await deliveryRows(tdb.db.pool, w.campaignId);
    expect(first.map((row) => row.status).sort()).toEqual(['failed', 'sent']);

    // A second campaign to the same two: the launch leaves out the one cached unreachable (counted as skipped),
    // and the known one is sent from the cache.
    const { id: again } = await w.service.createDraft(w.user.id, 'Again');
    await w.service.update(w.user.id, again, { accountIds: [accountId], schedule: UNPACED, allowOverlap: true });
    await w.service.setSteps(w.user.id, again, [{ template: 'Hello again', delaySeconds: 0 }]);
    expect(await w.service.launch(w.user.id, again)).toMatchObject({ queued: 1, skipped: 1 });
    await dispatcher.dispatchOnce();
    expect(w.lookups[0]).toHaveLength(2);
    expect((await deliveryRows(tdb.db.pool, again)).map((row) => [row.recipient, row.status])).toEqual([[`phone:${okPhone(121)}`, 'sent']]);
  });

  it('never grants more lookups than the budget, even to concurrent reservations', async () => {
    const w = await world({ cap: 6, contacts: [] });
    const account = { accountId: w.accounts[0]!.accountId, userId: w.user.id };
    const granted = await Promise.all(Array.from({ length: 12 }, () => reserveCheck(tdb.db.pool, account, w.clock.now())));
    expect(granted.filter(Boolean)).toHaveLength(6);
    expect(await usage(w, account.accountId, '2026-03-02')).toEqual({ sent: 0, checks: 6 });
  });

  it('passes the run on for accounts another worker holds and reports only when the run is over', async () => {
    const w = await world({ accounts: 2, cap: 6, contacts: phones(140, 4), hold: 1 });
    const [held, elsewhere] = w.accounts.map((a) => a.accountId);
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(4);
    expect(w.lookups[1]).toHaveLength(0);
    expect(w.notifier.of('campaign.preflight_done')).toHaveLength(0);
    expect(w.jobs.enqueued).toEqual([
      {
        name: PREFLIGHT_JOB,
        data: { userId: w.user.id, campaignId: w.campaignId, accountIds: [elsewhere], hop: 1, checked: 4, stops: [] },
        at: new Date(w.clock.now().getTime() + 5_000),
      },
    ]);
    expect(held).not.toBe(elsewhere);

    // The worker holding the other account finds nothing left and reports the whole run.
    await w.registry.add(w.accounts[1]!);
    await carryOutPreflight(w.deps, w.registry, w.jobs.enqueued[0]!.data as { userId: number; campaignId: number; accountIds: number[]; hop: number; checked: number });
    expect(w.lookups[1]).toHaveLength(0);
    expect(lastReport(w)).toMatchObject({ checked: 4, stops: [] });
  });

  it('spreads the audience over the accounts and never spends more than each one may', async () => {
    const w = await world({ accounts: 2, cap: 3, contacts: phones(160, 10) });
    await preflight(w);
    expect(w.lookups[0]).toHaveLength(3);
    expect(w.lookups[1]).toHaveLength(3);
    expect(new Set([...w.lookups[0]!, ...w.lookups[1]!].map((ref) => JSON.stringify(ref))).size).toBe(6);
    expect(lastReport(w).summary.channels[0]).toMatchObject({ reachable: 6, unchecked: 4 });
  });
});

describe('unreachableRecipientCondition', () => {
  it('holds when the platform says nobody has the recipient, or when every candidate account of the channel got a refusal', async () => {
    const w = await world({ accounts: 2, cap: 6, contacts: [] });
    const [a, b] = w.accounts.map((x) => x.accountId) as [number, number];
    const now = w.clock.now();
    const later = new Date(now.getTime() + 86_400_000);
    const base = { userId: w.user.id, platform: 'telegram' as const, address: null, platformUserId: null, checkedAt: now, expiresAt: later };
    await saveChecks(tdb.db.pool, [
      { ...base, accountId: a, recipient: 'username:shy_one', reachable: false, everywhere: false, errorCode: 'PRIVACY_RESTRICTED' },
      { ...base, accountId: a, recipient: 'username:shy_two', reachable: false, everywhere: false, errorCode: 'PRIVACY_RESTRICTED' },
      { ...base, accountId: b, recipient: 'username:shy_two', reachable: false, everywhere: false, errorCode: 'PRIVACY_RESTRICTED' },
      { ...base, accountId: b, recipient: 'username:ghost_three', reachable: false, everywhere: true, errorCode: 'RECIPIENT_NOT_FOUND' },
      { ...base, accountId: b, recipient: 'username:old_ghost', reachable: false, everywhere: true, errorCode: 'RECIPIENT_NOT_FOUND', expiresAt: now },
    ]);
    const condition = unreachableRecipientCondition({ recipient: 'r.recipient', channel: 'r.channel', userId: '$1', accountIds: '$2::int[]', now: '$3' });
    const { rows } = await tdb.db.pool.query<{ recipient: string; bad: boolean }>(
      `SELECT r.recipient, ${condition} AS bad
       FROM (VALUES ('username:shy_one', 'telegram'), ('username:shy_two', 'telegram'), ('username:ghost_three', 'telegram'),
                    ('username:old_ghost', 'telegram'), ('username:ghost_three', 'whatsapp')) AS r(recipient, channel)`,
      [w.user.id, [a, b], now],
    );
    expect(rows.map((row) => [row.recipient, row.bad])).toEqual([
      ['username:shy_one', false], // account b may still reach them
      ['username:shy_two', true],
      ['username:ghost_three', true],
      ['username:old_ghost', false], // the answer expired
      ['username:ghost_three', false], // another channel
    ]);
  });
});
