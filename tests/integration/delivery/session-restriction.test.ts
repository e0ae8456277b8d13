import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { FakeClock } from '../../../core/clock.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { SessionHost } from '../../../workers/session-host.js';
import { KEY_A, vaultOf } from '../accounts/account-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, drain, insertContacts, okPhone, RecordingNotifier, runToEnd, UNPACED } from './delivery-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CAP = 5;
const vault = vaultOf(KEY_A);
const logger = pino({ level: 'silent' });

interface World {
  clock: FakeClock;
  driver: SimulatedDriver;
  host: SessionHost;
  notifier: RecordingNotifier;
  dispatcher: DeliveryDispatcher;
  service: CampaignService;
  user: { id: number; chatId: number };
  accountIds: number[];
}

let tdb: TestDatabase;
const hosts: SessionHost[] = [];
let nextPhone = 0;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  // A later test's host would claim these accounts too.
  await tdb.db.pool.query('DELETE FROM users');
});
afterAll(async () => {
  await tdb.drop();
});

/** A Telegram account `sim-<i>` warmed up long ago, with a simulated session stored as the session host reads it. */
async function seedAccount(driver: SimulatedDriver, user: { id: number }, i: number, now: Date): Promise<number> {
  const pool = tdb.db.pool;
  const phone = `+1555030${String(nextPhone++).padStart(4, '0')}`;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO sender_accounts (user_id, platform, label, phone, status, daily_limit, connected_at, warmup_started_at, created_at, updated_at)
     VALUES ($1, 'telegram', $2, $3, 'active', 50, $4, $4::timestamptz - interval '90 days', $4, $4) RETURNING id`,
    [user.id, `sim-${i}`, phone, now],
  );
  const accountId = rows[0]!.id;
  // Held by a seeder only while the session is stored (credentials are written under a lease), then free.
  await pool.query(`INSERT INTO account_leases (account_id, user_id, owner, expires_at, fencing_token, renewed_at) VALUES ($1, $2, 'seeder', now() + interval '1 minute', 1, now())`, [
    accountId,
    user.id,
  ]);
  await driver.control.seedSession(phone, new PgCredentialStore(pool, vault, new FakeClock(now), { accountId, userId: user.id, holder: { owner: 'seeder', fencingToken: 1 } }));
  await new AccountLeases(pool).release('seeder', [accountId]);
  return accountId;
}

/** `accounts` accounts held by a session host (the dispatcher's registry), and one campaign through all of them. */
async function world(accounts: number): Promise<World> {
  const pool = tdb.db.pool;
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(1), replies: false });
  const notifier = new RecordingNotifier();
  const user = await createUser(pool);
  const accountIds: number[] = [];
  for (let i = 0; i < accounts; i += 1) accountIds.push(await seedAccount(driver, user, i, clock.now()));
  const host = new SessionHost({ pool, vault, drivers: { telegram: driver }, notifier, clock, logger, owner: `host-${user.id}`, leaseSeconds: 30, maxAccounts: 10, heartbeatMs: 100, random: seededRandom(4) });
  hosts.push(host);
  await host.start();
  await expect.poll(() => host.held().length).toBe(accounts);
  const dispatcher = new DeliveryDispatcher(
    { pool, clock, registry: host, notifier, random: seededRandom(3), newClientMessageId: () => driver.newClientMessageId() },
    { batchSize: 50, backoffBaseMs: 10_000, maxAttempts: 3, staleClaimMs: 60_000 },
  );
  const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(2) });
  return { clock, driver, host, notifier, dispatcher, service, user, accountIds };
}

async function launch(w: World, contacts: number): Promise<number> {
  await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: contacts }, (_, i) => ({ phone: okPhone(300 + i) })));
  const { id } = await w.service.createDraft(w.user.id, 'Restricted');
  await w.service.update(w.user.id, id, {
    accountIds: w.accountIds,
    schedule: { ...UNPACED, hours: { from: '09:00', to: '18:00' }, dailyCapPerAccount: CAP, delaySeconds: { min: 60, max: 60 } },
  });
  await w.service.setSteps(w.user.id, id, [{ template: 'Hello', delaySeconds: 0 }]);
  await w.service.launch(w.user.id, id);
  return id;
}

/** The platform restricts the account; resolves once the session host has handled it (its one notice). */
async function restrict(w: World, accountId: number, until?: Date): Promise<void> {
  const platformUserId = w.host.get(accountId)!.connection.profile.platformUserId;
  await w.driver.control.restrict(platformUserId, 'forbidden', until);
  await expect.poll(() => w.notifier.of('account.limited').length).toBe(1);
}

/** The most messages an account sent or has planned on one UTC day of the campaign. */
async function busiestDay(campaignId: number, accountId: number): Promise<number> {
  const { rows } = await tdb.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND account_id = $2 AND status IN ('queued', 'sent')
     GROUP BY to_char(coalesce(sent_at, planned_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') ORDER BY n DESC LIMIT 1`,
    [campaignId, accountId],
  );
  return rows[0]?.n ?? 0;
}

async function statuses(campaignId: number): Promise<{ account_id: number; status: string; n: number }[]> {
  const { rows } = await tdb.db.pool.query<{ account_id: number; status: string; n: number }>(
    'SELECT account_id, status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2',
    [campaignId],
  );
  return rows;
}

