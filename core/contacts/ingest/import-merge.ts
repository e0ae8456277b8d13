import type pg from 'pg';
import { integerArrayLiteral } from '../../db/array-literal.js';
import { STAGING_TABLE as S } from './import-staging.js';

/** What to do with a row that matches a contact the user already has. */
export type ExistingContactPolicy = 'skip' | 'update';

/** Counts of one merge. */
export interface MergeCounts {
  imported: number;
  updated: number;
  duplicates: number;
  /** Contacts of the file that keep values their duplicate rows differed in, as numbered custom fields. */
  extended: number;
  /** Of the imported contacts, those with only an email (no phone or username): stored, unreachable by messengers. */
  unreachable: number;
}

// Rows sharing a phone, a Telegram username (case-insensitive) or an email are one person. Only rows that
// share an identifier with another row are copied to a small links table: the rows that repeat an earlier row's
// identifier (the reader's `RepeatedKeyFilter` names a superset of them) and the rows holding those identifiers.
// There `grp` starts as the row number and each pass lowers it to the smallest of any row sharing an identifier
// until the groups settle (connected components; one or two passes for real files), then the groups go back to
// the staging table. A row named by mistake shares nothing, so it stays a group of its own.
const L = 'contact_import_links';
const CREATE_LINKS = `CREATE TEMP TABLE ${L} (rn integer NOT NULL, grp integer NOT NULL, phone text, username_key text, email text) ON COMMIT DROP`;
const COLLECT_LINKS = `
  INSERT INTO ${L}
  WITH later AS (SELECT phone, username_key, email FROM ${S} WHERE row_number = ANY ($1::int[]))
  SELECT row_number, grp, phone, username_key, email FROM ${S}
  WHERE phone IN (SELECT phone FROM later WHERE phone IS NOT NULL)
     OR username_key IN (SELECT username_key FROM later WHERE username_key IS NOT NULL)
     OR email IN (SELECT email FROM later WHERE email IS NOT NULL)`;

const PROPAGATE_GROUPS = `
  UPDATE ${L} s SET grp = t.g
  FROM (
    SELECT rn, min(g) AS g FROM (
      SELECT x.rn, k.g FROM ${L} x JOIN (SELECT phone, min(grp) AS g FROM ${L} WHERE phone IS NOT NULL GROUP BY phone) k USING (phone)
      UNION ALL
      SELECT x.rn, k.g FROM ${L} x JOIN (SELECT username_key, min(grp) AS g FROM ${L} WHERE username_key IS NOT NULL GROUP BY username_key) k USING (username_key)
      UNION ALL
      SELECT x.rn, k.g FROM ${L} x JOIN (SELECT email, min(grp) AS g FROM ${L} WHERE email IS NOT NULL GROUP BY email) k USING (email)
    ) c GROUP BY rn
  ) t
  WHERE s.rn = t.rn AND t.g < s.grp`;

const APPLY_GROUPS = `UPDATE ${S} s SET grp = l.grp FROM ${L} l WHERE s.row_number = l.rn AND l.grp <> s.grp`;

const first = (column: string): string => `(array_agg(${column} ORDER BY row_number) FILTER (WHERE ${column} IS NOT NULL))[1]`;
const MERGED = ['first_name', 'last_name', 'phone', 'username', 'username_key', 'email', 'company', 'position', 'country', 'city', 'time_zone'];

