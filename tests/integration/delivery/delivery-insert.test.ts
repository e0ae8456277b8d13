import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFreshDeliveries, PlannedRowsMismatchError, type DeliveryTarget, type PlannedDeliveryRows } from '../../../core/delivery/delivery-insert.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, insertContacts, okPhone } from './delivery-fixtures.js';
import { seedAccountRows } from './delivery-seed.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

const NOW = new Date('2026-03-02T09:00:00.000Z');

/** A user with `contacts` contacts, two sender accounts and a draft campaign with one step. */
async function seedOwner(pool: pg.Pool, contacts: number): Promise<{ target: DeliveryTarget; contactIds: number[]; accountIds: number[] }> {
  const user = await createUser(pool);
  const contactIds = await insertContacts(pool, user.id, Array.from({ length: contacts }, (_, i) => ({ phone: okPhone(i + 1) })));
  const accountIds = await seedAccountRows(pool, user.id, 2);
  const { rows: campaign } = await pool.query<{ id: number }>(
    `INSERT INTO campaigns (user_id, name, created_at, updated_at) VALUES ($1, 'c', $2, $2) RETURNING id`,
    [user.id, NOW],
  );
  const { rows: step } = await pool.query<{ id: number }>(
    `INSERT INTO campaign_steps (campaign_id, user_id, position, template) VALUES ($1, $2, 1, 'Hi') RETURNING id`,
    [campaign[0]!.id, user.id],
  );
  return { target: { userId: user.id, campaignId: campaign[0]!.id, stepId: step[0]!.id, now: NOW }, contactIds, accountIds };
}

/** One planned row per contact, alternating the accounts, a minute apart. */
function planned(contactIds: readonly number[], accountIds: readonly number[]): PlannedDeliveryRows {
  return {
    contactIds: contactIds.map(String),
    accountIds: contactIds.map((_, i) => accountIds[i % accountIds.length]!),
    channels: contactIds.map(() => 'telegram'),
    recipients: contactIds.map((id) => `phone:+${id}`),
    plannedAt: contactIds.map((_, i) => NOW.getTime() + i * 60_000),
    timeZones: contactIds.map((_, i) => (i === 0 ? 'Europe/Berlin' : null)),
    warm: contactIds.map((_, i) => i === 1),
  };
}

