import { stringify } from 'csv-stringify/sync';
import type { Database } from '../db/database.js';
import { neutraliseCell } from '../shared/csv-safe.js';

/** The contact's own columns, as the `contacts` table and the exports name them. */
export const BASE_COLUMNS = ['first_name', 'last_name', 'phone', 'username', 'email', 'company', 'position', 'country', 'city'] as const;
export type ContactColumns = Record<(typeof BASE_COLUMNS)[number], string | null>;

/** One exported contact (the operator CLI's JSON shape; CSV columns follow it, custom keys spread out). */
export interface ExportedContact extends ContactColumns {
  tags: string[];
  custom: Record<string, string>;
}
const PAGE = 5000;

/**
 * Streams the user's contacts (all, or one list's) in id order, a page at a time, so a large export never
 * holds every contact in memory.
 */
export async function* exportContacts(db: Database, userId: number, listId?: number): AsyncGenerator<ExportedContact> {
  let afterId = 0;
  for (;;) {
    const { rows } = await db.pool.query<ExportedContact & { id: number }>(
      `SELECT c.id, ${BASE_COLUMNS.map((column) => `c.${column}`).join(', ')}, c.tags, c.custom FROM contacts c
       WHERE c.user_id = $1 AND c.id > $2
         AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM contact_list_members m WHERE m.contact_id = c.id AND m.list_id = $3 AND m.user_id = $1))
       ORDER BY c.id LIMIT ${PAGE}`,
      [userId, afterId, listId ?? null],
    );
    for (const { id, ...contact } of rows) {
      afterId = id;
      yield contact;
    }
    if (rows.length < PAGE) return;
  }
}

/** Custom field keys used by the exported contacts, sorted. */
export async function customKeys(db: Database, userId: number, listId?: number): Promise<string[]> {
  const { rows } = await db.pool.query<{ key: string }>(
    `SELECT DISTINCT k AS key FROM contacts c, jsonb_object_keys(c.custom) k
     WHERE c.user_id = $1 AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM contact_list_members m WHERE m.contact_id = c.id AND m.list_id = $2))
     ORDER BY k`,
    [userId, listId ?? null],
  );
  return rows.map((row) => row.key);
}

/**
 * CSV of the user's contacts: the base columns, `tags` (joined with `;`), then one column per custom key.
 * Every cell is formula-safe. Yields text chunks; join or pipe them.
 */
export async function* exportContactsCsv(db: Database, userId: number, listId?: number): AsyncGenerator<string> {
  const keys = await customKeys(db, userId, listId);
  const header = [...BASE_COLUMNS, 'tags', ...keys.filter((key) => !(BASE_COLUMNS as readonly string[]).includes(key) && key !== 'tags')];
  yield stringify([header]);
  let rows: string[][] = [];
  for await (const contact of exportContacts(db, userId, listId)) {
    rows.push(
      header.map((column, i) => {
        const value = i < BASE_COLUMNS.length ? contact[column as (typeof BASE_COLUMNS)[number]] : column === 'tags' ? contact.tags.join(';') : contact.custom[column];
        return neutraliseCell(value ?? '');
      }),
    );
    if (rows.length >= 1000) {
      yield stringify(rows);
      rows = [];
    }
  }
  if (rows.length > 0) yield stringify(rows);
}