// The group's first row keeps the group's fields: its own values, else the first non-empty one of a later
// duplicate. A later row's different value of a field or custom field (compared case-insensitively) is kept too,
// as a custom field named after it with a number: a second email as `email_2`, a third as `email_3`, another
// note as `note_2`; numbers the file's own custom fields already use (an "Email 2" column) are skipped. Nothing
// a duplicate row carried is lost.
// A custom key's number suffix (`email_2`): the pattern, and the expression taking the number.
const NUMBERED = '_\\d{1,6}$';
const NUMBER = "'_(\\d{1,6})$'";
const KEPT = ['first_name', 'last_name', 'phone', 'username', 'email', 'company', 'position', 'country', 'city'];
const MERGE_GROUPS = `
  WITH groups AS (SELECT DISTINCT grp FROM ${L} WHERE grp <> rn),
  members AS (SELECT d.* FROM ${S} d JOIN ${L} l ON l.rn = d.row_number JOIN groups g ON g.grp = l.grp),
  fields AS (SELECT grp, ${MERGED.map((c) => `${first(c)} AS ${c}`).join(', ')} FROM members GROUP BY grp),
  customs AS (
    SELECT d.grp, jsonb_object_agg(e.key, e.value ORDER BY d.row_number DESC) AS custom
    FROM members d, jsonb_each(d.custom) e GROUP BY d.grp
  ),
  differing AS (
    SELECT d.grp, d.row_number, d.custom, cu.custom AS kept_custom, ${KEPT.map((c) => `d.${c}, m.${c} AS kept_${c}`).join(', ')}
    FROM members d JOIN fields m USING (grp) LEFT JOIN customs cu USING (grp)
    WHERE d.row_number <> d.grp
      AND (${KEPT.map((c) => `d.${c} IS DISTINCT FROM m.${c}`).join(' OR ')} OR NOT coalesce(cu.custom, '{}'::jsonb) @> d.custom)
  ),
  extras AS (
    ${KEPT.map((c) => `SELECT grp, row_number, '${c}' AS key, ${c} AS value FROM differing WHERE lower(${c}) <> lower(kept_${c})`).join('\n    UNION ALL ')}
    UNION ALL SELECT d.grp, d.row_number, e.key, e.value FROM differing d, jsonb_each_text(d.custom) e WHERE lower(e.value) <> lower(d.kept_custom ->> e.key)
  ),
  numbered AS (
    SELECT grp, key, value, 1 + row_number() OVER (PARTITION BY grp, key ORDER BY first_row) AS n
    FROM (SELECT grp, key, min(row_number) AS first_row, (array_agg(value ORDER BY row_number))[1] AS value FROM extras GROUP BY grp, key, lower(value)) v
  ),
  taken AS (
    SELECT cu.grp, substring(k FROM '^(.*)${NUMBERED}') AS base, max(substring(k FROM ${NUMBER})::int) AS top
    FROM customs cu JOIN (SELECT DISTINCT grp FROM numbered) g USING (grp), jsonb_object_keys(cu.custom) k
    WHERE k ~ '${NUMBERED}' GROUP BY 1, 2
  ),
  kept_extras AS (
    SELECT n.grp, jsonb_object_agg(n.key || '_' || (n.n + greatest(coalesce(t.top, 0) - 1, 0)), n.value) AS extra
    FROM numbered n LEFT JOIN taken t ON t.grp = n.grp AND t.base = n.key GROUP BY n.grp
  ),
  merged AS (
    UPDATE ${S} s SET ${MERGED.map((c) => `${c} = m.${c}`).join(', ')},
      custom = coalesce(ke.extra, '{}'::jsonb) || coalesce(cu.custom, '{}'::jsonb),
      reachable = m.phone IS NOT NULL OR m.username IS NOT NULL
    FROM fields m LEFT JOIN customs cu USING (grp) LEFT JOIN kept_extras ke USING (grp)
    WHERE s.row_number = m.grp
    RETURNING s.row_number, ke.extra IS NOT NULL AS extended
  )
  SELECT coalesce(array_agg(row_number) FILTER (WHERE extended), '{}') AS extended FROM merged`;

// Of the rows that kept a duplicate's differing values, those that became or changed a contact (under "skip", a
// row matching an existing contact changes nothing).
const COUNT_EXTENDED = `
  SELECT count(*)::int AS n FROM ${S}
  WHERE row_number = ANY ($1::int[]) AND grp = row_number AND (existing_id IS NULL OR $2)`;

// A leader matches an existing contact by phone, else username, else email.
const MATCH_EXISTING = `
  UPDATE ${S} s SET existing_id = m.id
  FROM (
    SELECT x.row_number AS rn, coalesce(cp.id, cu.id, ce.id) AS id FROM ${S} x
      LEFT JOIN contacts cp ON cp.user_id = $1 AND cp.phone = x.phone
      LEFT JOIN contacts cu ON cu.user_id = $1 AND lower(cu.username) = x.username_key
      LEFT JOIN contacts ce ON ce.user_id = $1 AND ce.email = x.email
    WHERE x.grp = x.row_number AND coalesce(cp.id, cu.id, ce.id) IS NOT NULL
  ) m
  WHERE s.row_number = m.rn`;

