import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { buildUser } from './contact-factories.js';

// The references of contacts and list members are checked once per statement by triggers
// (migration 20261129110000-contact-references) instead of per-row foreign keys.
describe('references of contacts and list members', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  const q = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => t.db.pool.query(sql, params);
  // The first column of the first row, as a number (ids, counts).
  const scalar = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number(Object.values((await t.db.pool.query<Record<string, unknown>>(sql, params)).rows[0]!)[0]);

  async function contactOf(userId: number, phone: string): Promise<number> {
    return scalar(`INSERT INTO contacts (user_id, phone, created_at, updated_at) VALUES ($1, $2, now(), now()) RETURNING id`, [userId, phone]);
  }

  async function listOf(userId: number, name: string): Promise<number> {
    return scalar(`INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, $2, now()) RETURNING id`, [userId, name]);
  }

  const members = (where: string, params: unknown[]): Promise<number> => scalar(`SELECT count(*) FROM contact_list_members WHERE ${where}`, params);

  it('refuses a contact whose owner does not exist, as a foreign key violation', async () => {
    await expect(contactOf(987_654_321, '+14155550100')).rejects.toMatchObject({ code: '23503' });
  });

  it('refuses a member row whose list or contact is missing or belongs to another user', async () => {
    const alice = await buildUser(t.db);
    const bob = await buildUser(t.db);
    const aliceContact = await contactOf(alice, '+14155550101');
    const aliceList = await listOf(alice, 'Leads');
    const bobList = await listOf(bob, 'Leads');
    const insert = (listId: number, contactId: number, userId: number): Promise<pg.QueryResult> =>
      q('INSERT INTO contact_list_members (list_id, contact_id, user_id) VALUES ($1, $2, $3)', [listId, contactId, userId]);
    await expect(insert(bobList, aliceContact, alice)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(bobList, aliceContact, bob)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(aliceList, aliceContact + 1000, alice)).rejects.toMatchObject({ code: '23503' });
    await insert(aliceList, aliceContact, alice);
    await expect(q('UPDATE contact_list_members SET list_id = $1 WHERE contact_id = $2', [bobList, aliceContact])).rejects.toMatchObject({ code: '23503' });
    await expect(q('UPDATE contacts SET user_id = 987654321 WHERE id = $1', [aliceContact])).rejects.toMatchObject({ code: '23503' });
    expect(await members('contact_id = $1', [aliceContact])).toBe(1);
  });

  it('checks every row of a many-row member insert, of one owner or of several', async () => {
    const alice = await buildUser(t.db);
    const bob = await buildUser(t.db);
    const aliceContacts = [await contactOf(alice, '+14155550110'), await contactOf(alice, '+14155550111'), await contactOf(alice, '+14155550112')];
    const bobContact = await contactOf(bob, '+14155550113');
    const [aliceList, bobList] = [await listOf(alice, 'Many'), await listOf(bob, 'Many')];
    const insert = (rows: [number, number, number][]): Promise<pg.QueryResult> =>
      q(
        `INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[])`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    const own = aliceContacts.map((c): [number, number, number] => [aliceList, c, alice]);
    // One owner: another owner's contact, or a missing one, among good rows fails the whole statement.
    await expect(insert([...own, [aliceList, bobContact, alice]])).rejects.toMatchObject({ code: '23503' });
    await expect(insert([...own, [aliceList, bobContact + 1000, alice]])).rejects.toMatchObject({ code: '23503' });
    // Several owners: each row is checked against its own owner.
    await expect(insert([...own, [bobList, aliceContacts[0]!, bob]])).rejects.toMatchObject({ code: '23503' });
    expect(await members('user_id IN ($1, $2)', [alice, bob])).toBe(0);
    await insert([...own, [bobList, bobContact, bob]]);
    expect(await members('user_id = $1', [alice])).toBe(3);
    expect(await members('user_id = $1', [bob])).toBe(1);
  });

  it('deletes member rows with their contact or their list, and contacts with their user', async () => {
    const userId = await buildUser(t.db);
    const [a, b] = [await contactOf(userId, '+14155550102'), await contactOf(userId, '+14155550103')];
    const [first, second] = [await listOf(userId, 'First'), await listOf(userId, 'Second')];
    await q(
      `INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT l, c, $1 FROM unnest($2::int[]) l, unnest($3::bigint[]) c`,
      [userId, [first, second], [a, b]],
    );
    await q('DELETE FROM contacts WHERE id = $1', [a]);
    expect(await members('user_id = $1', [userId])).toBe(2);
    await q('DELETE FROM contact_lists WHERE id = $1', [first]);
    expect(await members('user_id = $1', [userId])).toBe(1);
    await q('DELETE FROM users WHERE id = $1', [userId]);
    expect(await scalar('SELECT count(*) FROM contacts WHERE user_id = $1', [userId])).toBe(0);
    expect(await members('user_id = $1', [userId])).toBe(0);
  });

  it('makes a contact delete wait for a member insert in flight, then removes the new row too', async () => {
    const userId = await buildUser(t.db);
    const contactId = await contactOf(userId, '+14155550104');
    const listId = await listOf(userId, 'Race');
    const inserter = await t.db.pool.connect();
    const deleter = await t.db.pool.connect();
    try {
      await inserter.query('BEGIN');
      await inserter.query('INSERT INTO contact_list_members (list_id, contact_id, user_id) VALUES ($1, $2, $3)', [listId, contactId, userId]);
      const deleterPid = Number((await deleter.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
      const deleted = deleter.query('DELETE FROM contacts WHERE id = $1', [contactId]).then((r) => r.rowCount, (e: unknown) => e);
      // The delete's cascade now waits for the inserter's shared owner lock.
      await expect
        .poll(() => scalar(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1`, [deleterPid]))
        .toBe(1);
      await inserter.query('COMMIT');
      expect(await deleted).toBe(1);
      expect(await members('list_id = $1', [listId])).toBe(0);
    } finally {
      inserter.release();
      deleter.release();
    }
  });
});
