// `npm run bench -- import`: the whole contact import (CSV → pipeline → COPY → merge) on 100,000 and then
// 1,000,000 generated rows (10% duplicates, 2% invalid) into a fresh database, compared with a raw COPY of
// the same file in the same run. Embedded PostgreSQL unless DATABASE_URL is set.
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
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

// CPU seconds of the embedded server's processes (Linux /proc), next to the wall-clock figures: on a machine
// shared with other work, wall time says little, while the CPU each side spent is nearly load-independent.
let postmasterPid: number | null = null;
function serverCpuSeconds(): number | null {
  if (postmasterPid === null) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(entry) === postmasterPid || Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks / 100;
}
const ownCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** Wall seconds of `work`, and the CPU seconds this process and the database server spent meanwhile. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpu: string }> {
  const [own, server, started] = [ownCpuSeconds(), serverCpuSeconds(), performance.now()];
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const serverAfter = serverCpuSeconds();
  const pg = server === null || serverAfter === null ? 'n/a' : (serverAfter - server).toFixed(2);
  return { result, seconds, cpu: `cpu: node ${(ownCpuSeconds() - own).toFixed(2)} s, postgres ${pg} s` };
}

async function openDatabase(): Promise<{ db: Database; stop(): Promise<void> }> {
  let url = process.env.DATABASE_URL;
  let stopServer = async (): Promise<void> => undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'bench' });
    url = server.url;
    stopServer = server.stop;
    postmasterPid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
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

async function importFile(
  db: Database,
  file: string,
): Promise<{ seconds: number; readingSeconds: number; cpu: string; userId: number; imported: number; duplicates: number; rejected: number }> {
  const service = new ContactImportService(db, systemClock, { maxBytes: 2000 * 1024 * 1024, threads });
  const userId = await freshUser(db);
  // When the file has been read (and staged) and the merge into the user's contacts begins.
  let savingAt: number | null = null;
  const started = performance.now();
  const run = await measured(() =>
    service.run({
      userId, listName: 'Bench', fileName: path.basename(file), source: file, existing: 'skip',
      onProgress: (progress) => void (progress.phase === 'saving' && (savingAt ??= performance.now())),
    }),
  );
  return { seconds: run.seconds, readingSeconds: ((savingAt ?? performance.now()) - started) / 1000, cpu: run.cpu, userId, ...run.result };
}

const COPIED = 'first_name, last_name, phone, username, email, company, position, country, city, time_zone, custom, tags, reachable, created_at, updated_at';

/**
 * What this schema costs before any import work: the imported contacts copied, ready-made, to another user, with
 * their list entries, in one statement (indexes, triggers, WAL as an import pays them), then rolled back.
 */
async function schemaFloor(db: Database, fromUserId: number): Promise<{ seconds: number; cpu: string }> {
  const userId = await freshUser(db);
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const list = await client.query<{ id: number }>(`INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, 'Floor', now()) RETURNING id`, [userId]);
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

/** Where an import's time went: reading and staging the file, then merging the staged rows. */
function phases(run: { seconds: number; readingSeconds: number }): string {
  return `reading + staging ${run.readingSeconds.toFixed(2)} s, merging ${(run.seconds - run.readingSeconds).toFixed(2)} s`;
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

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
  const floor = await schemaFloor(db, run.userId);
  console.log(
    `schema floor: inserting the ${run.imported} imported contacts and list entries from a ready table ${floor.seconds.toFixed(2)} s ` +
      `(${(floor.seconds / copy.seconds).toFixed(1)}× raw COPY; ${floor.cpu})`,
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
