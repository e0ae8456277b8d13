import type pg from 'pg';

const T0 = new Date('2026-11-01T10:00:00Z');

/** Ids of what `seedUserData` created. */
export interface SeededUser {
  userId: number;
  telegramId: number;
  accountId: number;
  contactIds: number[];
  listId: number;
  campaignId: number;
}

async function one(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(sql, params);
  return rows[0]!.id;
}

/**
 * A user with rows in every user-owned table of the schema (profile, consents, accounts with credentials,
 * leases, logins and usage, contacts in a list, an import, a campaign with a step and deliveries in each
 * state, a job, conversation state, an export, a broadcast receipt).
 */
export async function seedUserData(pool: pg.Pool, telegramId: number, options: { contacts?: number } = {}): Promise<SeededUser> {
  const userId = await one(
    pool,
    `INSERT INTO users (telegram_id, chat_id, username, first_name, language, time_zone, policy_version, policy_accepted_at, adult_confirmed_at, created_at, updated_at)
     VALUES ($1, $1, $2, 'Seeded', 'en', 'Europe/Berlin', '2026-03-17', $3, $3, $3, $3) RETURNING id`,
    [telegramId, `user${telegramId}`, T0],
  );
  await pool.query(`INSERT INTO consents (user_id, kind, version, accepted_at) VALUES ($1, 'privacy_policy', '2026-03-17', $2), ($1, 'age_18', '18+', $2)`, [userId, T0]);
  await pool.query(`INSERT INTO bot_state (key, telegram_user_id, value, updated_at) VALUES ($1, $2, '{"step":1}', $3)`, [`conv:${telegramId}`, telegramId, T0]);
  const accountId = await one(
    pool,
    `INSERT INTO sender_accounts (user_id, platform, display_name, phone, platform_user_id, status, created_at, updated_at)
     VALUES ($1, 'telegram', 'Sales', '+4915112345678', $2, 'active', $3, $3) RETURNING id`,
    [userId, `p${telegramId}`, T0],
  );
  await pool.query(`INSERT INTO account_credentials (account_id, user_id, key, value, updated_at) VALUES ($1, $2, 'session', 'SECRET-SESSION', $3)`, [accountId, userId, T0]);
  await pool.query(`INSERT INTO account_leases (account_id, user_id, owner, expires_at) VALUES ($1, $2, 'worker-1', $3)`, [accountId, userId, T0]);
  await pool.query(
    `INSERT INTO login_attempts (user_id, account_id, method, phone, status, pending_input, expires_at, created_at, updated_at)
     VALUES ($1, $2, 'phone_code', '+4915112345678', 'waiting_code', '12345', $3, $3, $3)`,
    [userId, accountId, T0],
  );
  await pool.query(`INSERT INTO account_daily_usage (account_id, user_id, day, sent) VALUES ($1, $2, '2026-11-01', 3)`, [accountId, userId]);
  // The phone of the first contact below: only contacts are kept as peers.
  await pool.query(`INSERT INTO account_peers (account_id, user_id, peer, source, seen_at) VALUES ($1, $2, 'phone:+4915100000001', 'dialog', $3)`, [accountId, userId, T0]);
  await pool.query(`INSERT INTO account_health_events (account_id, user_id, kind, wait_seconds, until, at) VALUES ($1, $2, 'flood_wait', 60, $3, $3)`, [accountId, userId, T0]);
  await pool.query(
    `INSERT INTO recipient_checks (account_id, user_id, platform, recipient, reachable, address, platform_user_id, checked_at, expires_at)
     VALUES ($1, $2, 'telegram', 'phone:+4915100000001', true, 'SECRET-ACCESS-HASH', '555', $3, $3)`,
    [accountId, userId, T0],
  );
  await pool.query(`INSERT INTO account_check_state (account_id, user_id, next_check_at) VALUES ($1, $2, $3)`, [accountId, userId, T0]);
  const listId = await one(pool, `INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, 'Leads', $2) RETURNING id`, [userId, T0]);
  const count = options.contacts ?? 4;
  const { rows: contacts } = await pool.query<{ id: number }>(
    `INSERT INTO contacts (user_id, first_name, phone, email, tags, custom, created_at, updated_at)
     SELECT $1, 'Contact ' || i, '+49151' || lpad(i::text, 8, '0'), 'c' || i || '@example.com', ARRAY['vip'], '{"note":"=1+1"}', $2, $2
     FROM generate_series(1, $3::int) i RETURNING id`,
    [userId, T0, count],
  );
  const contactIds = contacts.map((c) => c.id);
  await pool.query(`INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT $1, unnest($2::bigint[]), $3`, [listId, contactIds, userId]);
  await pool.query(
    `INSERT INTO contact_imports (user_id, list_id, file_name, file_sha256, format, status, imported, created_at) VALUES ($1, $2, 'leads.csv', $3, 'csv', 'done', 4, $4)`,
    [userId, listId, 'a'.repeat(64), T0],
  );
  const campaignId = await one(pool, `INSERT INTO campaigns (user_id, name, status, account_ids, created_at, updated_at) VALUES ($1, 'Autumn', 'running', ARRAY[$2::int], $3, $3) RETURNING id`, [
    userId,
    accountId,
    T0,
  ]);
  const stepId = await one(pool, `INSERT INTO campaign_steps (campaign_id, user_id, position, template) VALUES ($1, $2, 0, 'Hi {first_name}') RETURNING id`, [campaignId, userId]);
  const states = ['queued', 'sent', 'failed', 'skipped', 'replied', 'sending'];
  await pool.query(
    `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, channel, recipient, status, planned_at, rendered_text, queued_at, updated_at)
     SELECT $1, $2, $3, c.id, 'telegram', '+49151', ($4::text[])[1 + (c.n - 1) % array_length($4::text[], 1)], $5, 'Hi there', $5, $5
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM unnest($6::bigint[]) id) c`,
    [userId, campaignId, stepId, states, T0, contactIds],
  );
  await pool.query(`INSERT INTO agenda_jobs (name, data) VALUES ('campaign.tick', $1)`, [JSON.stringify({ userId, campaignId })]);
  await pool.query(`INSERT INTO data_exports (user_id, status, created_at) VALUES ($1, 'done', $2)`, [userId, T0]);
  const broadcastId = await one(pool, `INSERT INTO policy_broadcasts (policy_version, admin_telegram_id, created_at) VALUES ('2026-12-01', 1, $1) RETURNING id`, [T0]);
  await pool.query(`INSERT INTO policy_broadcast_recipients (broadcast_id, user_id, outcome, at) VALUES ($1, $2, 'sent', $3)`, [broadcastId, userId, T0]);
  return { userId, telegramId, accountId, contactIds, listId, campaignId };
}

