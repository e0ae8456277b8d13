import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { DIRECT_MESSAGE_JOB } from '../../../core/campaigns/direct-message.js';
import type { JobQueue } from '../../../core/jobs.js';
import { createLogger } from '../../../core/logging/logger.js';
import { createSimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';
import { directMessageJob } from '../../../workers/jobs/direct-message.job.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser } from './delivery-fixtures.js';

describe('the direct-message job', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => tdb.drop());

  it('sends through the held account, and passes the job on when this worker does not hold it', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(3), replies: false });
    const user = await createUser(tdb.db.pool);
    const [account] = await connectSimulatedAccounts(tdb.db.pool, driver, user, 1, clock.now());
    const registry = new MemoryConnectionRegistry();
    const requeued: { name: string; data: Record<string, unknown>; at?: Date }[] = [];
    const jobs: JobQueue = {
      enqueue: async (name, data, options) => void requeued.push({ name, data, at: options?.at }),
      cancel: async () => 0,
    };
    const job = directMessageJob({ registry: () => registry, drivers: { telegram: driver }, jobs: () => jobs, clock, logger: createLogger({ level: 'silent', stdout: false }) });
    const payload = { userId: user.id, campaignId: 1, accountId: account!.accountId, recipient: 'username:replier_ann', text: 'Here is our deck', purpose: 'reply' as const, hop: 0 };

    await job.handle(job.payload.parse(payload));
    expect(await driver.control.ledger.list()).toHaveLength(0);
    expect(requeued).toEqual([{ name: DIRECT_MESSAGE_JOB, data: { ...payload, hop: 1 }, at: new Date('2026-03-02T09:00:05Z') }]);

    await registry.add(account!);
    await job.handle(job.payload.parse(payload));
    const sent = await driver.control.ledger.list();
    const ann = await account!.connection.resolveRecipient({ kind: 'username', username: 'replier_ann' });
    expect(sent.map((m) => [m.recipientPlatformUserId, m.accountPlatformUserId, m.text])).toEqual([
      [ann.platformUserId, account!.connection.profile.platformUserId, 'Here is our deck'],
    ]);
  });
});
