// `npm run bench -- import`: the whole contact import (CSV → pipeline → COPY → merge) on 100,000 and then
// 1,000,000 generated rows (10% duplicates, 2% invalid) into a fresh database, compared with a raw COPY of
// the same file in the same run. Embedded PostgreSQL unless DATABASE_URL is set.
import { createReadStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../core/db/database.js';
import { writeContactsCsv } from './contacts.generator.js';
import { dir, freshUser, importFile, measured, openDatabase, peakRssMb, phases, threads } from './import-harness.js';

async function rawCopy(db: Database, file: string): Promise<{ seconds: number; cpu: string }> {
  const client = await db.pool.connect();
  try {
    await client.query(`CREATE TEMP TABLE raw_copy (a text, b text, c text, d text, e text, f text, g text, h text, i text, j text)`);
    const run = await measured(() => pipeline(createReadStream(file), client.query(copyFrom('COPY raw_copy FROM STDIN (FORMAT csv, HEADER true)'))));
    await client.query('DROP TABLE raw_copy');
    return run;
  } finally {
    client.release();
  }
}

const COPIED = 'first_name, last_name, phone, username, email, company, position, country, city, time_zone, custom, tags, reachable, created_at, updated_at';

// The secondary indexes of the two tables an import fills (the primary keys stay).
const SECONDARY_INDEXES = [
  'contacts_user_id_index', 'contacts_user_phone_unique', 'contacts_user_username_unique', 'contacts_user_email_unique',
  'contact_list_members_contact_id_index',
];

/**
 * What this schema costs before any import work: the imported contacts copied, ready-made, to another user, with
 * their list entries, in one statement (indexes, triggers, WAL as an import pays them), then rolled back. `bare`:
 * the same with the tables' secondary indexes dropped (in the rolled-back transaction), only primary keys left.
 */
async function schemaFloor(db: Database, fromUserId: number, bare: boolean): Promise<{ seconds: number; cpu: string }> {
  const userId = await freshUser(db);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const list = await client.query<{ id: number }>(`INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, 'Floor', now()) RETURNING id`, [userId]);
    if (bare) await client.query(`DROP INDEX ${SECONDARY_INDEXES.join(', ')}`);
    const run = await measured(() =>
      client.query(
        `WITH inserted AS (INSERT INTO contacts (user_id, ${COPIED}) SELECT $1, ${COPIED} FROM contacts WHERE user_id = $2 ORDER BY id RETURNING id)
         INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT $3, id, $1 FROM inserted`,
        [userId, fromUserId, list.rows[0]!.id],
      ),
    );
    await client.query('ROLLBACK');
    await client.query('VACUUM contacts, contact_list_members');
    return run;
  } finally {
    client.release();
  }
}

const { db, stop } = await openDatabase();
try {
  const small = path.join(dir, 'contacts-100k.csv');
  const generated = await writeContactsCsv(small, 100_000);
  console.log(`generated 100,000 rows (${generated.duplicates} duplicates, ${generated.invalid} invalid); threads=${threads}`);
  const copy = await rawCopy(db, small);
  const run = await importFile(db, small);
  const rate = Math.round(100_000 / run.seconds);
  const ratio = run.seconds / copy.seconds;
  console.log(`raw COPY ${copy.seconds.toFixed(2)} s (${copy.cpu}); import ${run.seconds.toFixed(2)} s (${run.cpu}; ${phases(run)}): ${run.imported} imported, ${run.duplicates} duplicates, ${run.rejected} rejected`);
  const floor = await schemaFloor(db, run.userId, false);
  const bare = await schemaFloor(db, run.userId, true);
  console.log(
    `schema floor: inserting the ${run.imported} imported contacts and list entries from a ready table ${floor.seconds.toFixed(2)} s ` +
      `(${(floor.seconds / copy.seconds).toFixed(1)}× raw COPY; ${floor.cpu}); with primary keys only ${bare.seconds.toFixed(2)} s ` +
      `(${(bare.seconds / copy.seconds).toFixed(1)}× raw COPY; ${bare.cpu})`,
  );
  console.log(`RESULT import rows_per_s=${rate} copy_ratio=${ratio.toFixed(2)} peak_rss_mb=${peakRssMb()}`);

  // IMPORT_BENCH_SMALL=1 stops after the 100k run (for quick iterations while tuning).
  if (process.env.IMPORT_BENCH_SMALL !== '1') {
    const large = path.join(dir, 'contacts-1m.csv');
    await writeContactsCsv(large, 1_000_000);
    rmSync(small);
    const big = await importFile(db, large);
    console.log(`1,000,000 rows: import ${big.seconds.toFixed(2)} s (${big.cpu}; ${phases(big)}): ${big.imported} imported, ${big.duplicates} duplicates, ${big.rejected} rejected`);
    console.log(`RESULT import-1m peak_rss_mb=${peakRssMb()} rows_per_s=${Math.round(1_000_000 / big.seconds)}`);
  }
} finally {
  await stop();
  rmSync(dir, { recursive: true, force: true });
}