async function stored(pool: pg.Pool, stepId: number): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT user_id, campaign_id, contact_id::int, account_id, channel, recipient, status, planned_at, time_zone, warm, queued_at, updated_at
     FROM deliveries WHERE step_id = $1 ORDER BY contact_id`,
    [stepId],
  );
  return rows;
}

describe('insertFreshDeliveries', () => {
  it('inserts one queued delivery per planned row with every column, and returns how many', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 3);

    const inserted = await insertFreshDeliveries(pool, target, planned(contactIds, accountIds), 2);

    expect(inserted).toBe(3);
    expect(await stored(pool, target.stepId)).toEqual(contactIds.map((contactId, i) => ({
      user_id: target.userId,
      campaign_id: target.campaignId,
      contact_id: contactId,
      account_id: accountIds[i % 2],
      channel: 'telegram',
      recipient: `phone:+${contactId}`,
      status: 'queued',
      planned_at: new Date(NOW.getTime() + i * 60_000),
      time_zone: i === 0 ? 'Europe/Berlin' : null,
      warm: i === 1,
      queued_at: NOW,
      updated_at: NOW,
    })));
  });

  it('keeps each row’s columns together when the rows come in no particular order', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 3);
    const shuffled = [contactIds[2]!, contactIds[0]!, contactIds[1]!];

    await insertFreshDeliveries(pool, target, planned(shuffled, accountIds), 2);

    const byContact = new Map((await stored(pool, target.stepId)).map((row) => [row.contact_id, row]));
    shuffled.forEach((contactId, i) => {
      expect(byContact.get(contactId)).toMatchObject({
        account_id: accountIds[i % 2],
        recipient: `phone:+${contactId}`,
        planned_at: new Date(NOW.getTime() + i * 60_000),
        time_zone: i === 0 ? 'Europe/Berlin' : null,
        warm: i === 1,
      });
    });
  });

  it('keeps planned times to the millisecond, before the queue time and months after it', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 3);
    const times = [new Date(NOW.getTime() - 1_234), new Date(NOW.getTime() + 1), new Date('2027-08-31T23:59:59.999Z')];

    await insertFreshDeliveries(pool, target, { ...planned(contactIds, accountIds), plannedAt: times.map((time) => time.getTime()) }, 2);

    expect((await stored(pool, target.stepId)).map((row) => row.planned_at)).toEqual(times);
  });

  it('refuses to insert for a contact that already has a delivery of the step, so nothing is ever sent twice', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 4);
    await insertFreshDeliveries(pool, target, planned(contactIds.slice(0, 2), accountIds), 2);
    const before = await stored(pool, target.stepId);

    const again = insertFreshDeliveries(pool, { ...target, now: new Date('2026-03-03T00:00:00Z') }, planned(contactIds, accountIds.slice(1)), 2);

    await expect(again).rejects.toMatchObject({ code: '23505' });
    expect(await stored(pool, target.stepId)).toEqual(before);
  });

  it('splits many rows into ranges inserted at once, each contact once, with every column kept', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 12_000);
    const rows = planned(contactIds, accountIds);

    expect(await insertFreshDeliveries(pool, target, rows, 2)).toBe(12_000);

    const { rows: stats } = await pool.query<{ n: number; contacts: number; mismatched: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT contact_id)::int AS contacts,
              count(*) FILTER (WHERE recipient <> 'phone:+' || contact_id OR planned_at <> $2::timestamptz + (rn - 1) * interval '1 minute')::int AS mismatched
       FROM (SELECT d.*, row_number() OVER (ORDER BY contact_id) AS rn FROM deliveries d WHERE step_id = $1) s`,
      [target.stepId, NOW],
    );
    expect(stats[0]).toEqual({ n: 12_000, contacts: 12_000, mismatched: 0 });
  });

  it('inserts a contact planned twice in one call once', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 2);

    const inserted = await insertFreshDeliveries(pool, target, planned([contactIds[0]!, contactIds[1]!, contactIds[0]!], accountIds), 2);

    expect(inserted).toBe(2);
    expect((await stored(pool, target.stepId)).map((row) => row.contact_id)).toEqual(contactIds);
  });

  it('returns 0 for no rows', async () => {
    const pool = tdb.db.pool;
    const { target } = await seedOwner(pool, 0);
    expect(await insertFreshDeliveries(pool, target, planned([], []), 2)).toBe(0);
  });

  it('refuses columns of different lengths without inserting anything', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 3);
    const rows = { ...planned(contactIds, accountIds), warm: [true, false] };

    await expect(insertFreshDeliveries(pool, target, rows, 2)).rejects.toBeInstanceOf(PlannedRowsMismatchError);
    expect(await stored(pool, target.stepId)).toEqual([]);
  });

  it('refuses the whole call when a contact, the step or an account is not the owner’s', async () => {
    const pool = tdb.db.pool;
    const owner = await seedOwner(pool, 2);
    const other = await seedOwner(pool, 1);
    const rows = planned(owner.contactIds, owner.accountIds);
    const attempts: [DeliveryTarget, PlannedDeliveryRows][] = [
      [owner.target, { ...rows, contactIds: [String(owner.contactIds[0]), String(other.contactIds[0])] }],
      [owner.target, { ...rows, contactIds: [String(owner.contactIds[0]), '987654321'] }],
      [owner.target, { ...rows, accountIds: [owner.accountIds[0]!, other.accountIds[0]!] }],
      [{ ...owner.target, stepId: other.target.stepId }, rows],
      [{ ...owner.target, campaignId: other.target.campaignId }, rows],
      [{ ...other.target, stepId: owner.target.stepId, campaignId: owner.target.campaignId }, rows],
    ];
    for (const [target, attempt] of attempts) {
      await expect(insertFreshDeliveries(pool, target, attempt, 2)).rejects.toMatchObject({ code: '23503' });
    }
    expect(await stored(pool, owner.target.stepId)).toEqual([]);
    expect(await stored(pool, other.target.stepId)).toEqual([]);
  });

  it('checks a statement over two steps of one owner row by row, and rows without an account', async () => {
    const pool = tdb.db.pool;
    const owner = await seedOwner(pool, 2);
    const other = await seedOwner(pool, 1);
    const { rows: second } = await pool.query<{ id: number }>(
      `INSERT INTO campaign_steps (campaign_id, user_id, position, template) VALUES ($1, $2, 2, 'Again') RETURNING id`,
      [owner.target.campaignId, owner.target.userId],
    );
    const insert = (contacts: readonly number[], account: number | null): Promise<unknown> =>
      pool.query(
        `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, planned_at, queued_at, updated_at)
         SELECT $1, $2, s, c, $6, 'telegram', 'phone:+' || c, $5, $5, $5 FROM unnest($3::int[]) AS s, unnest($4::bigint[]) AS c`,
        [owner.target.userId, owner.target.campaignId, [owner.target.stepId, second[0]!.id], contacts, NOW, account],
      );

    await expect(insert([owner.contactIds[0]!, other.contactIds[0]!], null)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(owner.contactIds, other.accountIds[0]!)).rejects.toMatchObject({ code: '23503' });
    expect(await stored(pool, owner.target.stepId)).toEqual([]);
    // The same contact in both steps, no account yet: allowed.
    await insert(owner.contactIds, null);
    expect((await stored(pool, second[0]!.id)).map((row) => [row.contact_id, row.account_id])).toEqual(owner.contactIds.map((id) => [id, null]));
    expect(await stored(pool, owner.target.stepId)).toHaveLength(2);
  });

  it('checks each row against its own owner when one statement inserts for two owners', async () => {
    const pool = tdb.db.pool;
    const a = await seedOwner(pool, 1);
    const b = await seedOwner(pool, 1);
    const insert = (bContact: number): Promise<unknown> =>
      pool.query(
        `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, channel, recipient, planned_at, queued_at, updated_at)
         VALUES ($1, $2, $3, $4, 'telegram', 'phone:+1', $9, $9, $9), ($5, $6, $7, $8, 'telegram', 'phone:+2', $9, $9, $9)`,
        [a.target.userId, a.target.campaignId, a.target.stepId, a.contactIds[0], b.target.userId, b.target.campaignId, b.target.stepId, bContact, NOW],
      );

    await expect(insert(a.contactIds[0]!)).rejects.toMatchObject({ code: '23503' });
    expect(await stored(pool, a.target.stepId)).toEqual([]);
    await insert(b.contactIds[0]!);
    expect((await stored(pool, a.target.stepId)).map((row) => row.contact_id)).toEqual(a.contactIds);
    expect((await stored(pool, b.target.stepId)).map((row) => row.contact_id)).toEqual(b.contactIds);
  });
});

