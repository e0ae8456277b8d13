import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { loadCampaign } from '../../../core/campaigns/campaign.repository.js';
import { selectRecipients } from '../../../core/campaigns/launch-recipients.js';
import { loadAccountPacing } from '../../../core/delivery/account-pacing.js';
import { inTransaction } from '../../../core/delivery/sql.js';
import type { Schedule } from '../../../core/campaigns/campaign.types.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, insertContacts, okPhone, UNPACED } from '../delivery/delivery-fixtures.js';
import { seedAccountRows } from '../delivery/delivery-seed.js';

const DAY = 86_400_000;
// A Monday, 06:00 UTC.
const clock = new FakeClock('2026-03-02T06:00:00Z');
let tdb: TestDatabase;
let service: CampaignService;

beforeAll(async () => {
  tdb = await createTestDatabase();
  service = new CampaignService({ db: tdb.db, clock, random: seededRandom(5) });
});
afterAll(async () => {
  await tdb.drop();
});

interface Planned {
  contact_id: string;
  account_id: number;
  planned_at: Date;
  time_zone: string | null;
  warm: boolean;
}

async function planned(campaignId: number): Promise<Planned[]> {
  const { rows } = await tdb.db.pool.query<Planned>(
    'SELECT contact_id, account_id, planned_at, time_zone, warm FROM deliveries WHERE campaign_id = $1 ORDER BY planned_at, id',
    [campaignId],
  );
  return rows;
}

/** A user with `accounts` long-warmed accounts and `contacts` contacts with phones from `firstPhone`. */
async function setUp(accounts: number, contacts: number, firstPhone: number): Promise<{ userId: number; accountIds: number[]; contactIds: number[] }> {
  const user = await createUser(tdb.db.pool);
  const accountIds = await seedAccountRows(tdb.db.pool, user.id, accounts);
  const ids = await insertContacts(tdb.db.pool, user.id, Array.from({ length: contacts }, (_, i) => ({ phone: okPhone(firstPhone + i) })));
  return { userId: user.id, accountIds, contactIds: ids.map(Number) };
}

async function draft(userId: number, accountIds: number[], schedule: Partial<Schedule>): Promise<number> {
  const { id } = await service.createDraft(userId, 'Plan');
  await service.update(userId, id, { accountIds, schedule: { ...UNPACED, ...schedule } });
  await service.setSteps(userId, id, [{ template: 'Hello', delaySeconds: 0 }]);
  return id;
}