async function sentBy(w: World, accountId: number): Promise<Date[]> {
  const platformUserId = w.host.get(accountId)?.connection.profile.platformUserId;
  if (platformUserId === undefined) throw new Error(`account ${accountId} is not held`);
  return (await w.driver.control.ledger.list({ accountPlatformUserId: platformUserId })).map((entry) => entry.sentAt);
}

describe('a restriction the session reports', () => {
  it('hands the account’s queue to the campaign’s two other accounts within their caps and tells the user once, naming them', async () => {
    const w = await world(3);
    const [restricted, b, c] = w.accountIds as [number, number, number];
    const id = await launch(w, 30);
    const until = new Date(w.clock.now().getTime() + 6 * HOUR);
    await restrict(w, restricted, until);

    expect(await statuses(id)).toEqual([
      { account_id: b, status: 'queued', n: 15 },
      { account_id: c, status: 'queued', n: 15 },
    ]);
    for (const account of [b, c]) expect(await busiestDay(id, account)).toBeLessThanOrEqual(CAP);
    const { rows } = await tdb.db.pool.query<{ status: string; limited_until: Date; health_state: string }>(
      'SELECT status, limited_until, health_state FROM sender_accounts WHERE id = $1',
      [restricted],
    );
    expect(rows).toEqual([{ status: 'limited', limited_until: until, health_state: 'restricted' }]);
    expect(w.notifier.sent.map((n) => n.kind)).toEqual(['account.limited']);
    expect(w.notifier.sent[0]).toMatchObject({
      chatId: w.user.chatId,
      data: { accountId: restricted, reason: 'RESTRICTED', action: 'moved_to_other_accounts', until: until.toISOString(), movedDeliveries: 10, takenOverBy: ['sim-1', 'sim-2'] },
    });

    await runToEnd(tdb.db.pool, w.clock, w.dispatcher, id);
    expect(await statuses(id)).toEqual([
      { account_id: b, status: 'sent', n: 15 },
      { account_id: c, status: 'sent', n: 15 },
    ]);
    for (const account of [b, c]) expect(await busiestDay(id, account)).toBeLessThanOrEqual(CAP);
    expect(await sentBy(w, restricted)).toEqual([]);
    expect(w.notifier.sent.filter((n) => n.kind.startsWith('account.'))).toHaveLength(1);
  });

  it('with no other account, keeps the queue on the account and sends nothing before the restriction ends', async () => {
    const w = await world(1);
    const [alone] = w.accountIds as [number];
    const id = await launch(w, 3);
    const until = new Date(w.clock.now().getTime() + 2 * DAY);
    await restrict(w, alone, until);

    expect(w.notifier.of('account.limited')).toEqual([expect.objectContaining({ reason: 'RESTRICTED', action: 'waiting', until: until.toISOString(), movedDeliveries: 3, takenOverBy: [] })]);
    const { rows: planned } = await tdb.db.pool.query<{ first: Date }>(`SELECT min(planned_at) AS first FROM deliveries WHERE campaign_id = $1`, [id]);
    expect(planned[0]!.first.getTime()).toBeGreaterThanOrEqual(until.getTime());
    // A dispatcher round a minute before the end claims nothing, even with the clock past every old plan.
    w.clock.set(new Date(until.getTime() - 60_000));
    await drain(w.dispatcher);
    expect(await statuses(id)).toEqual([{ account_id: alone, status: 'queued', n: 3 }]);

    await runToEnd(tdb.db.pool, w.clock, w.dispatcher, id);
    expect(await statuses(id)).toEqual([{ account_id: alone, status: 'sent', n: 3 }]);
    const sent = await sentBy(w, alone);
    expect(sent).toHaveLength(3);
    for (const at of sent) expect(at.getTime()).toBeGreaterThanOrEqual(until.getTime());
  });

  it('without an end and no other account, leaves the deliveries queued and unsent, and says there is no end date', async () => {
    const w = await world(1);
    const [alone] = w.accountIds as [number];
    const id = await launch(w, 3);
    const { rows: before } = await tdb.db.pool.query<{ id: number; planned_at: Date }>('SELECT id, planned_at FROM deliveries WHERE campaign_id = $1 ORDER BY id', [id]);
    await restrict(w, alone);

    expect(w.notifier.of('account.limited')).toEqual([expect.objectContaining({ reason: 'RESTRICTED', action: 'waiting', until: null, movedDeliveries: 3 })]);
    const { rows: account } = await tdb.db.pool.query<{ status: string; limited_until: Date | null }>('SELECT status, limited_until FROM sender_accounts WHERE id = $1', [alone]);
    expect(account).toEqual([{ status: 'limited', limited_until: null }]);
    // Every plan is long overdue a week later: still nothing is claimed, re-planned, skipped or sent.
    w.clock.advance(7 * DAY);
    await drain(w.dispatcher);
    const { rows: after } = await tdb.db.pool.query<{ id: number; planned_at: Date }>('SELECT id, planned_at FROM deliveries WHERE campaign_id = $1 ORDER BY id', [id]);
    expect(after).toEqual(before);
    expect(await statuses(id)).toEqual([{ account_id: alone, status: 'queued', n: 3 }]);
    expect(await sentBy(w, alone)).toEqual([]);
  });
});
