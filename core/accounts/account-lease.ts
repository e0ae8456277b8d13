import type { Queryable } from '../delivery/sql.js';
import { LeaseLostError } from './account.errors.js';

/** Who holds an account, as a credential write or a send must prove. */
export interface LeaseHolder {
  owner: string;
  fencingToken: number;
}

/** A lease this worker just took. `at` is the database's time of the claim (never the process clock). */
export interface ClaimedLease {
  accountId: number;
  userId: number;
  chatId: number;
  platform: 'telegram' | 'whatsapp';
  status: 'connecting' | 'active' | 'limited';
  fencingToken: number;
  at: Date;
}

/** A lease renewed by a heartbeat, with the database time of the renewal. */
export interface RenewedLease {
  accountId: number;
  fencingToken: number;
  at: Date;
}

/**
 * Leases on sender accounts: one live connection per account in the whole cluster. Expiry is computed by
 * PostgreSQL (`now()`), so clock skew between workers cannot make two of them think they hold one account,
 * and every claim bumps the fencing token so a stale holder's writes are refused.
 */
export class AccountLeases {
  constructor(private readonly db: Queryable) {}

  /**
   * Takes unowned or expired leases of accounts that need a connection (active, limited, or connecting with
   * a live login attempt) until `owner` holds `max`. Rows locked by a concurrent claimer are skipped.
   */
  async claim(owner: string, max: number, leaseSeconds: number): Promise<ClaimedLease[]> {
    const { rows } = await this.db.query<ClaimedLease>(
      `WITH mine AS (
         SELECT count(*)::int AS n FROM account_leases WHERE owner = $1 AND expires_at > now()
       ), candidates AS (
         SELECT l.account_id FROM account_leases l JOIN sender_accounts a ON a.id = l.account_id
         WHERE (l.owner IS NULL OR l.expires_at IS NULL OR l.expires_at <= now())
           AND (a.status IN ('active', 'limited')
                OR (a.status = 'connecting' AND EXISTS (
                      SELECT 1 FROM login_attempts t WHERE t.account_id = a.id
                        AND t.status NOT IN ('done', 'failed', 'cancelled') AND t.expires_at > now())))
         ORDER BY l.account_id
         LIMIT greatest($2 - (SELECT n FROM mine), 0)
         FOR UPDATE OF l SKIP LOCKED
       )
       UPDATE account_leases l
       SET owner = $1, expires_at = now() + make_interval(secs => $3), renewed_at = now(),
           fencing_token = l.fencing_token + 1
       FROM candidates c, sender_accounts a, users u
       WHERE l.account_id = c.account_id AND a.id = l.account_id AND u.id = a.user_id
       RETURNING l.account_id AS "accountId", l.user_id AS "userId", u.chat_id AS "chatId", a.platform,
                 a.status, l.fencing_token AS "fencingToken", now() AS at`,
      [owner, max, leaseSeconds],
    );
    return rows;
  }

  /** Extends the leases `owner` still holds with the given tokens; a lease missing from the answer is lost. */
  async renew(owner: string, held: readonly { accountId: number; fencingToken: number }[], leaseSeconds: number): Promise<RenewedLease[]> {
    if (held.length === 0) return [];
    const { rows } = await this.db.query<RenewedLease>(
      `UPDATE account_leases l SET expires_at = now() + make_interval(secs => $4), renewed_at = now()
       FROM unnest($2::int[], $3::bigint[]) AS h(account_id, token)
       WHERE l.account_id = h.account_id AND l.owner = $1 AND l.fencing_token = h.token
       RETURNING l.account_id AS "accountId", l.fencing_token AS "fencingToken", now() AS at`,
      [owner, held.map((h) => h.accountId), held.map((h) => h.fencingToken), leaseSeconds],
    );
    return rows;
  }

  /** Gives leases back (graceful stop, disconnect, failed login) so another worker may take them at once. */
  async release(owner: string, accountIds: readonly number[]): Promise<void> {
    if (accountIds.length === 0) return;
    await this.db.query(`UPDATE account_leases SET owner = NULL, expires_at = NULL WHERE owner = $1 AND account_id = ANY($2::int[])`, [
      owner,
      accountIds,
    ]);
  }

  /**
   * The send-side fence: which of these (account, token) pairs are still current and unexpired by the
   * database's clock. The delivery dispatcher checks its round's accounts with one query before sending;
   * tokens are bumped on every claim, so a token alone identifies one holder.
   */
  async stillHeld(held: readonly { accountId: number; fencingToken: number }[]): Promise<Set<number>> {
    if (held.length === 0) return new Set();
    const { rows } = await this.db.query<{ account_id: number }>(
      `SELECT l.account_id FROM account_leases l JOIN unnest($1::int[], $2::bigint[]) AS h(account_id, token)
         ON l.account_id = h.account_id AND l.fencing_token = h.token
       WHERE l.expires_at > now()`,
      [held.map((h) => h.accountId), held.map((h) => h.fencingToken)],
    );
    return new Set(rows.map((r) => r.account_id));
  }

  /**
   * The fence: inside the caller's transaction, locks the lease row and throws `LeaseLostError` unless
   * `holder` still owns it with the same token.
   */
  async assertHeld(accountId: number, holder: LeaseHolder): Promise<void> {
    const { rows } = await this.db.query<{ owner: string | null; fencing_token: number }>(
      'SELECT owner, fencing_token FROM account_leases WHERE account_id = $1 FOR UPDATE',
      [accountId],
    );
    const row = rows[0];
    if (!row || row.owner !== holder.owner || Number(row.fencing_token) !== holder.fencingToken) throw new LeaseLostError(accountId);
  }
}
