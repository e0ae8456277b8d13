// Test data for the campaigns section: what the accounts and contacts features would have created.
import type { Database } from '../../../core/db/database.js';

export interface SeededUser {
  userId: number;
  accountId: number;
  listId: number;
  contactIds: number[];
}

/** A registered user's active Telegram account "Main" (warmed up long ago) and a list "Leads" of three reachable contacts. */
export async function seedCampaignData(db: Database, telegramId: number): Promise<SeededUser> {
  const userId = await userIdOf(db, telegramId);
  const { rows: accounts } = await db.pool.query<{ id: number }>(
    `INSERT INTO sender_accounts (user_id, platform, label, username, platform_user_id, status, connected_at, warmup_started_at, created_at, updated_at)
     VALUES ($1, 'telegram', 'Main', 'main_sender', $2, 'active', now(), now() - interval '1 year', now(), now()) RETURNING id`,
    [userId, `sim-${telegramId}`],
  );
  return { ...(await seedContacts(db, userId, ['olga_k', 'pavel_m', 'rita_s'])), userId, accountId: accounts[0]!.id };
}

export async function userIdOf(db: Database, telegramId: number): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM users WHERE telegram_id = $1', [telegramId]);
  return rows[0]!.id;
}

/** A list "Leads" of Olga, Pavel and Rita (tagged vip, vip, cold) with the given usernames. */
export async function seedContacts(db: Database, userId: number, usernames: readonly [string, string, string]): Promise<{ listId: number; contactIds: number[] }> {
  const pool = db.pool;
  const { rows: lists } = await pool.query<{ id: number }>(`INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, 'Leads', now()) RETURNING id`, [userId]);
  const contactIds: number[] = [];
  for (const [first, username, company, tags] of [
    ['Olga', usernames[0], 'Acme', ['vip']],
    ['Pavel', usernames[1], null, ['vip']],
    ['Rita', usernames[2], 'Globex', ['cold']],
  ] as const) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO contacts (user_id, first_name, username, company, tags, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, now(), now()) RETURNING id`,
      [userId, first, username, company, [...tags]],
    );
    const contactId = Number(rows[0]!.id);
    contactIds.push(contactId);
    await pool.query('INSERT INTO contact_list_members (list_id, contact_id, user_id) VALUES ($1, $2, $3)', [lists[0]!.id, contactId, userId]);
  }
  return { listId: lists[0]!.id, contactIds };
}
