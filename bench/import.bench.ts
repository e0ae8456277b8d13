// `npm run bench -- import`: the whole contact import (CSV → pipeline → COPY → merge) on 100,000 and then
// 1,000,000 generated rows (10% duplicates, 2% invalid) into a fresh database, compared with a raw COPY of
// the same file in the same run. Embedded PostgreSQL unless DATABASE_URL is set.
import { createReadStream, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { from as copyFrom } from 'pg-copy-streams';
import { systemClock } from '../core/clock.js';
import { ContactImportService } from '../core/contacts/contact-import.service.js';
import { connectDatabase, migrate, type Database } from '../core/db/database.js';
import { startEmbeddedPostgres } from '../core/db/embedded-postgres.js';
import { UserService } from '../core/users/user.service.js';
import { freePort } from '../tests/harness/free-port.js';
import { writeContactsCsv } from './contacts-csv.generator.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'contactd-bench-import-'));
chmodSync(dir, 0o755);
const threads = Number(process.env.IMPORT_THREADS ?? '0');

async function openDatabase(): Promise<{ db: Database; stop(): Promise<void> }> {
  let url = process.env.DATABASE_URL;
  let stopServer = async (): Promise<void> => undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'bench' });
    url = server.url;
    stopServer = server.stop;
  }
  const db = await connectDatabase({ url });
  await migrate(db);
  return { db, stop: async () => (await db.close(), await stopServer()) };
}

let users = 0;
async function freshUser(db: Database): Promise<number> {
  const id = 900_000 + users++;
  const user = await new UserService(db, systemClock).register({
    telegramId: id, chatId: id, firstName: 'Bench', language: 'en', timeZone: 'UTC', policyVersion: 'bench', adultConfirmed: true,
  });
  return user.id;
}

async function rawCopySeconds(db: Database, file: string): Promise<number> {
  const client = await db.pool.connect();
  try {
    await client.query(`CREATE TEMP TABLE raw_copy (a text, b text, c text, d text, e text, f text, g text, h text, i text, j text)`);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY raw_copy FROM STDIN (FORMAT csv, HEADER true)')));
    const seconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE raw_copy');
    return seconds;
  } finally {
    client.release();
  }
}

async function importSeconds(db: Database, file: string): Promise<{ seconds: number; imported: number; duplicates: number; rejected: number }> {
  const service = new ContactImportService(db, systemClock, { maxBytes: 2000 * 1024 * 1024, threads });
  const userId = await freshUser(db);
  const started = performance.now();
  const summary = await service.run({ userId, listName: 'Bench', fileName: path.basename(file), source: file, existing: 'skip' });
  return { seconds: (performance.now() - started) / 1000, ...summary };
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

const { db, stop } = await openDatabase();
try {
  const small = path.join(dir, 'contacts-100k.csv');
  const generated = await writeContactsCsv(small, 100_000);
  console.log(`generated 100,000 rows (${generated.duplicates} duplicates, ${generated.invalid} invalid); threads=${threads}`);
  const copy = await rawCopySeconds(db, small);
  const run = await importSeconds(db, small);
  const rate = Math.round(100_000 / run.seconds);
  const ratio = run.seconds / copy;
  console.log(`raw COPY ${copy.toFixed(2)} s; import ${run.seconds.toFixed(2)} s: ${run.imported} imported, ${run.duplicates} duplicates, ${run.rejected} rejected`);
  console.log(`RESULT import rows_per_s=${rate} copy_ratio=${ratio.toFixed(2)} peak_rss_mb=${peakRssMb()}`);

  // IMPORT_BENCH_SMALL=1 stops after the 100k run (for quick iterations while tuning).
  if (process.env.IMPORT_BENCH_SMALL !== '1') {
    const large = path.join(dir, 'contacts-1m.csv');
    await writeContactsCsv(large, 1_000_000);
    rmSync(small);
    const big = await importSeconds(db, large);
    console.log(`1,000,000 rows: import ${big.seconds.toFixed(2)} s: ${big.imported} imported, ${big.duplicates} duplicates, ${big.rejected} rejected`);
    console.log(`RESULT import-1m peak_rss_mb=${peakRssMb()} rows_per_s=${Math.round(1_000_000 / big.seconds)}`);
  }
} finally {
  await stop();
  rmSync(dir, { recursive: true, force: true });
}
