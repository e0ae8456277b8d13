import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { connectDatabase, migrate, type Database } from '../../../core/db/database.js';
import { startEmbeddedPostgres } from '../../../core/db/embedded-postgres.js';
import { freePort } from '../../harness/free-port.js';

/** Inserts `count` contacts of `userId` in one statement; contact `i` has phone `bulkPhone(i)` and first name `C<i>`. */
export async function seedBulkContacts(pool: pg.Pool, userId: number, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO contacts (user_id, phone, first_name, created_at, updated_at)
     SELECT $1, '+1556' || lpad(i::text, 7, '0') || '2', 'C' || i, now(), now() FROM generate_series(1, $2) AS i`,
    [userId, count],
  );
}

/**
 * Inserts `count` active sender accounts (rows only, no connection), warmed up a year ago so that their caps
 * are the daily limit (1000); returns their ids.
 */
export async function seedAccountRows(pool: pg.Pool, userId: number, count: number): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO sender_accounts (user_id, platform, label, phone, platform_user_id, status, daily_limit, warmup_started_at, created_at, updated_at)
     SELECT $1, 'telegram', 'bench-' || i, '+1557' || lpad(i::text, 7, '0'), 'bench-' || i, 'active', 1000, now() - interval '1 year', now(), now()
     FROM generate_series(1, $2) AS i RETURNING id`,
    [userId, count],
  );
  return rows.map((row) => row.id);
}

/** A migrated database for a benchmark or worker script: `DATABASE_URL`, else an embedded PostgreSQL on a temp dir. */
export async function openScratchDatabase(label: string): Promise<{ db: Database; url: string; stop(): Promise<void> }> {
  let url = process.env.DATABASE_URL;
  let stopServer = async (): Promise<void> => undefined;
  if (url === undefined || url === '') {
    const dir = mkdtempSync(path.join(os.tmpdir(), `contactd-${label}-`));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: label });
    url = server.url;
    stopServer = server.stop;
  }
  const db = await connectDatabase({ url, poolSize: 20 });
  await migrate(db);
  return { db, url, stop: async () => (await db.close(), await stopServer()) };
}
