import type { CountryCode } from 'libphonenumber-js';
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { ContactColumns } from './contact-export.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import {
  EDITABLE_FIELDS,
  FIELD_COLUMNS,
  normaliseCustomKey,
  normaliseFieldValue,
  normaliseTag,
  searchedPhone,
  type EditableField,
} from './contact-fields.js';
import { normaliseUsername } from './import/identity.normaliser.js';

/** A contact as the bot shows it. */
export interface ContactView {
  id: number;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  username: string | null;
  email: string | null;
  company: string | null;
  position: string | null;
  country: string | null;
  city: string | null;
  timeZone: string | null;
  custom: Record<string, string>;
  tags: string[];
  reachable: boolean;
  optedOut: boolean;
  /** Names of the lists it belongs to (card only; empty in pages). */
  lists: string[];
}

/** A page of contacts. */
export interface ContactPage {
  items: ContactView[];
  total: number;
  offset: number;
  limit: number;
}

/** What to browse: one list or all, optionally narrowed by a search text. */
export interface ContactQuery {
  listId?: number;
  /** Matches name, phone (digits), username or company, case-insensitively. */
  search?: string;
  offset?: number;
  limit?: number;
}

/** A contact typed in by hand. */
export type NewContact = Partial<Record<EditableField, string | null>>;

const SELECT = `SELECT c.id, c.first_name, c.last_name, c.phone, c.username, c.email, c.company, c.position, c.country, c.city,
  c.time_zone, c.custom, c.tags, c.reachable, c.opted_out_at FROM contacts c`;

interface Row extends ContactColumns {
  id: number;
  time_zone: string | null;
  custom: Record<string, string>;
  tags: string[];
  reachable: boolean;
  opted_out_at: Date | null;
}

function view(row: Row, lists: string[] = []): ContactView {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    username: row.username,
    email: row.email,
    company: row.company,
    position: row.position,
    country: row.country,
    city: row.city,
    timeZone: row.time_zone,
    custom: row.custom,
    tags: row.tags,
    reachable: row.reachable,
    optedOut: row.opted_out_at !== null,
    lists,
  };
}

const MAX_PAGE = 50;

// Reachable means a messenger can find them: a phone or a username, after the edit of `field` (value $3).
function reachableAfter(field: EditableField): string {
  if (field === 'phone') return '($3::text IS NOT NULL OR username IS NOT NULL)';
  if (field === 'username') return '(phone IS NOT NULL OR $3::text IS NOT NULL)';
  return 'reachable';
}
const UNIQUE_VIOLATION = '23505';

/**
 * Contacts one at a time: browse and search page by page, open a card, add by hand, edit any field,
 * tag/untag, opt out, delete. Every method takes the owner's user id and scopes its query by it, so a
 * forged contact id only ever gives NotFoundError.
 */
