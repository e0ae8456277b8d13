import type pg from 'pg';
import { createKeyring, CredentialVault } from '../../../core/accounts/credential-vault.js';
import type { Platform } from '../../../core/messengers/messenger.js';
import { seededRandom } from '../../../core/random.js';

export const KEY_A = 'a'.repeat(64);
export const KEY_B = 'b'.repeat(64);

/** A vault whose current key is `current`, able to open records of `older` keys. */
export function vaultOf(current: string, older: string[] = []): CredentialVault {
  return new CredentialVault(createKeyring(current, older), seededRandom(7));
}

let nextTelegramId = 7_000_000;

/** A registered user; returns its id and chat id. */
export async function createUser(pool: pg.Pool): Promise<{ id: number; chatId: number }> {
  const telegramId = nextTelegramId++;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO users (telegram_id, chat_id, first_name, language, time_zone, policy_version, policy_accepted_at, adult_confirmed_at, created_at, updated_at)
     VALUES ($1, $1, 'Owner', 'en', 'UTC', 'v1', now(), now(), now(), now()) RETURNING id`,
    [telegramId],
  );
  return { id: rows[0]!.id, chatId: telegramId };
}

/** A sender account with its (unowned) lease row. */
export async function createAccount(
  pool: pg.Pool,
  userId: number,
  options: { platform?: Platform; status?: 'active' | 'connecting' | 'limited'; phone?: string } = {},
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO sender_accounts (user_id, platform, phone, status, display_name, connected_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'Sender', CASE WHEN $4 = 'connecting' THEN NULL ELSE now() END, now(), now()) RETURNING id`,
    [userId, options.platform ?? 'telegram', options.phone ?? null, options.status ?? 'active'],
  );
  const id = rows[0]!.id;
  await pool.query('INSERT INTO account_leases (account_id, user_id) VALUES ($1, $2)', [id, userId]);
  return id;
}

/** Makes every lease of `accountId` expire now (as if its holder stopped renewing long ago). */
export async function expireLease(pool: pg.Pool, accountId: number): Promise<void> {
  await pool.query(`UPDATE account_leases SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [accountId]);
}

/** Stored credential rows of an account, as they are in the table. */
export async function credentialRows(pool: pg.Pool, accountId: number): Promise<{ key: string; value: string }[]> {
  return (await pool.query<{ key: string; value: string }>('SELECT key, value FROM account_credentials WHERE account_id = $1 ORDER BY key', [accountId])).rows;
}
