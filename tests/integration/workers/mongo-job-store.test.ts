import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../core/logging/logger.js';
import { defineJob } from '../../../workers/job.js';
import { createJobQueue } from '../../../workers/index.js';

// The MongoDB job store is optional: this runs where a MongoDB is reachable (MONGODB_URL) and is reported as
// skipped elsewhere (CI has no MongoDB).
const url = process.env.MONGODB_URL;

describe.skipIf(!url)('the MongoDB job store', () => {
  it('runs an enqueued job exactly once', async () => {
    const logger = createLogger({ level: 'silent', stdout: false });
    const queue = await createJobQueue({ kind: 'mongo', url: url! }, logger, 'mongo-test');
    const seen: string[] = [];
    const name = `test.mongo.${Date.now()}`;
    await queue.start([defineJob({ name, payload: z.object({ tag: z.string() }), handle: async ({ tag }) => void seen.push(tag) })]);
    try {
      await queue.enqueue(name, { tag: 'one' });
      await expect.poll(() => seen, { timeout: 20_000 }).toEqual(['one']);
    } finally {
      await queue.stop(5_000);
    }
  });
});
