import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { NotFoundError, ValidationError } from '../errors.js';

/** A list with how many contacts it holds. */
export interface ContactListSummary {
  id: number;
  name: string;
  size: number;
}

const MAX_LIST_NAME = 128;

/** Trims a list name and checks its length; throws ValidationError for an empty or too long name. */
export function normaliseListName(input: string): string {
  const name = input.replace(/\s+/g, ' ').trim();
  if (name.length === 0 || name.length > MAX_LIST_NAME) throw new ValidationError('a list name has 1 to 128 characters');
  return name;
}

/** The user's contact lists: what an import lands in and what campaigns target. */
export class ContactListService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Every list of the user with its size, by name. */
  async lists(userId: number): Promise<ContactListSummary[]> {
    const { rows } = await this.db.pool.query<ContactListSummary>(
      `SELECT l.id, l.name, (SELECT count(*)::int FROM contact_list_members m WHERE m.list_id = l.id) AS size
       FROM contact_lists l WHERE l.user_id = $1 ORDER BY lower(l.name)`,
      [userId],
    );
    return rows;
  }

  /** One list of the user; NotFoundError for another user's or a missing list. */
  async get(userId: number, listId: number): Promise<ContactListSummary> {
    const { rows } = await this.db.pool.query<ContactListSummary>(
      `SELECT l.id, l.name, (SELECT count(*)::int FROM contact_list_members m WHERE m.list_id = l.id) AS size
       FROM contact_lists l WHERE l.user_id = $1 AND l.id = $2`,
      [userId, listId],
    );
    if (rows[0] === undefined) throw new NotFoundError('contact list not found');
    return rows[0];
  }

  /** The user's list of this name (case-insensitive), or null. */
  async findByName(userId: number, name: string): Promise<ContactListSummary | null> {
    const found = await this.db.pool.query<{ id: number }>('SELECT id FROM contact_lists WHERE user_id = $1 AND lower(name) = lower($2)', [
      userId,
      normaliseListName(name),
    ]);
    return found.rows[0] === undefined ? null : this.get(userId, found.rows[0].id);
  }

  /** The list of this name, created when missing. */
  async ensure(userId: number, name: string): Promise<ContactListSummary> {
    const clean = normaliseListName(name);
    await this.db.pool.query(
      'INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, lower(name)) DO NOTHING',
      [userId, clean, this.clock.now()],
    );
    return (await this.findByName(userId, clean))!;
  }

  /**
   * Deletes a list; with `withContacts`, also the contacts that belong to no other list. Returns how many
   * contacts were deleted.
   */
  async delete(userId: number, listId: number, withContacts: boolean): Promise<number> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN');
      const owned = await client.query('SELECT 1 FROM contact_lists WHERE user_id = $1 AND id = $2 FOR UPDATE', [userId, listId]);
      if (owned.rowCount !== 1) throw new NotFoundError('contact list not found');
      let deleted = 0;
      if (withContacts) {
        const result = await client.query(
          `DELETE FROM contacts c USING contact_list_members m
           WHERE m.list_id = $2 AND m.contact_id = c.id AND c.user_id = $1
             AND NOT EXISTS (SELECT 1 FROM contact_list_members o WHERE o.contact_id = c.id AND o.list_id <> $2)`,
          [userId, listId],
        );
        deleted = result.rowCount ?? 0;
      }
      await client.query('DELETE FROM contact_lists WHERE user_id = $1 AND id = $2', [userId, listId]);
      await client.query('COMMIT');
      return deleted;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