// Two groups of the file that meet in one existing contact are one person too: the later group yields.
const COLLAPSE_SAME_EXISTING = `
  UPDATE ${S} s SET grp = f.keep
  FROM (SELECT existing_id, min(row_number) AS keep FROM ${S} WHERE existing_id IS NOT NULL AND grp = row_number GROUP BY existing_id HAVING count(*) > 1) f
  WHERE s.existing_id = f.existing_id AND s.row_number > f.keep`;

const INSERT_NEW = `
  WITH inserted AS (
    INSERT INTO contacts (user_id, first_name, last_name, phone, username, email, company, position, country, city,
                          time_zone, custom, tags, reachable, created_at, updated_at)
    SELECT $1, left(first_name, 255), left(last_name, 255), phone, username, email, left(company, 255), left(position, 255),
           left(country, 64), left(city, 128), time_zone, custom, '{}', reachable, $3, $3
    FROM ${S} WHERE grp = row_number AND existing_id IS NULL
    ORDER BY row_number
    RETURNING id
  )
  INSERT INTO contact_list_members (list_id, contact_id, user_id) SELECT $2, id, $1 FROM inserted`;

const COUNT_UNREACHABLE = `SELECT count(*)::int AS n FROM ${S} WHERE grp = row_number AND existing_id IS NULL AND NOT reachable`;

const ADD_EXISTING_TO_LIST = `
  INSERT INTO contact_list_members (list_id, contact_id, user_id)
  SELECT $2, existing_id, $1 FROM ${S} WHERE grp = row_number AND existing_id IS NOT NULL
  ON CONFLICT DO NOTHING`;

// An identifier is only filled in where the contact has none and no other contact of the user holds it. One
// that cannot go in its column (the contact has another, or another contact holds it) is kept as a numbered
// custom field (`email_2`, past the numbers the contact's custom fields use), unless a custom field already has it.
const IDENTIFIERS = [
  ['phone', 'o.phone = s.phone', 'c.phone = s.phone'],
  ['username', 'lower(o.username) = s.username_key', 'lower(c.username) = s.username_key'],
  ['email', 'o.email = s.email', 'c.email = s.email'],
] as const;
const heldByAnother = (test: string): string => `EXISTS (SELECT 1 FROM contacts o WHERE o.user_id = $1 AND ${test})`;
const filled = (column: string, test: string): string =>
  `CASE WHEN c.${column} IS NULL AND s.${column} IS NOT NULL AND NOT ${heldByAnother(test)} THEN s.${column} ELSE c.${column} END`;
const unplaced = (column: string, test: string, same: string): string =>
  `s.${column} IS NOT NULL AND CASE WHEN c.${column} IS NULL THEN ${heldByAnother(test)} ELSE NOT (${same}) END`;
const UNPLACED_IDENTIFIERS = `(
    SELECT coalesce(jsonb_object_agg(x.key || '_' || (1 + coalesce(
        (SELECT max(substring(k FROM ${NUMBER})::int) FROM jsonb_object_keys(c.custom || s.custom) k WHERE k ~ ('^' || x.key || '${NUMBERED}')), 1)),
      x.value), '{}'::jsonb)
    FROM (VALUES ${IDENTIFIERS.map(([column, test, same]) => `('${column}', s.${column}, ${unplaced(column, test, same)})`).join(', ')}) x (key, value, unplaced)
    WHERE x.unplaced AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(c.custom || s.custom) e WHERE lower(e.value) = lower(x.value))
  )`;

// A custom value that is the number just filled in, as it was written before it could be read (`030 1234567`, kept
// as `phone_2` by an import without a country, for +49301234567: its digits, leading zeros left out, end the
// number's digits): dropped, the number being in its place now.
const significantDigits = (text: string): string => `ltrim(regexp_replace(${text}, '\\D', '', 'g'), '0')`;
const withoutCopiesOf = (phone: string, custom: string): string => `(
    SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each_text(${custom}) e
    WHERE NOT (e.value ~ '^[0-9 ()+./-]+$' AND length(${significantDigits('e.value')}) >= 6
               AND right(${phone}, length(${significantDigits('e.value')})) = ${significantDigits('e.value')})
  )`;

