import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { ContactDraft } from '../import/contact-draft.js';
import { explainContactZone } from '../time-zone/zone-for-contact.js';

/** The temporary table one import streams its drafts into; dropped when the transaction ends. */
export const STAGING_TABLE = 'contact_import_staging';

const COLUMNS = [
  'row_number', 'grp', 'first_name', 'last_name', 'phone', 'username', 'username_key', 'email',
  'company', 'position', 'country', 'city', 'time_zone', 'custom', 'reachable',
] as const;

/** Creates the staging table inside the caller's open transaction. */
export async function createStagingTable(client: pg.PoolClient): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE ${STAGING_TABLE} (
      row_number integer NOT NULL,
      grp integer NOT NULL,
      first_name text, last_name text, phone text, username text, username_key text, email text,
      company text, position text, country text, city text, time_zone text,
      custom jsonb NOT NULL,
      reachable boolean NOT NULL,
      existing_id bigint
    ) ON COMMIT DROP`);
}

// COPY text format: backslash, tab and line breaks are escaped; NUL cannot be stored in PostgreSQL text.
const SPECIAL = /[\\\t\n\r\0]/;
function cell(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? escaped(value) : value;
}

function escaped(value: string): string {
  return value.replace(/[\\\t\n\r\0]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ''));
}

// Most rows have no custom fields: their JSON is known without asking for it. JSON can write NUL (`\u0000`), but
// PostgreSQL's jsonb refuses it, which would fail the whole COPY: NUL is dropped from keys and values, as from text.
function customJson(custom: Record<string, string>): string {
  for (const key in custom) {
    if (!Object.hasOwn(custom, key)) continue;
    const json = JSON.stringify(custom);
    return cell(json.includes('\\u0000') ? JSON.stringify(withoutNul(custom)) : json);
  }
  return '{}';
}

function withoutNul(custom: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(custom).map(([key, value]) => [key.replaceAll('\0', ''), value.replaceAll('\0', '')]));
}

// A file names few distinct places, and resolving one (Unicode folding, lookups) was a third of the time spent
// writing a staged row: each writer remembers the zone of every (country, city) it has seen, up to a bound.
const ZONE_CACHE_LIMIT = 10_000;

function zoneOf(draft: ContactDraft, zones: Map<string, string | null>): string | null {
  const key = `${draft.country ?? ''}\u0000${draft.city ?? ''}`;
  let zone = zones.get(key);
  if (zone === undefined) {
    const place = explainContactZone({ country: draft.country, city: draft.city }, 'UTC');
    zone = place.source === 'fallback' ? null : place.zone;
    if (zones.size >= ZONE_CACHE_LIMIT) zones.clear();
    zones.set(key, zone);
  }
  return zone;
}

function line(draft: ContactDraft, zones: Map<string, string | null>): string {
  const row = String(draft.rowNumber);
  const username = draft.username;
  return [
    row, row, cell(draft.firstName), cell(draft.lastName), cell(draft.phone), cell(username),
    cell(username === null ? null : username.toLowerCase()), cell(draft.email), cell(draft.company),
    cell(draft.position), cell(draft.country), cell(draft.city), cell(zoneOf(draft, zones)), customJson(draft.custom),
    draft.reachable ? 't' : 'f',
  ].join('\t');
}

/**
 * Streams drafts into the staging table with one COPY; `write` resolves when PostgreSQL can take more, so
 * memory stays bounded by one batch.
 */
export class StagingWriter {
  private readonly stream: CopyStreamQuery;
  private rows = 0;
  private readonly zones = new Map<string, string | null>();

  constructor(client: pg.PoolClient) {
    this.stream = client.query(copyFrom(`COPY ${STAGING_TABLE} (${COLUMNS.join(', ')}) FROM STDIN`));
    // A failure surfaces through write/finish (or is the caller's own abort); never as an unhandled event.
    this.stream.on('error', () => undefined);
  }

  /** Rows written so far. */
  get count(): number {
    return this.rows;
  }

  async write(drafts: readonly ContactDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    let text = '';
    for (const draft of drafts) text += `${line(draft, this.zones)}\n`;
    this.rows += drafts.length;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Ends the COPY and waits until PostgreSQL has every row. */
  async finish(): Promise<void> {
    const done = once(this.stream, 'finish');
    this.stream.end();
    await done;
  }

  /** Aborts the COPY and waits until PostgreSQL has dropped it (the caller then rolls back). */
  async abort(error: Error): Promise<void> {
    if (this.stream.destroyed) return;
    const settled = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
    this.stream.destroy(error);
    await settled;
  }
}
