import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LOG_FILE_PREFIX, LOG_FILE_SUFFIX } from './daily-file-stream.js';

const DAY_MS = 86_400_000;

/**
 * Deletes daily log files whose day is more than `retentionDays` before `now` (P11: at most 90 days).
 * Returns the names deleted. Files that are not ours are left alone.
 */
export async function purgeOldLogs(dir: string, retentionDays: number, now: Date): Promise<string[]> {
  if (retentionDays > 90) throw new RangeError('log retention may not exceed 90 days');
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const cutoff = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - retentionDays * DAY_MS;
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(LOG_FILE_PREFIX) || !name.endsWith(LOG_FILE_SUFFIX)) continue;
    const day = Date.parse(`${name.slice(LOG_FILE_PREFIX.length, -LOG_FILE_SUFFIX.length)}T00:00:00Z`);
    if (Number.isNaN(day) || day >= cutoff) continue;
    await unlink(path.join(dir, name));
    removed.push(name);
  }
  return removed;
}
