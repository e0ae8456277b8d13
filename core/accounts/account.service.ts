import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { inTransaction } from '../delivery/sql.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { LoginMethod, Platform } from '../messengers/messenger.js';
import { ACCOUNT_NAME_SQL, DAILY_LIMIT_MAX, DAILY_LIMIT_MIN, LABEL_MAX, LOGIN_ATTEMPT_MINUTES, type AccountView } from './account.types.js';
import type { CredentialVault } from './credential-vault.js';
import { loginInputAad, notifyAccount, type LoginAttemptStatus, type LoginInputKind } from './login-attempts.js';

const METHODS: Record<Platform, readonly LoginMethod[]> = { telegram: ['phone_code', 'qr'], whatsapp: ['qr', 'pairing_code'] };

/** A phone as users type it: spaces, dashes, dots and brackets are dropped; the result must be E.164. */
export function normalisePhone(input: string): string {
  const phone = input.replace(/[\s\-().]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) throw new ValidationError('INVALID_PHONE');
  return phone;
}

/** Digits of a typed login code: users write it with separators (`1-2-3-4-5`) so Telegram does not revoke it. */
export function normaliseLoginCode(input: string): string {
  const code = input.replace(/\D/g, '');
  if (!/^\d{4,8}$/.test(code)) throw new ValidationError('INVALID_CODE_FORMAT');
  return code;
}

const connectRequest = z.object({
  platform: z.enum(['telegram', 'whatsapp']),
  method: z.enum(['phone_code', 'qr', 'pairing_code']),
  phone: z.string().optional(),
});

/** Where a login stands, for the bot conversation deciding what typed text means. */
export interface LoginState {
  attemptId: number;
  accountId: number;
  status: LoginAttemptStatus;
  errorCode: string | null;
}

/**
 * The Accounts section's operations. Every method that takes an id also takes the owner's user id and
 * scopes by it: someone else's id gives `NotFoundError`. The bot never holds a messenger client: connecting
 * records an attempt and wakes the session host, which drives the login.
 */