// Only contacts the file changes are updated (and counted): a row that brings nothing new is a duplicate.
const UPDATED_COLUMNS = [...KEPT, 'time_zone', 'custom', 'reachable'];
const UPDATE_EXISTING = `
  WITH proposed AS (
    SELECT c.id, c.phone AS old_phone,
      coalesce(left(s.first_name, 255), c.first_name) AS first_name, coalesce(left(s.last_name, 255), c.last_name) AS last_name,
      coalesce(left(s.company, 255), c.company) AS company, coalesce(left(s.position, 255), c.position) AS position,
      coalesce(left(s.country, 64), c.country) AS country, coalesce(left(s.city, 128), c.city) AS city,
      coalesce(s.time_zone, c.time_zone) AS time_zone,
      ${IDENTIFIERS.map(([column, test]) => `${filled(column, test)} AS ${column}`).join(',\n      ')},
      c.custom || s.custom || ${UNPLACED_IDENTIFIERS} AS merged_custom
    FROM contacts c JOIN ${S} s ON s.existing_id = c.id
    WHERE s.grp = s.row_number AND c.user_id = $1
  ),
  final AS (
    SELECT p.*, p.phone IS NOT NULL OR p.username IS NOT NULL AS reachable,
      CASE WHEN p.old_phone IS NULL AND p.phone IS NOT NULL THEN ${withoutCopiesOf('p.phone', 'p.merged_custom')} ELSE p.merged_custom END AS custom
    FROM proposed p
  )
  UPDATE contacts c SET ${UPDATED_COLUMNS.map((column) => `${column} = p.${column}`).join(', ')}, updated_at = $2
  FROM final p
  WHERE c.id = p.id AND (${UPDATED_COLUMNS.map((column) => `c.${column}`).join(', ')}) IS DISTINCT FROM (${UPDATED_COLUMNS.map((column) => `p.${column}`).join(', ')})`;

/**
 * Merges the staged rows into the user's contacts in a few set-based statements: groups duplicates inside
 * the file, matches groups to existing contacts (same phone, username or email), inserts the new ones,
 * updates or skips the existing ones, and puts all of them in the list. Runs in the caller's transaction.
 * `repeatedRows`: the staged rows that may repeat an earlier row's identifier (a superset is fine, none may be
 * missing), as `RepeatedKeyFilter` collects them.
 */
export async function mergeStaged(
  client: pg.PoolClient,
  input: { userId: number; listId: number; now: Date; policy: ExistingContactPolicy; repeatedRows: readonly number[] },
): Promise<MergeCounts> {
  const { userId, listId, now, policy } = input;
  // Sorts and hashes over a million staged rows stay in memory.
  await client.query(`SET LOCAL work_mem = '64MB'`);
  await client.query(`CREATE INDEX ON ${S} (row_number)`);
  let inFile = 0;
  let extendedRows: number[] = [];
  if (input.repeatedRows.length > 0) {
    await client.query(CREATE_LINKS);
    await client.query(COLLECT_LINKS, [integerArrayLiteral(input.repeatedRows)]);
    await client.query(`ANALYZE ${L}`);
    for (let changed = 1; changed > 0; ) changed = (await client.query(PROPAGATE_GROUPS)).rowCount ?? 0;
    inFile = (await client.query(APPLY_GROUPS)).rowCount ?? 0;
    if (inFile > 0) extendedRows = (await client.query<{ extended: number[] }>(MERGE_GROUPS)).rows[0]!.extended;
  }
  const hasContacts = (await client.query('SELECT 1 FROM contacts WHERE user_id = $1 LIMIT 1', [userId])).rowCount === 1;
  let matched = 0;
  if (hasContacts) {
    await client.query(MATCH_EXISTING, [userId]);
    const collapsed = (await client.query(COLLAPSE_SAME_EXISTING)).rowCount ?? 0;
    matched = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${S} WHERE grp = row_number AND existing_id IS NOT NULL`)).rows[0]!.n,
    );
    matched += collapsed;
  }
  const imported = (await client.query(INSERT_NEW, [userId, listId, now])).rowCount ?? 0;
  const unreachable = (await client.query<{ n: number }>(COUNT_UNREACHABLE)).rows[0]!.n;
  let updated = 0;
  if (matched > 0) {
    await client.query(ADD_EXISTING_TO_LIST, [userId, listId]);
    if (policy === 'update') updated = (await client.query(UPDATE_EXISTING, [userId, now])).rowCount ?? 0;
  }
  const skipped = policy === 'skip' ? matched : matched - updated;
  const extended =
    extendedRows.length === 0 ? 0 : (await client.query<{ n: number }>(COUNT_EXTENDED, [integerArrayLiteral(extendedRows), policy === 'update'])).rows[0]!.n;
  return { imported, updated, duplicates: inFile + skipped, extended, unreachable };
}
