import type { Database } from '../db/database.js';

/** Who a campaign targets: contacts in any of `listIds` (all when empty), with any of `tags` (any when empty), none of `excludedTags`. */
export interface AudienceFilter {
  listIds?: readonly number[];
  tags?: readonly string[];
  excludedTags?: readonly string[];
}

/** Sizes of an audience. */
export interface AudienceCount {
  /** Every contact matching the filter. */
  total: number;
  /** Those a campaign can message: reachable (phone or username) and not opted out. */
  sendable: number;
}

/** A contact as a campaign needs it. */
export interface AudienceContact {
  id: number;
  phone: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  timeZone: string | null;
}

/**
 * A SQL condition over the contacts table (under `alias`) for the filter, with its parameters numbered from
 * `firstParam`. Always scoped by the user. For set-based `INSERT … SELECT` in the campaigns engine.
 */
export function audienceCondition(userId: number, filter: AudienceFilter, alias = 'c', firstParam = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [userId];
  const next = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const parts = [`${alias}.user_id = $${firstParam}`];
  if (filter.listIds !== undefined && filter.listIds.length > 0) {
    parts.push(
      `EXISTS (SELECT 1 FROM contact_list_members m WHERE m.contact_id = ${alias}.id AND m.user_id = $${firstParam} AND m.list_id = ANY (${next([...filter.listIds])}::int[]))`,
    );
  }
  if (filter.tags !== undefined && filter.tags.length > 0) {
    // Redundant for the result, needed for the plan: the tags index holds only contacts with tags.
    parts.push(`${alias}.tags <> '{}' AND ${alias}.tags && ${next(filter.tags.map(lower))}::text[]`);
  }
  if (filter.excludedTags !== undefined && filter.excludedTags.length > 0) {
    parts.push(`NOT (${alias}.tags && ${next(filter.excludedTags.map(lower))}::text[])`);
  }
  return { sql: parts.join(' AND '), params };
}

function lower(tag: string): string {
  return tag.trim().toLowerCase();
}

/** Counts and selects campaign audiences by lists and tags, scoped by user. */
export class ContactAudience {
  constructor(private readonly db: Database) {}

  async count(userId: number, filter: AudienceFilter): Promise<AudienceCount> {
    const where = audienceCondition(userId, filter);
    const { rows } = await this.db.pool.query<AudienceCount>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE c.reachable AND c.opted_out_at IS NULL))::int AS sendable
       FROM contacts c WHERE ${where.sql}`,
      where.params,
    );
    return rows[0]!;
  }

  /** Sendable contacts of the audience, by id after `afterId` (keyset paging), at most `limit`. */
  async select(userId: number, filter: AudienceFilter, page: { afterId?: number; limit: number }): Promise<AudienceContact[]> {
    const where = audienceCondition(userId, filter);
    const { rows } = await this.db.pool.query<AudienceContact>(
      `SELECT c.id, c.phone, c.username, c.first_name AS "firstName", c.last_name AS "lastName", c.time_zone AS "timeZone"
       FROM contacts c WHERE ${where.sql} AND c.reachable AND c.opted_out_at IS NULL AND c.id > $${where.params.length + 1}
       ORDER BY c.id LIMIT $${where.params.length + 2}`,
      [...where.params, page.afterId ?? 0, page.limit],
    );
    return rows;
  }
}
