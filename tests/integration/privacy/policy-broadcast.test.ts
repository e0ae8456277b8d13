import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import type { JobQueue } from '../../../core/jobs.js';
import { createLogger } from '../../../core/logging/logger.js';
import { POLICY_BROADCAST_JOB, PolicyBroadcastService } from '../../../core/privacy/policy-broadcast.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { RecordingNotifier } from '../../harness/recording-notifier.js';

describe('the policy-change broadcast', () => {
  let t: TestDatabase;
  const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
  const logger = createLogger({ level: 'silent', stdout: false });
  const jobs: { name: string; data: Record<string, unknown> }[] = [];
  const queue: JobQueue = {
    enqueue: (name, data) => Promise.resolve(void jobs.push({ name, data })),
    cancel: () => Promise.resolve(0),
  };
  beforeAll(async () => {
    t = await createTestDatabase();
    // 30 users on the old version, 2 who already accepted the new one.
    await t.db.pool.query(
      `INSERT INTO users (telegram_id, chat_id, first_name, language, time_zone, policy_version, policy_accepted_at, adult_confirmed_at, created_at, updated_at)
       SELECT 100 + i, 100 + i, 'U' || i, 'en', 'UTC', CASE WHEN i > 30 THEN 'v2' ELSE 'v1' END, now(), now(), now(), now() FROM generate_series(1, 32) i`,
    );
  });
  afterAll(async () => t.drop());

  it('reaches every user on an older version once, paced, resuming after a crash without repeating anyone', async () => {
    const waits: number[] = [];
    const service = new PolicyBroadcastService(t.db, queue, clock, logger, { messagesPerSecond: 25, sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    const { broadcastId, recipients } = await service.start(1, 'v2');
    expect(recipients).toBe(30);
    expect(jobs).toEqual([{ name: POLICY_BROADCAST_JOB, data: { broadcastId } }]);
    expect((await service.start(1, 'v2')).broadcastId).toBe(broadcastId);
    expect(jobs).toHaveLength(1);

    // A worker that dies right after its 12th message.
    const crashing = new RecordingNotifier();
    crashing.failFor.add(105); // a user who blocked the bot
    const crashed = new PolicyBroadcastService(t.db, queue, clock, logger, {
      sleep: () => (crashing.sent.length >= 12 ? Promise.reject(new Error('worker crashed')) : Promise.resolve()),
    });
    await expect(crashed.run(broadcastId, crashing)).rejects.toThrow('worker crashed');
    expect(crashing.sent).toHaveLength(12);
    expect(await service.remaining(broadcastId)).toBe(30 - 13);

    const resumed = new RecordingNotifier();
    expect(await service.run(broadcastId, resumed)).toBe(17);
    const reached = [...crashing.sent, ...resumed.sent].map((s) => s.chatId).sort((a, b) => a - b);
    expect(reached).toEqual(Array.from({ length: 30 }, (_, i) => 101 + i).filter((id) => id !== 105));
    expect(resumed.sent.every((s) => s.kind === 'privacy.policy_changed' && (s.data as { version: string }).version === 'v2')).toBe(true);
    expect(waits.every((ms) => ms === 40)).toBe(true);
    expect(waits).toHaveLength(17);
    const status = await t.db.pool.query(`SELECT status FROM policy_broadcasts WHERE id = $1`, [broadcastId]);
    expect(status.rows).toEqual([{ status: 'done' }]);
    const failed = await t.db.pool.query(`SELECT u.telegram_id FROM policy_broadcast_recipients r JOIN users u ON u.id = r.user_id WHERE r.outcome = 'failed'`);
    expect(failed.rows).toEqual([{ telegram_id: 105 }]);
  });
});
