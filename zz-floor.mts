import { openDatabase, freshUser, measured } from './bench/import-harness.js';
const { db, stop } = await openDatabase();
try {
  const src = await freshUser(db);
  await db.pool.query(`INSERT INTO contacts (user_id, first_name, last_name, phone, username, email, company, position, country, city, custom, tags, reachable, created_at, updated_at)
    SELECT $1, 'First' || g, 'Last' || g, '+4917' || (10000000 + (g * 7919) % 89999999)::text, CASE WHEN g % 3 = 0 THEN 'user' || md5(g::text) END,
      CASE WHEN g % 2 = 0 THEN md5(g::text) || '@example.com' END, 'Company ' || (g % 500), 'Manager', 'DE', 'Berlin', jsonb_build_object('note', 'n' || g), '{}', true, now(), now()
    FROM generate_series(1, 88000) g`, [src]);
  await db.pool.query('VACUUM ANALYZE contacts');
  const COPIED = 'first_name, last_name, phone, username, email, company, position, country, city, time_zone, custom, tags, reachable, created_at, updated_at';
  const variants: Array<[string, string[], boolean]> = [
    ['full floor', [], true],
    ['no triggers', ['SET LOCAL session_replication_role = replica'], true],
    ['contacts only', [], false],
    ['contacts only, no triggers', ['SET LOCAL session_replication_role = replica'], false],
    ['no user_id index', ['DROP INDEX contacts_user_id_index'], true],
    ['no phone index', ['DROP INDEX contacts_user_phone_unique'], true],
    ['no username index', ['DROP INDEX contacts_user_username_unique'], true],
    ['no email index', ['DROP INDEX contacts_user_email_unique'], true],
    ['no member contact index', ['DROP INDEX contact_list_members_contact_id_index'], true],
    ['no secondary indexes at all', ['DROP INDEX contacts_user_id_index, contacts_user_phone_unique, contacts_user_username_unique, contacts_user_email_unique, contact_list_members_contact_id_index'], true],
    ['nothing: no indexes, no triggers', ['SET LOCAL session_replication_role = replica', 'DROP INDEX contacts_user_id_index, contacts_user_phone_unique, contacts_user_username_unique, contacts_user_email_unique, contact_list_members_contact_id_index'], true],
  ];
  for (let round = 0; round < 2; round++)
  for (const [name, setup, members] of variants) {
    const userId = await freshUser(db);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const list = await client.query<{ id: number }>(`INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, 'Floor', now()) RETURNING id`, [userId]);
      for (const sql of setup) await client.query(sql);
      const sql = members
        ? `WITH inserted AS (INSERT INTO contacts (user_id, ${COPIED}) SELECT $1, ${COPIED} FROM contacts WHERE user_id = $2 ORDER BY id RETURNING id)
           INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT $3, id, $1 FROM inserted`
        : `INSERT INTO contacts (user_id, ${COPIED}) SELECT $1, ${COPIED} FROM contacts WHERE user_id = $2 ORDER BY id`;
      const run = await measured(() => client.query(sql, members ? [userId, src, list.rows[0]!.id] : [userId, src]));
      console.log(`${name.padEnd(36)} ${run.seconds.toFixed(2)} s  ${run.cpu}`);
      await client.query('ROLLBACK');
      await client.query('VACUUM contacts, contact_list_members');
    } finally { client.release(); }
  }
} finally { await stop(); }
