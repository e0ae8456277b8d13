import { notifyAccount } from '../accounts/login-attempts.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { NotFoundError } from '../errors.js';

/** What erasure removed besides the rows that cascade from `users`. */
export interface ErasureResult {
  userId: number;
  jobs: number;
  botStates: number;
}

/**
 * Erasure of a user (P9, P10): every row of theirs goes in one transaction. Rows with `user_id` cascade from
 * `users`; Agenda's jobs (by `data->>'userId'`) and the bot's conversation state (by `telegram_user_id`)
 * carry no foreign key and are deleted explicitly. Deleting `sender_accounts` removes credentials and leases
 * by cascade, so no process can reconnect; the accounts channel is notified so session hosts log out and
 * close live connections (best effort: a platform that cannot be reached keeps a dead session, never our credentials).
 */
export class ErasureService {
  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Deletes the user and everything of theirs. Throws NotFoundError for an unknown id. */
  async eraseUser(userId: number): Promise<ErasureResult> {
    const found = await this.db.pool.query<{ telegram_id: number }>('SELECT telegram_id FROM users WHERE id = $1', [userId]);
    const telegramId = found.rows[0]?.telegram_id;
    if (telegramId === undefined) throw new NotFoundError('user not found');
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN');
      // Delivered at commit: every session host holding one of these accounts finds its row gone, logs the
      // session out on the platform and drops the connection (see workers/session-host.ts `sync`).
      const accounts = await client.query<{ id: number }>('SELECT id FROM sender_accounts WHERE user_id = $1', [userId]);
      for (const account of accounts.rows) await notifyAccount(client, account.id);
      const jobs = await client.query(`DELETE FROM agenda_jobs WHERE data->>'userId' = $1`, [String(userId)]);
      const states = await client.query('DELETE FROM bot_state WHERE telegram_user_id = $1', [telegramId]);
      await client.query('DELETE FROM users WHERE id = $1', [userId]);
      await client.query('COMMIT');
      const result = { userId, jobs: jobs.rowCount ?? 0, botStates: states.rowCount ?? 0 };
      this.logger.info({ ...result, action: 'privacy.user_erased' }, 'user erased');
      return result;
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
  }
}
