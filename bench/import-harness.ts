// What the import benchmarks share: a fresh database (embedded PostgreSQL unless DATABASE_URL is set), users,
// one import through the service, and what it cost in wall time, CPU and memory.
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../core/clock.js';
import { ContactImportService } from '../core/contacts/contact-import.service.js';
import { connectDatabase, migrate, type Database } from '../core/db/database.js';
import { startEmbeddedPostgres } from '../core/db/embedded-postgres.js';
import { UserService } from '../core/users/user.service.js';
import { freePort } from '../tests/harness/free-port.js';

/** The benchmark's scratch folder (files, embedded database); the benchmark removes it. */
export const dir = mkdtempSync(path.join(os.tmpdir(), 'contactd-bench-import-'));
chmodSync(dir, 0o755);
/** Worker threads for normalising (IMPORT_THREADS; 0: none). */
export const threads = Number(process.env.IMPORT_THREADS ?? '0');

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
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpu: string }> {
  const [own, server, started] = [ownCpuSeconds(), serverCpuSeconds(), performance.now()];
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const serverAfter = serverCpuSeconds();
  const pg = server === null || serverAfter === null ? 'n/a' : (serverAfter - server).toFixed(2);
  return { result, seconds, cpu: `cpu: node ${(ownCpuSeconds() - own).toFixed(2)} s, postgres ${pg} s` };
}

export async function openDatabase(): Promise<{ db: Database; stop(): Promise<void> }> {
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
export async function freshUser(db: Database): Promise<number> {
  const id = 900_000 + users++;
  const user = await new UserService(db, systemClock).register({
    telegramId: id, chatId: id, firstName: 'Bench', language: 'en', timeZone: 'UTC', policyVersion: 'bench', adultConfirmed: true,
  });
  return user.id;
}

export async function importFile(
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

/** Where an import's time went: reading and staging the file, then merging the staged rows. */
export function phases(run: { seconds: number; readingSeconds: number }): string {
  return `reading + staging ${run.readingSeconds.toFixed(2)} s, merging ${(run.seconds - run.readingSeconds).toFixed(2)} s`;
}

export const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
