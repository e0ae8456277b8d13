import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

describe('a pooled connection whose server goes away', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('fails its next query instead of crashing the process, while checked out, and the pool carries on', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown): number => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      const client = await t.db.pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // As a server restart or `DROP DATABASE … WITH (FORCE)` does, between two queries of a checked-out client.
      // (No listener of the test's own on the client: that alone would keep the process alive.)
      await t.db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      while ((await t.db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0]!.pid])).rowCount !== 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect((await t.db.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
  });
});