function countPerDay(rows: readonly Planned[], zone: string): number[] {
  const days = new Map<string, number>();
  for (const row of rows) {
    const day = DateTime.fromJSDate(row.planned_at, { zone }).toISODate()!;
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return [...days.keys()].sort().map((day) => days.get(day)!);
}

describe('launch planning', () => {
  it("plans each recipient inside the window of its own zone (explicit, city, country), unknown places in the campaign's zone", async () => {
    const { userId, accountIds, contactIds } = await setUp(1, 12, 100);
    const places: [string | null, string | null, string | null, string][] = [
      ['America/New_York', null, null, 'America/New_York'],
      [null, 'US', 'Los Angeles', 'America/Los_Angeles'],
      [null, 'India', null, 'Asia/Kolkata'],
      // Places are user text: commas, quotes and line breaks must not shift the columns the launch reads.
      [null, 'Atlantis', 'Nowhere, "Deep"\nSea \\ 1', 'Europe/Berlin'],
    ];
    const expected = new Map<number, string>();
    for (const [i, id] of contactIds.entries()) {
      const [timeZone, country, city, zone] = places[i % places.length]!;
      await tdb.db.pool.query('UPDATE contacts SET time_zone = $2, country = $3, city = $4 WHERE id = $1', [id, timeZone, country, city]);
      expected.set(id, zone);
    }
    const id = await draft(userId, accountIds, {
      timeZone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      hours: { from: '10:00', to: '12:00' },
      delaySeconds: { min: 60, max: 300 },
      recipientLocalTime: true,
    });
    const result = await service.launch(userId, id);
    expect(result).toMatchObject({ queued: 12, skipped: 0, unplanned: 0 });
    const rows = await planned(id);
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const zone = expected.get(Number(row.contact_id))!;
      expect(row.time_zone).toBe(zone === 'Europe/Berlin' ? null : zone);
      const local = DateTime.fromJSDate(row.planned_at, { zone });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(10 * 60);
      expect(local.hour).toBeLessThan(12);
    }
    // The zones really differ: Kolkata's window opens first (04:30 UTC), Los Angeles' last (18:00 UTC).
    const firstOf = (zone: string): number => Math.min(...rows.filter((r) => expected.get(Number(r.contact_id)) === zone).map((r) => r.planned_at.getTime()));
    expect(firstOf('Asia/Kolkata')).toBeLessThan(firstOf('Europe/Berlin'));
    expect(firstOf('Europe/Berlin')).toBeLessThan(firstOf('America/New_York'));
    expect(firstOf('America/New_York')).toBeLessThan(firstOf('America/Los_Angeles'));
  });

  it('sends to warm recipients first, through the account that knows them, and counts warm and cold per account', async () => {
    const { userId, accountIds, contactIds } = await setUp(2, 6, 200);
    const [a, b] = accountIds as [number, number];
    const peer = (i: number): string => `phone:${okPhone(200 + i)}`;
    await tdb.db.pool.query(
      `INSERT INTO account_peers (account_id, user_id, peer, source, seen_at) SELECT v.account, $1, v.peer, 'dialog', now()
       FROM unnest($2::int[], $3::text[]) AS v(account, peer)`,
      [userId, [a, a, b], [peer(4), peer(5), peer(3)]],
    );
    const id = await draft(userId, accountIds, { delaySeconds: { min: 60, max: 60 } });
    const preview = await service.planPreview(userId, id);
    expect(await planned(id)).toEqual([]);
    const result = await service.launch(userId, id);
    expect(preview).toEqual(result);
    expect(result.accounts.map(({ accountId, warm, cold, unplanned }) => ({ accountId, warm, cold, unplanned }))).toEqual([
      { accountId: a, warm: 2, cold: 1, unplanned: 0 },
      { accountId: b, warm: 1, cold: 2, unplanned: 0 },
    ]);
    const rows = await planned(id);
    const row = (i: number): Planned => rows.find((r) => Number(r.contact_id) === contactIds[i])!;
    expect([row(4).account_id, row(5).account_id, row(3).account_id]).toEqual([a, a, b]);
    expect(rows.filter((r) => r.warm).map((r) => Number(r.contact_id)).sort()).toEqual([contactIds[3], contactIds[4], contactIds[5]].sort());
    for (const account of [a, b]) {
      const mine = rows.filter((r) => r.account_id === account);
      const lastWarm = Math.max(...mine.filter((r) => r.warm).map((r) => r.planned_at.getTime()));
      const firstCold = Math.min(...mine.filter((r) => !r.warm).map((r) => r.planned_at.getTime()));
      expect(lastWarm).toBeLessThan(firstCold);
      const plan = result.accounts.find((p) => p.accountId === account)!;
      expect(plan.firstAt).toBe(mine[0]!.planned_at.toISOString());
      expect(plan.lastAt).toBe(mine.at(-1)!.planned_at.toISOString());
    }
  });

  it("grows a new account's plan by its warm-up: 10 on day one, 15 on day two, and leaves what passes the end unplanned", async () => {
    const { userId, accountIds } = await setUp(1, 40, 300);
    await tdb.db.pool.query('UPDATE sender_accounts SET warmup_started_at = $2 WHERE id = $1', [accountIds[0], clock.now()]);
    const id = await draft(userId, accountIds, { dailyCapPerAccount: 100, endAt: '2026-03-05T00:00:00Z' });
    const result = await service.launch(userId, id);
    expect(result).toMatchObject({ queued: 40, unplanned: 0 });
    expect(countPerDay(await planned(id), 'UTC')).toEqual([10, 15, 15]);

    const longer = await setUp(1, 60, 400);
    await tdb.db.pool.query('UPDATE sender_accounts SET warmup_started_at = $2 WHERE id = $1', [longer.accountIds[0], clock.now()]);
    const ended = await draft(longer.userId, longer.accountIds, { dailyCapPerAccount: 100, endAt: '2026-03-04T00:00:00Z' });
    const cut = await service.launch(longer.userId, ended);
    expect(cut).toMatchObject({ queued: 25, unplanned: 35, accounts: [{ warm: 0, cold: 25, unplanned: 35 }] });
    expect(countPerDay(await planned(ended), 'UTC')).toEqual([10, 15]);
  });

  it('selects the same recipients in the same order when the upper half of the contacts is read alongside', async () => {
    const user = await createUser(tdb.db.pool);
    const accountIds = await seedAccountRows(tdb.db.pool, user.id, 2);
    const seeds = Array.from({ length: 41 }, (_, i) => ({
      phone: okPhone(700 + i),
      ...(i % 3 === 0 ? { username: `Half_${i}` } : {}),
      ...(i % 7 === 0 ? { optedOut: true } : {}),
      ...(i === 20 || i === 21 ? { reachable: false, phone: undefined } : {}),
    }));
    const contactIds = await insertContacts(tdb.db.pool, user.id, seeds);
    await tdb.db.pool.query(`UPDATE contacts SET city = 'Tokyo', country = 'JP' WHERE id = ANY ($1::bigint[])`, [contactIds.filter((_, i) => i % 2 === 1)]);
    await tdb.db.pool.query(
      `INSERT INTO account_peers (account_id, user_id, peer, source, seen_at) VALUES ($1, $2, $3, 'dialog', now()), ($1, $2, $4, 'dialog', now())`,
      [accountIds[1], user.id, `phone:${okPhone(701)}`, 'username:half_39'],
    );
    const id = await draft(user.id, accountIds, { recipientLocalTime: true });
    const campaign = await loadCampaign(tdb.db.pool, user.id, id);
    const accounts = await loadAccountPacing(tdb.db.pool, accountIds, clock.now());

    const alone = await inTransaction(tdb.db.pool, (client) => selectRecipients(client, campaign, accounts, clock.now()));
    const split = await inTransaction(tdb.db.pool, (client) => selectRecipients(client, campaign, accounts, clock.now(), tdb.db.pool));

    expect(split).toEqual(alone);
    const selected = alone.map((r) => Number(r.contactId));
    expect(selected).toEqual(contactIds.filter((_, i) => i % 7 !== 0 && i !== 20 && i !== 21));
    // Both halves are there: the first and last contacts, and the warm ones on either side of the middle.
    expect(alone.find((r) => r.recipient === `phone:${okPhone(701)}`)?.knownBy).toEqual([accountIds[1]]);
    expect(alone.find((r) => r.recipient === 'username:half_39')).toMatchObject({ knownBy: [accountIds[1]], city: 'Tokyo' });
  });

  it('leaves out a recipient cached unreachable for the campaign’s account, counting it as skipped', async () => {
    const { userId, accountIds, contactIds } = await setUp(1, 3, 600);
    await tdb.db.pool.query(
      `INSERT INTO recipient_checks (account_id, user_id, platform, recipient, reachable, everywhere, checked_at, expires_at)
       VALUES ($1, $2, 'telegram', $3, false, false, $4, $4::timestamptz + interval '7 days')`,
      [accountIds[0], userId, `phone:${okPhone(601)}`, clock.now()],
    );
    const id = await draft(userId, accountIds, {});
    expect(await service.launch(userId, id)).toMatchObject({ queued: 2, skipped: 1 });
    expect((await planned(id)).map((r) => Number(r.contact_id)).sort((a, b) => a - b)).toEqual([contactIds[0], contactIds[2]]);
  });

  it('plans an account restricted yesterday from the restart cap, not its warmed-up cap', async () => {
    const { userId, accountIds } = await setUp(1, 30, 500);
    await tdb.db.pool.query('UPDATE sender_accounts SET last_restricted_at = $2 WHERE id = $1', [accountIds[0], new Date(clock.now().getTime() - DAY)]);
    const id = await draft(userId, accountIds, { dailyCapPerAccount: 100 });
    await service.launch(userId, id);
    // Restart cap 5 on the day of the restriction, +5 per healthy day since: 10 today, 15 tomorrow.
    expect(countPerDay(await planned(id), 'UTC')).toEqual([10, 15, 5]);
  });
});
