import type pg from 'pg';
import type { LoginMethod } from '../messengers/messenger.js';
import type { Queryable } from '../delivery/sql.js';
import type { CredentialVault } from './credential-vault.js';

/** The PostgreSQL channel that wakes session hosts: the payload is an account id. */
export const ACCOUNTS_CHANNEL = 'contactd_accounts';

export type LoginAttemptStatus = 'pending' | 'waiting_code' | 'waiting_password' | 'waiting_scan' | 'done' | 'failed' | 'cancelled';
export type LoginInputKind = 'code' | 'password';

/** Associated data of a typed login input: bound to its attempt and kind. */
export const loginInputAad = (attemptId: number, kind: string): string => `login:${attemptId}:${kind}`;

/** A login attempt as the session host drives it. */
export interface LoginAttempt {
  id: number;
  userId: number;
  accountId: number;
  method: LoginMethod;
  phone: string | null;
  status: LoginAttemptStatus;
  expiresAt: Date;
  /** Past `expiresAt` by the database's clock. */
  expired: boolean;
}

const FINISHED: readonly LoginAttemptStatus[] = ['done', 'failed', 'cancelled'];

/** Whether an attempt can still change. */
export const isFinished = (status: LoginAttemptStatus): boolean => FINISHED.includes(status);

/** Wakes every session host listening (inside the caller's transaction: delivered on commit). */
export async function notifyAccount(db: Queryable, accountId: number): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [ACCOUNTS_CHANNEL, String(accountId)]);
}

const COLUMNS = `id, user_id AS "userId", account_id AS "accountId", method, phone, status, expires_at AS "expiresAt", expires_at <= now() AS expired`;

/**
 * Login attempts as the session host sees them: the open attempt of an account, status changes, and the
 * user's typed input, taken (decrypted and erased in one statement) exactly once.
 */
export class LoginAttempts {
  constructor(
    private readonly pool: pg.Pool,
    private readonly vault: CredentialVault,
  ) {}

  /** The account's newest attempt that has not finished, or undefined. */
  async open(accountId: number): Promise<LoginAttempt | undefined> {
    const { rows } = await this.pool.query<LoginAttempt>(
      `SELECT ${COLUMNS} FROM login_attempts WHERE account_id = $1 AND status NOT IN ('done', 'failed', 'cancelled')
       ORDER BY id DESC LIMIT 1`,
      [accountId],
    );
    return rows[0];
  }

  /** The attempt by id (any status). */
  async get(attemptId: number): Promise<LoginAttempt | undefined> {
    const { rows } = await this.pool.query<LoginAttempt>(`SELECT ${COLUMNS} FROM login_attempts WHERE id = $1`, [attemptId]);
    return rows[0];
  }

  /** Moves an unfinished attempt to `status`; a finished one stays as it is. */
  async setStatus(attemptId: number, status: LoginAttemptStatus, errorCode: string | null = null): Promise<void> {
    await this.pool.query(
      `UPDATE login_attempts SET status = $2, error_code = coalesce($3, error_code), updated_at = now(),
         pending_input = CASE WHEN $2 IN ('done', 'failed', 'cancelled') THEN NULL ELSE pending_input END,
         pending_input_kind = CASE WHEN $2 IN ('done', 'failed', 'cancelled') THEN NULL ELSE pending_input_kind END
       WHERE id = $1 AND status NOT IN ('done', 'failed', 'cancelled')`,
      [attemptId, status, errorCode],
    );
  }

  /** The input the user typed, erased from the row in the same statement; undefined when there is none. */
  async takeInput(attemptId: number): Promise<{ kind: LoginInputKind; value: string } | undefined> {
    const { rows } = await this.pool.query<{ input: string; kind: LoginInputKind }>(
      `WITH old AS (SELECT id, pending_input, pending_input_kind FROM login_attempts WHERE id = $1 AND pending_input IS NOT NULL FOR UPDATE)
       UPDATE login_attempts l SET pending_input = NULL, pending_input_kind = NULL, updated_at = now() FROM old
       WHERE l.id = old.id RETURNING old.pending_input AS input, old.pending_input_kind AS kind`,
      [attemptId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { kind: row.kind, value: this.vault.decrypt(row.input, loginInputAad(attemptId, row.kind)) };
  }
}
