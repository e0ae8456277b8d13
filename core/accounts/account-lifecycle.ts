import type pg from 'pg';
import type { Clock } from '../clock.js';
import { inTransaction } from '../delivery/sql.js';
import { ConflictError } from '../errors.js';
import type { AccountProfile } from '../messengers/messenger.js';
import { ACCOUNT_NAME_SQL, type AccountStatus } from './account.types.js';

/** What the session host needs to know about an account it holds. */
export interface HeldAccountState {
  status: AccountStatus;
  name: string;
  chatId: number;
  connectedAt: Date | null;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The status changes the session host makes: a finished login, a logout or restriction by the platform, an
 * abandoned login, an expired limit. Logout wipes credentials in the same transaction as the status change.
 */
export class AccountLifecycle {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  /** The account's status and owner chat, or undefined when the account no longer exists. */
  async state(accountId: number): Promise<HeldAccountState | undefined> {
    const { rows } = await this.pool.query<HeldAccountState>(
      `SELECT a.status, ${ACCOUNT_NAME_SQL} AS name, u.chat_id AS "chatId", a.connected_at AS "connectedAt"
       FROM sender_accounts a JOIN users u ON u.id = a.user_id WHERE a.id = $1`,
      [accountId],
    );
    return rows[0];
  }

  /**
   * Records who the account turned out to be and makes it active.
   * @throws ConflictError when the user already has this platform account connected.
   */
  async markConnected(accountId: number, profile: AccountProfile): Promise<{ name: string }> {
    const now = this.clock.now();
    try {
      const { rows } = await this.pool.query<{ name: string }>(
        `UPDATE sender_accounts a SET status = 'active', display_name = $2, phone = coalesce($3, a.phone), username = $4,
           platform_user_id = $5, connected_at = $6, warmup_started_at = coalesce(a.warmup_started_at, $6),
           status_reason = NULL, updated_at = $6
         WHERE a.id = $1 AND a.status = 'connecting' RETURNING ${ACCOUNT_NAME_SQL} AS name`,
        [accountId, profile.displayName.slice(0, 255), profile.phone ?? null, profile.username ?? null, profile.platformUserId, now],
      );
      if (!rows[0]) throw new ConflictError('the account is no longer connecting');
      return rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictError('this account is already connected');
      throw error;
    }
  }

  /** The platform ended the session: disconnected, credentials deleted, in one transaction. */
  async markLoggedOut(accountId: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`UPDATE sender_accounts SET status = 'disconnected', status_reason = 'logged_out', updated_at = $2 WHERE id = $1`, [
        accountId,
        this.clock.now(),
      ]);
      await client.query('DELETE FROM account_credentials WHERE account_id = $1', [accountId]);
    });
  }

  /** A login that failed or was cancelled: an account that never connected is deleted (with its credentials). */
  async abandonLogin(accountId: number): Promise<void> {
    await this.pool.query(`DELETE FROM sender_accounts WHERE id = $1 AND status = 'connecting' AND connected_at IS NULL`, [accountId]);
  }

  /** Limited accounts among `accountIds` whose `limited_until` passed become active again; returns their ids. */
  async liftExpiredLimits(accountIds: readonly number[]): Promise<number[]> {
    if (accountIds.length === 0) return [];
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE sender_accounts SET status = 'active', limited_until = NULL, status_reason = NULL, updated_at = $2
       WHERE id = ANY($1::int[]) AND status = 'limited' AND limited_until IS NOT NULL AND limited_until <= $2 RETURNING id`,
      [accountIds, now],
    );
    return rows.map((r) => r.id);
  }
}