export class AccountService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly vault: CredentialVault,
    private readonly clock: Clock,
  ) {}

  /** The user's accounts (disconnected ones and abandoned logins left out), with today's sends. */
  async list(userId: number): Promise<AccountView[]> {
    return (await this.query(userId)).rows;
  }

  async get(userId: number, accountId: number): Promise<AccountView> {
    const row = (await this.query(userId, accountId)).rows[0];
    if (!row) throw new NotFoundError('account not found');
    return row;
  }

  /** Starts connecting: the account row (`connecting`), its lease row and a login attempt; wakes the session hosts. */
  async startConnect(userId: number, request: { platform: Platform; method: LoginMethod; phone?: string }): Promise<{ accountId: number; attemptId: number }> {
    const { platform, method, phone: typed } = connectRequest.parse(request);
    if (!METHODS[platform].includes(method)) throw new ValidationError(`${platform} does not offer ${method} login`);
    const phone = method === 'qr' ? null : normalisePhone(typed ?? '');
    const now = this.clock.now();
    return inTransaction(this.pool, async (client) => {
      const account = await client.query<{ id: number }>(
        `INSERT INTO sender_accounts (user_id, platform, phone, status, created_at, updated_at) VALUES ($1, $2, $3, 'connecting', $4, $4) RETURNING id`,
        [userId, platform, phone, now],
      );
      const accountId = account.rows[0]!.id;
      await client.query('INSERT INTO account_leases (account_id, user_id) VALUES ($1, $2)', [accountId, userId]);
      // Expiry in database time, like leases: the session host compares it with now().
      const attempt = await client.query<{ id: number }>(
        `INSERT INTO login_attempts (user_id, account_id, method, phone, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $6), $5, $5) RETURNING id`,
        [userId, accountId, method, phone, now, LOGIN_ATTEMPT_MINUTES],
      );
      await notifyAccount(client, accountId);
      return { accountId, attemptId: attempt.rows[0]!.id };
    });
  }

  async loginState(userId: number, attemptId: number): Promise<LoginState> {
    const { rows } = await this.pool.query<LoginState>(
      `SELECT id AS "attemptId", account_id AS "accountId", status, error_code AS "errorCode" FROM login_attempts WHERE id = $1 AND user_id = $2`,
      [attemptId, userId],
    );
    if (!rows[0]) throw new NotFoundError('login attempt not found');
    return rows[0];
  }

  /**
   * Hands what the user typed to the session host, encrypted, for the step the login waits for (a code is
   * reduced to its digits). `ConflictError` when the login does not wait for that kind of input.
   */
  async submitLoginInput(userId: number, attemptId: number, kind: LoginInputKind, input: string): Promise<void> {
    const value = kind === 'code' ? normaliseLoginCode(input) : input;
    if (kind === 'password' && (value.length === 0 || value.length > 256)) throw new ValidationError('INVALID_PASSWORD_FORMAT');
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ account_id: number }>(
        `UPDATE login_attempts SET pending_input = $4, pending_input_kind = $3, updated_at = $5
         WHERE id = $1 AND user_id = $2 AND status = $6 RETURNING account_id`,
        [attemptId, userId, kind, this.vault.encrypt(value, loginInputAad(attemptId, kind)), this.clock.now(), kind === 'code' ? 'waiting_code' : 'waiting_password'],
      );
      if (!rows[0]) throw new ConflictError(`the login does not wait for a ${kind}`);
      await notifyAccount(client, rows[0].account_id);
    });
  }

  /** Cancels a login; an account that never connected goes away with it. */
  async cancelLogin(userId: number, attemptId: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ account_id: number }>(
        `UPDATE login_attempts SET status = 'cancelled', pending_input = NULL, pending_input_kind = NULL, updated_at = $3
         WHERE id = $1 AND user_id = $2 AND status NOT IN ('done', 'failed', 'cancelled') RETURNING account_id`,
        [attemptId, userId, this.clock.now()],
      );
      if (!rows[0]) return;
      await client.query(`DELETE FROM sender_accounts WHERE id = $1 AND status = 'connecting' AND connected_at IS NULL`, [rows[0].account_id]);
      await notifyAccount(client, rows[0].account_id);
    });
  }

  async rename(userId: number, accountId: number, label: string): Promise<void> {
    const name = label.trim();
    if (name.length === 0 || name.length > LABEL_MAX) throw new ValidationError('INVALID_LABEL');
    await this.update(userId, accountId, 'label = $3', name);
  }

  async setDailyLimit(userId: number, accountId: number, limit: number): Promise<void> {
    if (!Number.isInteger(limit) || limit < DAILY_LIMIT_MIN || limit > DAILY_LIMIT_MAX) throw new ValidationError('INVALID_DAILY_LIMIT');
    await this.update(userId, accountId, 'daily_limit = $3', limit);
  }

  /**
   * Disconnects: the status change and the deletion of every stored credential in one transaction, open
   * logins cancelled; the session host holding the account hears it, closes the connection and logs out.
   */
  async disconnect(userId: number, accountId: number): Promise<{ name: string }> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `UPDATE sender_accounts a SET status = 'disconnected', status_reason = 'user', limited_until = NULL, updated_at = $3
         WHERE a.id = $1 AND a.user_id = $2 AND a.status <> 'disconnected' RETURNING ${ACCOUNT_NAME_SQL} AS name`,
        [accountId, userId, this.clock.now()],
      );
      if (!rows[0]) throw new NotFoundError('account not found');
      await client.query('DELETE FROM account_credentials WHERE account_id = $1', [accountId]);
      await client.query(
        `UPDATE login_attempts SET status = 'cancelled', pending_input = NULL, pending_input_kind = NULL WHERE account_id = $1 AND status NOT IN ('done', 'failed', 'cancelled')`,
        [accountId],
      );
      await notifyAccount(client, accountId);
      return rows[0];
    });
  }

  private async update(userId: number, accountId: number, assignment: string, value: string | number): Promise<void> {
    const result = await this.pool.query(
      `UPDATE sender_accounts SET ${assignment}, updated_at = $4 WHERE id = $1 AND user_id = $2 AND status <> 'disconnected'`,
      [accountId, userId, value, this.clock.now()],
    );
    if (result.rowCount !== 1) throw new NotFoundError('account not found');
  }

  private query(userId: number, accountId?: number): Promise<pg.QueryResult<AccountView>> {
    return this.pool.query<AccountView>(
      `SELECT a.id, a.platform, ${ACCOUNT_NAME_SQL} AS name, a.display_name AS "displayName", a.phone, a.username, a.status,
              a.limited_until AS "limitedUntil", a.daily_limit AS "dailyLimit", coalesce(u.sent, 0) AS "sentToday"
       FROM sender_accounts a
       LEFT JOIN account_daily_usage u ON u.account_id = a.id AND u.day = $3::date
       WHERE a.user_id = $1 AND ($2::int IS NULL OR a.id = $2) AND a.status <> 'disconnected'
         AND (a.status <> 'connecting' OR EXISTS (SELECT 1 FROM login_attempts t WHERE t.account_id = a.id
              AND t.status NOT IN ('done', 'failed', 'cancelled') AND t.expires_at > now()))
       ORDER BY a.id`,
      [userId, accountId ?? null, this.clock.now().toISOString().slice(0, 10)],
    );
  }
}