// The guarantees the foreign keys gave, now kept by the set-based checks and cascades of migration 20261129100000.
describe('references of deliveries', () => {
  async function count(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE ${sql}`, params);
    return rows[0]!.n;
  }

  it('go with a deleted contact, step, campaign or user, and lose a deleted sender account', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 4);
    const bystander = await seedOwner(pool, 2);
    await insertFreshDeliveries(pool, target, planned(contactIds, accountIds), 2);
    await insertFreshDeliveries(pool, bystander.target, planned(bystander.contactIds, bystander.accountIds), 2);

    await pool.query('DELETE FROM contacts WHERE id = $1', [contactIds[0]]);
    expect(await count(pool, 'contact_id = $1', [contactIds[0]])).toBe(0);
    await pool.query('DELETE FROM sender_accounts WHERE id = $1', [accountIds[1]]);
    expect(await count(pool, 'step_id = $1 AND account_id IS NULL', [target.stepId])).toBe(2);
    await pool.query('DELETE FROM campaign_steps WHERE id = $1', [target.stepId]);
    expect(await count(pool, 'campaign_id = $1', [target.campaignId])).toBe(0);

    const second = await seedOwner(pool, 2);
    await insertFreshDeliveries(pool, second.target, planned(second.contactIds, second.accountIds), 2);
    await pool.query('DELETE FROM campaigns WHERE id = $1', [second.target.campaignId]);
    expect(await count(pool, 'campaign_id = $1', [second.target.campaignId])).toBe(0);

    const third = await seedOwner(pool, 2);
    await insertFreshDeliveries(pool, third.target, planned(third.contactIds, third.accountIds), 2);
    await pool.query('DELETE FROM users WHERE id = $1', [third.target.userId]);
    expect(await count(pool, 'user_id = $1', [third.target.userId])).toBe(0);

    expect(await count(pool, 'step_id = $1 AND account_id IS NOT NULL', [bystander.target.stepId])).toBe(2);
  });

  it('lose a deleted sender account in every status, and only that account', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 7);
    const [gone, kept] = accountIds as [number, number];
    const rows = planned(contactIds, [gone]);
    await insertFreshDeliveries(pool, target, { ...rows, accountIds: contactIds.map((_, i) => (i === 6 ? kept : gone)) }, 2);
    const statuses = ['queued', 'sending', 'sent', 'replied', 'failed', 'skipped'];
    await pool.query(
      `UPDATE deliveries d SET status = v.status FROM unnest($2::bigint[], $3::text[]) AS v(contact_id, status)
       WHERE d.step_id = $1 AND d.contact_id = v.contact_id`,
      [target.stepId, contactIds.slice(0, 6), statuses],
    );

    await pool.query('DELETE FROM sender_accounts WHERE id = $1', [gone]);

    const { rows: after } = await pool.query<{ status: string; account_id: number | null }>(
      'SELECT status, account_id FROM deliveries WHERE step_id = $1 ORDER BY contact_id',
      [target.stepId],
    );
    expect(after).toEqual([...statuses.map((status) => ({ status, account_id: null })), { status: 'queued', account_id: kept }]);
  });

  it('may move to another account of the owner, never to a missing or foreign one', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 1);
    const other = await seedOwner(pool, 0);
    await insertFreshDeliveries(pool, target, planned(contactIds, accountIds), 2);
    const move = (accountId: number | null): Promise<unknown> => pool.query('UPDATE deliveries SET account_id = $2 WHERE step_id = $1', [target.stepId, accountId]);

    await move(accountIds[1]!);
    await expect(move(other.accountIds[0]!)).rejects.toMatchObject({ code: '23503' });
    await expect(move(987_654)).rejects.toMatchObject({ code: '23503' });
    await expect(pool.query('UPDATE deliveries SET contact_id = $2 WHERE step_id = $1', [target.stepId, 987_654])).rejects.toMatchObject({ code: '23503' });
    await move(null);
    expect(await count(pool, 'step_id = $1 AND account_id IS NULL', [target.stepId])).toBe(1);
  });

  it('of an insert still in flight are removed by a concurrent contact deletion once the insert commits', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds } = await seedOwner(pool, 2);
    const inserter = await pool.connect();
    try {
      await inserter.query('BEGIN');
      await inserter.query(
        `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, channel, recipient, planned_at, queued_at, updated_at)
         SELECT $1, $2, $3, c, 'telegram', 'phone:+' || c, $5, $5, $5 FROM unnest($4::bigint[]) AS c`,
        [target.userId, target.campaignId, target.stepId, contactIds, NOW],
      );
      const deletion = pool.query('DELETE FROM contacts WHERE id = $1', [contactIds[0]]);
      // The deletion waits for the insert's owner lock instead of missing its uncommitted rows.
      await expect.poll(() => waitingAdvisoryLocks(pool)).toBe(1);
      await inserter.query('COMMIT');
      await deletion;
    } finally {
      inserter.release();
    }
    expect((await stored(pool, target.stepId)).map((row) => row.contact_id)).toEqual([contactIds[1]]);
  });

  it('refuse an insert that waited for a concurrent deletion of one of its contacts', async () => {
    const pool = tdb.db.pool;
    const { target, contactIds, accountIds } = await seedOwner(pool, 2);
    const deleter = await pool.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query('DELETE FROM contacts WHERE id = $1', [contactIds[0]]);
      const insert = insertFreshDeliveries(pool, target, planned(contactIds, accountIds), 2);
      const outcome = insert.then(() => 'inserted', (error: unknown) => error);
      await expect.poll(() => waitingAdvisoryLocks(pool)).toBe(1);
      await deleter.query('COMMIT');
      expect(await outcome).toMatchObject({ code: '23503' });
    } finally {
      deleter.release();
    }
    expect(await stored(pool, target.stepId)).toEqual([]);
  });
});

async function waitingAdvisoryLocks(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
  return rows[0]!.n;
}