export class ContactService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** A page of the user's contacts (by id, i.e. import order). */
  async page(userId: number, query: ContactQuery = {}): Promise<ContactPage> {
    const limit = Math.min(Math.max(query.limit ?? 10, 1), MAX_PAGE);
    const offset = Math.max(query.offset ?? 0, 0);
    const params: unknown[] = [userId];
    const where = ['c.user_id = $1'];
    if (query.listId !== undefined) {
      params.push(query.listId);
      where.push(`EXISTS (SELECT 1 FROM contact_list_members m WHERE m.contact_id = c.id AND m.list_id = $${params.length} AND m.user_id = $1)`);
    }
    const search = query.search?.trim();
    if (search) {
      const like = (value: string): string => {
        params.push(`%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
        return `$${params.length}`;
      };
      const text = like(search);
      const conditions = [
        `coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') ILIKE ${text}`,
        `coalesce(c.last_name, '') || ' ' || coalesce(c.first_name, '') ILIKE ${text}`,
        `c.company ILIKE ${text}`,
        `c.email ILIKE ${text}`,
        // Usernames are stored without "@"; people search with it, or paste a t.me link.
        `c.username ILIKE ${like(normaliseUsername(search) ?? search.replace(/^@/, ''))}`,
      ];
      const digits = search.replace(/\D/g, '');
      if (digits.length >= 3) {
        conditions.push(`c.phone LIKE ${like(digits)}`);
        // A number written nationally ("8 916 123-45-67") shares no digits run with its E.164 form.
        const phone = searchedPhone(search, await this.defaultCountry(userId));
        if (phone !== null) {
          params.push(phone);
          conditions.push(`c.phone = $${params.length}`);
        }
      }
      where.push(`(${conditions.join(' OR ')})`);
    }
    const filter = where.join(' AND ');
    const total = await this.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts c WHERE ${filter}`, params);
    const rows = await this.db.pool.query<Row>(`${SELECT} WHERE ${filter} ORDER BY c.id LIMIT ${limit} OFFSET ${offset}`, params);
    return { items: rows.rows.map((row) => view(row)), total: total.rows[0]!.n, offset, limit };
  }

  /** The contact card, with the names of its lists. */
  async get(userId: number, contactId: number): Promise<ContactView> {
    const found = await this.db.pool.query<Row>(`${SELECT} WHERE c.user_id = $1 AND c.id = $2`, [userId, contactId]);
    if (found.rows[0] === undefined) throw new NotFoundError('contact not found');
    const lists = await this.db.pool.query<{ name: string }>(
      `SELECT l.name FROM contact_list_members m JOIN contact_lists l ON l.id = m.list_id
       WHERE m.contact_id = $1 AND m.user_id = $2 ORDER BY lower(l.name)`,
      [contactId, userId],
    );
    return view(found.rows[0], lists.rows.map((row) => row.name));
  }

  /**
   * Adds a contact typed in by hand (values normalised as an import would), optionally into a list of the
   * user. Needs a phone, username or email; ConflictError when another contact already has one of them.
   */
  async create(userId: number, input: NewContact, listId?: number): Promise<ContactView> {
    const country = await this.defaultCountry(userId);
    const values = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, normaliseFieldValue(field, input[field] ?? null, country)])) as Record<
      EditableField,
      string | null
    >;
    if (values.phone === null && values.username === null && values.email === null) {
      throw new ValidationError('a contact needs a phone, a Telegram username or an email');
    }
    const now = this.clock.now();
    const id = await this.unique(async (client) => {
      if (listId !== undefined) {
        const list = await client.query('SELECT 1 FROM contact_lists WHERE user_id = $1 AND id = $2', [userId, listId]);
        if (list.rowCount !== 1) throw new NotFoundError('contact list not found');
      }
      const columns = EDITABLE_FIELDS.map((field) => FIELD_COLUMNS[field].column);
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO contacts (user_id, ${columns.join(', ')}, reachable, created_at, updated_at)
         VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}, $${columns.length + 2}, $${columns.length + 3}, $${columns.length + 3})
         RETURNING id`,
        [userId, ...EDITABLE_FIELDS.map((field) => values[field]), values.phone !== null || values.username !== null, now],
      );
      const contactId = inserted.rows[0]!.id;
      if (listId !== undefined) {
        await client.query('INSERT INTO contact_list_members (list_id, contact_id, user_id) VALUES ($1, $2, $3)', [listId, contactId, userId]);
      }
      return contactId;
    });
    return this.get(userId, id);
  }

  /**
   * Sets one field (null or empty text clears it). Identifiers are validated; removing the last one is
   * refused; ConflictError when another contact of the user has the value.
   */
  async editField(userId: number, contactId: number, field: EditableField, input: string | null): Promise<ContactView> {
    const value = normaliseFieldValue(field, input, await this.defaultCountry(userId));
    const column = FIELD_COLUMNS[field].column;
    await this.unique(async (client) => {
      const updated = await client.query<{ phone: string | null; username: string | null; email: string | null }>(
        `UPDATE contacts SET ${column} = $3::text, reachable = ${reachableAfter(field)}, updated_at = $4
         WHERE user_id = $1 AND id = $2 RETURNING phone, username, email`,
        [userId, contactId, value, this.clock.now()],
      );
      const row = updated.rows[0];
      if (row === undefined) throw new NotFoundError('contact not found');
      if (row.phone === null && row.username === null && row.email === null) {
        throw new ValidationError('a contact needs a phone, a Telegram username or an email');
      }
    });
    return this.get(userId, contactId);
  }

  /** Sets (or, with null, removes) a custom field usable in templates. */
  async setCustomField(userId: number, contactId: number, key: string, value: string | null): Promise<ContactView> {
    const clean = normaliseCustomKey(key);
    const text = value?.trim() ?? '';
    const result = await this.db.pool.query(
      `UPDATE contacts SET custom = CASE WHEN $4 = '' THEN custom - $3 ELSE custom || jsonb_build_object($3::text, $4::text) END, updated_at = $5
       WHERE user_id = $1 AND id = $2`,
      [userId, contactId, clean, text.slice(0, 1000), this.clock.now()],
    );
    if (result.rowCount !== 1) throw new NotFoundError('contact not found');
    return this.get(userId, contactId);
  }

  /** Marks a contact as opted out (no campaign reaches them again), or clears the mark. */
  async setOptedOut(userId: number, contactId: number, optedOut: boolean): Promise<ContactView> {
    const now = this.clock.now();
    const result = await this.db.pool.query(
      'UPDATE contacts SET opted_out_at = CASE WHEN $3 THEN coalesce(opted_out_at, $4) END, updated_at = $4 WHERE user_id = $1 AND id = $2',
      [userId, contactId, optedOut, now],
    );
    if (result.rowCount !== 1) throw new NotFoundError('contact not found');
    return this.get(userId, contactId);
  }

  /** Adds a tag (normalised to lower case); adding one it has is a no-op. */
  async addTag(userId: number, contactId: number, tag: string): Promise<ContactView> {
    const clean = normaliseTag(tag);
    const result = await this.db.pool.query(
      `UPDATE contacts SET tags = CASE WHEN $3 = ANY (tags) THEN tags ELSE array_append(tags, $3) END, updated_at = $4 WHERE user_id = $1 AND id = $2`,
      [userId, contactId, clean, this.clock.now()],
    );
    if (result.rowCount !== 1) throw new NotFoundError('contact not found');
    return this.get(userId, contactId);
  }

  /** Removes a tag. */
  async removeTag(userId: number, contactId: number, tag: string): Promise<ContactView> {
    const result = await this.db.pool.query('UPDATE contacts SET tags = array_remove(tags, $3), updated_at = $4 WHERE user_id = $1 AND id = $2', [
      userId,
      contactId,
      normaliseTag(tag),
      this.clock.now(),
    ]);
    if (result.rowCount !== 1) throw new NotFoundError('contact not found');
    return this.get(userId, contactId);
  }

  /** The user's tags with how many contacts carry each, most used first. */
  async tags(userId: number): Promise<Array<{ tag: string; count: number }>> {
    const { rows } = await this.db.pool.query<{ tag: string; count: number }>(
      'SELECT t AS tag, count(*)::int AS count FROM contacts, unnest(tags) t WHERE user_id = $1 GROUP BY t ORDER BY count(*) DESC, t',
      [userId],
    );
    return rows;
  }

  /** Deletes one contact (and its list memberships). */
  async delete(userId: number, contactId: number): Promise<void> {
    const result = await this.db.pool.query('DELETE FROM contacts WHERE user_id = $1 AND id = $2', [userId, contactId]);
    if (result.rowCount !== 1) throw new NotFoundError('contact not found');
  }

  private async defaultCountry(userId: number): Promise<CountryCode | null> {
    const found = await this.db.pool.query<{ default_country: string | null }>('SELECT default_country FROM users WHERE id = $1', [userId]);
    return (found.rows[0]?.default_country ?? null) as CountryCode | null;
  }

  // One transaction; a unique index violation (phone/username/email taken) becomes ConflictError.
  private async unique<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictError('another contact already has this phone, username or email');
      throw error;
    } finally {
      client.release();
    }
  }
}
