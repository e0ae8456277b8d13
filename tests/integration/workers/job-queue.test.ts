import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../core/logging/logger.js';
import { createJobQueue } from '../../../workers/index.js';
import { defineJob } from '../../../workers/job.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

describe('the job queue', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('counts starts of one-off jobs only: a recurring job with maxStarts is refused, naming it', async () => {
    const queue = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, createLogger({ level: 'silent', stdout: false }), 'worker');
    const job = { name: 'daily.report', payload: z.object({}), every: '1 day', handle: async () => undefined };
    expect(() => queue.define(defineJob({ ...job, maxStarts: 3 }))).toThrow(/daily\.report: maxStarts counts the starts of one-off jobs/);
    expect(() => queue.define(defineJob(job))).not.toThrow();
  });
});
