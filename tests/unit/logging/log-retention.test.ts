import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { DailyFileStream, logFileName } from '../../../core/logging/daily-file-stream.js';
import { purgeOldLogs } from '../../../core/logging/log-retention.js';
import { tempDir } from '../../harness/temp-dirs.js';

describe('log retention', () => {
  it('deletes daily files older than the retention and keeps newer ones and foreign files', async () => {
    const dir = tempDir('logs');
    for (const day of ['2026-01-01', '2026-02-28', '2026-03-01', '2026-03-31']) writeFileSync(path.join(dir, `contactd-${day}.log`), '{}\n');
    writeFileSync(path.join(dir, 'other.log'), 'x');
    const removed = await purgeOldLogs(dir, 30, new Date('2026-03-31T12:00:00Z'));
    expect(removed.sort()).toEqual(['contactd-2026-01-01.log', 'contactd-2026-02-28.log']);
    expect(readdirSync(dir).sort()).toEqual(['contactd-2026-03-01.log', 'contactd-2026-03-31.log', 'other.log']);
  });

  it('refuses a retention over 90 days', async () => {
    await expect(purgeOldLogs(os.tmpdir(), 91, new Date())).rejects.toThrow(/90 days/);
  });

  it('tolerates a log folder that does not exist yet', async () => {
    await expect(purgeOldLogs(path.join(os.tmpdir(), 'missing-logs-dir-xyz'), 90, new Date())).resolves.toEqual([]);
  });

  it('writes one file per UTC day, switching at midnight', async () => {
    const dir = tempDir('daily');
    const clock = new FakeClock('2026-05-01T23:59:59Z');
    const stream = new DailyFileStream(dir, clock);
    await new Promise<void>((resolve, reject) => stream.write('a\n', (e) => (e ? reject(e) : resolve())));
    clock.advance(2000);
    await new Promise<void>((resolve, reject) => stream.write('b\n', (e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(readdirSync(dir).sort()).toEqual([logFileName(new Date('2026-05-01T00:00:00Z')), logFileName(new Date('2026-05-02T00:00:00Z'))]);
  });
});
