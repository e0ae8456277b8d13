import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { JobQueue } from '../jobs.js';
import type { Logger } from '../logging/logger.js';
import type { Notifier } from '../notifier.js';
import './privacy.notifications.js';

/** The worker job that sends a broadcast; payload `{ broadcastId }` (no user data). */
export const POLICY_BROADCAST_JOB = 'policy-broadcast';

export interface BroadcastOptions {
  /** Overall pace; Telegram allows about 30 messages per second per bot. */
  messagesPerSecond?: number;
  /** Waits between sends (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

const BATCH = 200;

/**
 * Tells every user who has not accepted the current policy version that it changed (P14). Progress is the
 * table `policy_broadcast_recipients`: a run after a crash continues with the users not reached yet. A user
 * is recorded right after their message, so a crash at that instant can repeat one message, never skip one.
 */
export class PolicyBroadcastService {
  private readonly intervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: BroadcastOptions = {},
  ) {
    this.intervalMs = 1000 / (options.messagesPerSecond ?? 25);
    this.sleep = options.sleep ?? ((ms) => delay(ms));
  }

  /** Starts (or, when one is running for this version, returns) the broadcast of `version`. */
  async start(adminTelegramId: number, version: string): Promise<{ broadcastId: number; recipients: number }> {
    const running = await this.db.pool.query<{ id: number }>(
      `SELECT id FROM policy_broadcasts WHERE policy_version = $1 AND status = 'running' ORDER BY id LIMIT 1`,
      [version],
    );
    let broadcastId = running.rows[0]?.id;
    if (broadcastId === undefined) {
      const inserted = await this.db.pool.query<{ id: number }>(
        `INSERT INTO policy_broadcasts (policy_version, admin_telegram_id, created_at) VALUES ($1, $2, $3) RETURNING id`,
        [version, adminTelegramId, this.clock.now()],
      );
      broadcastId = inserted.rows[0]!.id;
      await this.queue.enqueue(POLICY_BROADCAST_JOB, { broadcastId });
    }
    return { broadcastId, recipients: await this.remaining(broadcastId) };
  }

  /** Users this broadcast still has to reach. */
  async remaining(broadcastId: number): Promise<number> {
    const { rows } = await this.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users u, policy_broadcasts b WHERE b.id = $1 AND u.policy_version <> b.policy_version
         AND NOT EXISTS (SELECT 1 FROM policy_broadcast_recipients r WHERE r.broadcast_id = b.id AND r.user_id = u.id)`,
      [broadcastId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Sends the broadcast to everyone not reached yet, paced; marks it done. Returns how many were sent now. */
  async run(broadcastId: number, notifier: Notifier): Promise<number> {
    const found = await this.db.pool.query<{ policy_version: string }>(`SELECT policy_version FROM policy_broadcasts WHERE id = $1 AND status = 'running'`, [broadcastId]);
    const version = found.rows[0]?.policy_version;
    if (version === undefined) return 0;
    let sent = 0;
    for (;;) {
      const { rows } = await this.db.pool.query<{ id: number; chat_id: number }>(
        `SELECT u.id, u.chat_id FROM users u WHERE u.policy_version <> $2
           AND NOT EXISTS (SELECT 1 FROM policy_broadcast_recipients r WHERE r.broadcast_id = $1 AND r.user_id = u.id)
         ORDER BY u.id LIMIT ${BATCH}`,
        [broadcastId, version],
      );
      if (rows.length === 0) break;
      for (const user of rows) {
        const outcome = await notifier.send(user.chat_id, 'privacy.policy_changed', { version }).then(
          () => 'sent' as const,
          (err: unknown) => {
            // A user who blocked the bot is not a reason to stop the broadcast for everyone else.
            this.logger.warn({ err, userId: user.id, action: 'privacy.broadcast_send_failed' }, 'policy notice not delivered');
            return 'failed' as const;
          },
        );
        await this.db.pool.query(
          `INSERT INTO policy_broadcast_recipients (broadcast_id, user_id, outcome, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [broadcastId, user.id, outcome, this.clock.now()],
        );
        if (outcome === 'sent') sent += 1;
        await this.sleep(this.intervalMs);
      }
    }
    await this.db.pool.query(`UPDATE policy_broadcasts SET status = 'done', finished_at = $2 WHERE id = $1`, [broadcastId, this.clock.now()]);
    this.logger.info({ broadcastId, sent, action: 'privacy.broadcast_done' }, 'policy broadcast finished');
    return sent;
  }
}
