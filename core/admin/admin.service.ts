import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import type { Notifier } from '../notifier.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import type { PolicyBroadcastService } from '../privacy/policy-broadcast.service.js';
import '../privacy/privacy.notifications.js';
import type { UserService } from '../users/user.service.js';
import type { AdminAuditLog } from './admin-audit.js';
import { ownedDeliveriesSql } from '../delivery/owned-deliveries.js';

/** A user as an administrator sees them, with their usage. */
export interface UserUsage {
  userId: number;
  telegramId: number;
  username: string | null;
  firstName: string;
  status: 'active' | 'suspended';
  createdAt: Date;
  accounts: number;
  contacts: number;
  campaigns: number;
  messagesSent: number;
}

/** Service-wide numbers for administrators. */
export interface ServiceStats {
  users: number;
  suspended: number;
  accounts: number;
  activeAccounts: number;
  contacts: number;
  campaigns: number;
  runningCampaigns: number;
  messagesSent: number;
  ageGateRefusals: number;
}

const SENT = `status IN ('sent', 'replied')`;

/**
 * Administration (P15): find a user, see their usage, suspend or unsuspend them, delete them (the same erasure
 * as a user's own), service statistics. Every method is an audited action of the administrator `adminId`
 * (a Telegram id the bot has checked against ADMIN_IDS).
 */
export class AdminService {
  constructor(
    private readonly db: Database,
    private readonly users: UserService,
    private readonly erasure: ErasureService,
    private readonly audit: AdminAuditLog,
    private readonly notifier: Notifier,
    private readonly broadcasts: PolicyBroadcastService,
    private readonly clock: Clock,
  ) {}

  /** Finds a user by internal id, Telegram id or @username; null when none matches. */
  async find(adminId: number, query: string): Promise<UserUsage | null> {
    const text = query.trim().replace(/^@/, '');
    const numeric = /^\d{1,15}$/.test(text) ? Number(text) : null;
    const { rows } = await this.db.pool.query<{ id: number }>(
      `SELECT id FROM users WHERE ($1::bigint IS NOT NULL AND (telegram_id = $1 OR id = $1)) OR lower(username) = lower($2)
       ORDER BY (telegram_id = $1) DESC NULLS LAST, id LIMIT 1`,
      [numeric, text],
    );
    const userId = rows[0]?.id ?? null;
    await this.audit.record(adminId, 'user.find', userId);
    return userId === null ? null : this.loadUsage(userId);
  }

  /** The user's profile summary and usage. */
  async usage(adminId: number, userId: number): Promise<UserUsage> {
    await this.audit.record(adminId, 'user.view', userId);
    return this.loadUsage(userId);
  }

  /** Suspends the user: their running and scheduled campaigns pause, and the bot tells them. */
  async suspend(adminId: number, userId: number): Promise<{ pausedCampaigns: number }> {
    const client = await this.db.pool.connect();
    let paused: number;
    let chatId: number;
    try {
      await client.query('BEGIN');
      const user = await client.query<{ chat_id: number }>(`UPDATE users SET status = 'suspended', updated_at = $2 WHERE id = $1 RETURNING chat_id`, [userId, this.clock.now()]);
      if (!user.rows[0]) throw new NotFoundError('user not found');
      chatId = user.rows[0].chat_id;
      const campaigns = await client.query(`UPDATE campaigns SET status = 'paused', updated_at = $2 WHERE user_id = $1 AND status IN ('scheduled', 'running')`, [userId, this.clock.now()]);
      paused = campaigns.rowCount ?? 0;
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
    await this.audit.record(adminId, 'user.suspend', userId);
    await this.notifier.send(chatId, 'admin.account_suspended', { pausedCampaigns: paused });
    return { pausedCampaigns: paused };
  }

  /** Lifts a suspension; paused campaigns stay paused until the user resumes them. */
  async unsuspend(adminId: number, userId: number): Promise<void> {
    const { rows } = await this.db.pool.query<{ chat_id: number }>(`UPDATE users SET status = 'active', updated_at = $2 WHERE id = $1 RETURNING chat_id`, [userId, this.clock.now()]);
    if (!rows[0]) throw new NotFoundError('user not found');
    await this.audit.record(adminId, 'user.unsuspend', userId);
    await this.notifier.send(rows[0].chat_id, 'admin.account_unsuspended', {});
  }

  /** Erases the user and everything of theirs, as their own deletion does (P9, P15). */
  async deleteUser(adminId: number, userId: number): Promise<void> {
    await this.erasure.eraseUser(userId);
    await this.audit.record(adminId, 'user.delete', userId);
  }

  /** Announces policy `version` to every user who has not accepted it, paced by a worker (P14). */
  async broadcastPolicy(adminId: number, version: string): Promise<{ broadcastId: number; recipients: number }> {
    await this.audit.record(adminId, 'policy.broadcast');
    return this.broadcasts.start(adminId, version);
  }

  async stats(adminId: number): Promise<ServiceStats> {
    await this.audit.record(adminId, 'stats.view');
    const { rows } = await this.db.pool.query<Omit<ServiceStats, 'ageGateRefusals'>>(
      `SELECT (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM users WHERE status = 'suspended') AS suspended,
              (SELECT count(*)::int FROM sender_accounts) AS accounts,
              (SELECT count(*)::int FROM sender_accounts WHERE status = 'active') AS "activeAccounts",
              (SELECT count(*)::int FROM contacts) AS contacts,
              (SELECT count(*)::int FROM campaigns) AS campaigns,
              (SELECT count(*)::int FROM campaigns WHERE status = 'running') AS "runningCampaigns",
              (SELECT count(*)::int FROM deliveries WHERE ${SENT}) AS "messagesSent"`,
    );
    return { ...rows[0]!, ageGateRefusals: await this.users.ageGateRefusals() };
  }

  private async loadUsage(userId: number): Promise<UserUsage> {
    const { rows } = await this.db.pool.query<UserUsage>(
      `SELECT u.id AS "userId", u.telegram_id AS "telegramId", u.username, u.first_name AS "firstName", u.status, u.created_at AS "createdAt",
              (SELECT count(*)::int FROM sender_accounts WHERE user_id = u.id) AS accounts,
              (SELECT count(*)::int FROM contacts WHERE user_id = u.id) AS contacts,
              (SELECT count(*)::int FROM campaigns WHERE user_id = u.id) AS campaigns,
              (SELECT count(*)::int FROM deliveries d WHERE ${ownedDeliveriesSql('d', 'u.id')} AND ${SENT}) AS "messagesSent"
       FROM users u WHERE u.id = $1`,
      [userId],
    );
    if (!rows[0]) throw new NotFoundError('user not found');
    return rows[0];
  }
}
