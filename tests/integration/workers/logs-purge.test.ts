import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { createLogger } from '../../../core/logging/logger.js';
import { LOGS_PURGE } from '../../../workers/jobs/logs-purge.job.js';
import { createJobQueue, createWorkers, type Workers } from '../../../workers/index.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { tempDir } from '../../harness/temp-dirs.js';

describe('the logs.purge job', () => {
  let t: TestDatabase;
  let workers: Workers;
  const logDir = tempDir('purge');
  const clock = new FakeClock('2026-06-30T03:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase();
    const logger = createLogger({ level: 'silent', stdout: false });
    workers = await createWorkers({
      queue: await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'test-worker'),
      logger,
      clock,
      logDir,
      logRetentionDays: 90,
      name: 'test-worker',
    });
  });
  afterAll(async () => {
    await workers.stop(5000);
    await t.drop();
  });

  it('is scheduled daily in the job store', async () => {
    const { rows } = await t.db.pool.query('SELECT repeat_interval FROM agenda_jobs WHERE name = $1', [LOGS_PURGE]);
    expect(rows).toEqual([{ repeat_interval: '1 day' }]);
  });

  it('deletes log files older than 90 days when it runs', async () => {
    const old = path.join(logDir, 'contactd-2026-03-01.log');
    const recent = path.join(logDir, 'contactd-2026-04-15.log');
    writeFileSync(old, '{}\n');
    writeFileSync(recent, '{}\n');
    await workers.queue.enqueue(LOGS_PURGE, {});
    await expect.poll(() => existsSync(old), { timeout: 15_000, interval: 200 }).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