/**
 * Tables that hold no user's rows, with the reason; every other table must have `user_id` or
 * `telegram_user_id` (or be `users` / `agenda_jobs`, erased by id and by `data->>'userId'`).
 */
export const NOT_USER_DATA: Record<string, string> = {
  mikro_orm_migrations: 'schema history',
  age_gate_refusals: 'a per-day counter, nothing about who refused (P13)',
  admin_audit_log: "administrators' actions: ids only, kept after the target's erasure (P16)",
  simulated_ledger: 'what the simulated messenger "delivered" in tests and the sandbox, not production data',
  policy_broadcasts: 'one row per announcement of a policy version; recipients are in policy_broadcast_recipients',
};

/** How a user's rows are found in a table: by `users.id`, by Agenda's `data->>'userId'`, or by an owner column. */
export type UserRowsKey = 'id' | 'agenda' | 'user_id' | 'telegram_user_id';

/**
 * Every table of the schema, from the catalog: those holding users' rows with how to find them, and those that
 * declare no way to (neither an owner column nor an entry in `NOT_USER_DATA`).
 */
export async function userTables(pool: pg.Pool): Promise<{ owned: Map<string, UserRowsKey>; undeclared: string[] }> {
  const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
  );
  const tables = new Map<string, Set<string>>();
  for (const c of columns) tables.set(c.table_name, (tables.get(c.table_name) ?? new Set()).add(c.column_name));
  const owned = new Map<string, UserRowsKey>();
  const undeclared: string[] = [];
  for (const [table, cols] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
    if (table === 'users') owned.set(table, 'id');
    else if (table === 'agenda_jobs') owned.set(table, 'agenda');
    else if (cols.has('user_id')) owned.set(table, 'user_id');
    else if (cols.has('telegram_user_id')) owned.set(table, 'telegram_user_id');
    else if (!(table in NOT_USER_DATA)) undeclared.push(table);
  }
  return { owned, undeclared };
}

/** Every user's rows in every table of the schema, found from the catalog: `{ table: count }`. */
export async function rowsOfUser(pool: pg.Pool, userId: number, telegramId: number): Promise<{ counts: Record<string, number>; undeclared: string[] }> {
  const { owned, undeclared } = await userTables(pool);
  const where: Record<UserRowsKey, [sql: string, param: unknown]> = {
    id: ['id = $1', userId],
    agenda: [`data->>'userId' = $1`, String(userId)],
    user_id: ['user_id = $1', userId],
    telegram_user_id: ['telegram_user_id = $1', telegramId],
  };
  const counts: Record<string, number> = {};
  for (const [table, key] of owned) {
    const [condition, param] = where[key];
    counts[table] = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE ${condition}`, [param])).rows[0]!.n);
  }
  return { counts, undeclared };
}
