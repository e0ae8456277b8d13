import type { CountryCode } from 'libphonenumber-js';
import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { DomainError, ValidationError } from '../errors.js';
import type { ContactSource } from './import/byte-source.js';
import type { ColumnMapping } from './import/column-mapping.js';
import type { Rejection, RejectionReason } from './import/contact-draft.js';
import { inspectContactFile, readContactFile, type ContactFileInspection } from './import/contact-import.pipeline.js';
import { toCountryCode } from './import/country.normaliser.js';
import type { ExistingContactPolicy } from './ingest/import-merge.js';
import { mergeStaged } from './ingest/import-merge.js';
import { importSettingsDigest } from './ingest/import-settings.js';
import { createStagingTable, StagingWriter } from './ingest/import-staging.js';
import { meterSource } from './ingest/metered-source.js';
import { RepeatedKeyFilter } from './ingest/repeated-keys.js';
import { normaliseListName } from './contact-list.service.js';

export type { ExistingContactPolicy } from './ingest/import-merge.js';

/** One import of one file into one list. */
export interface ContactImportRequest {
  userId: number;
  /** The list the contacts land in; created when the user has none of that name (case-insensitive). */
  listName: string;
  fileName: string;
  source: ContactSource;
  /** The mapping the user confirmed; detected when omitted. */
  mapping?: ColumnMapping;
  sheet?: string | number;
  /** Country for national numbers; the user's stored default country when omitted. */
  defaultCountry?: CountryCode | null;
  existing: ExistingContactPolicy;
  /**
   * Names this run of the import (a job's progress message): run again after it committed (its worker died before
   * reporting), the import reports the counts it stored instead of "already imported".
   */
  runKey?: string;
  /** Called after each batch; cheap, the caller throttles what it shows. */
  onProgress?: (progress: ImportProgress) => void;
}

/** How far an import has come. */
export interface ImportProgress {
  phase: 'reading' | 'saving';
  bytesRead: number;
  rowsRead: number;
  /** How much of a workbook's sheet has been read (0 to 1); absent for text files, whose bytes read say it. */
  sheetRead?: number;
}

/** The outcome the bot and the CLI report. */
export interface ContactImportSummary {
  /** The `contact_imports` row; for a repeated file, the earlier import's. */
  importId: number;
  listId: number;
  listName: string;
  format: string;
  /** The same file was already imported into this list with the same settings (by another run): nothing was changed. */
  alreadyImported: boolean;
  imported: number;
  updated: number;
  duplicates: number;
  /** Contacts that keep values their duplicate rows differed in (another email …) as numbered custom fields. */
  extended: number;
  /** Of the imported contacts, those with only an email: stored, but no messenger can reach them. */
  unreachable: number;
  rejected: number;
  /** Rejected rows with reasons, in file order (at most {@link MAX_KEPT_REJECTIONS}). */
  rejections: Rejection[];
  /** Why values could not be read, each once: of every rejected row, and of kept rows (a phone without a country code). */
  problems: RejectionReason[];
}

/** The counts of an import, as the chat and the CLI report them. */
export type ImportCounts = Pick<ContactImportSummary, 'imported' | 'updated' | 'duplicates' | 'extended' | 'unreachable' | 'rejected'>;

export function importCounts(summary: ContactImportSummary): ImportCounts {
  const { imported, updated, duplicates, extended, unreachable, rejected } = summary;
  return { imported, updated, duplicates, extended, unreachable, rejected };
}

/** Rejected rows kept for the report; the count is always exact. */
export const MAX_KEPT_REJECTIONS = 50_000;

export interface ContactImportOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Worker threads normalising rows (0 = on the calling thread). */
  threads?: number;
  /** Rows per batch (pipeline default when omitted). */
  batchSize?: number;
}

/** An earlier import of the same file and settings, as `run` looks it up. */
interface ImportRecord {
  id: number;
  run_key: string | null;
  imported: number;
  updated: number;
  duplicates: number;
  extended: number;
  unreachable: number;
}

function storedCounts(record: ImportRecord): Omit<ImportCounts, 'rejected'> {
  const { imported, updated, duplicates, extended, unreachable } = record;
  return { imported, updated, duplicates, extended, unreachable };
}

// Imports of one user run one at a time, so deduplication always sees the other's result.
const IMPORT_LOCK = 719_045_130;

/**
 * The streaming import: file → pipeline → COPY into a staging table → set-based merge, all in one
 * transaction (a crash leaves nothing), idempotent per (user, list, file SHA-256, settings).
 */
export class ContactImportService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: ContactImportOptions,
  ) {}

  /** Reads the head of a file and proposes a mapping (format, sheets, header, sample rows). */
  async inspect(source: ContactSource, sheet?: string | number): Promise<ContactFileInspection> {
    return inspectContactFile(source, { maxBytes: this.options.maxBytes, sheet });
  }

  /** Stores the user's default country for national phone numbers; accepts a code or a country name. */
  async setDefaultCountry(userId: number, input: string): Promise<CountryCode> {
    const code = toCountryCode(input.trim());
    if (code === null) throw new ValidationError('unknown country', [input.slice(0, 64)]);
    await this.db.pool.query('UPDATE users SET default_country = $2, updated_at = $3 WHERE id = $1', [userId, code, this.clock.now()]);
    return code;
  }

  /** Runs the whole import; see {@link ContactImportSummary}. */
  async run(request: ContactImportRequest): Promise<ContactImportSummary> {
    const listName = normaliseListName(request.listName);
    const client = await this.db.pool.connect();
    let released = false;
    let writer: StagingWriter | null = null;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [IMPORT_LOCK, request.userId]);
      const user = await client.query<{ default_country: string | null }>('SELECT default_country FROM users WHERE id = $1', [request.userId]);
      if (user.rowCount !== 1) throw new ValidationError('no such user');
      const listId = await ensureList(client, request.userId, listName, this.clock.now());
      await createStagingTable(client);
      const metered = await meterSource(request.source, this.options.maxBytes);
      const defaultCountry = request.defaultCountry !== undefined ? request.defaultCountry : ((user.rows[0]!.default_country as CountryCode | null) ?? null);
      const rejections: Rejection[] = [];
      let rejected = 0;
      let rowsRead = 0;
      writer = new StagingWriter(client);
      let sheetRead: number | undefined;
      let detectedFormat: string | null = null;
      const repeated = new RepeatedKeyFilter();
      const batches = readContactFile(metered.source, {
        maxBytes: this.options.maxBytes,
        sheet: request.sheet,
        mapping: request.mapping,
        defaultCountry,
        threads: this.options.threads,
        batchSize: this.options.batchSize,
        onSheetProgress: (fraction) => void (sheetRead = fraction),
        onFormat: (detected) => void (detectedFormat = detected),
      });
      const problems = new Set<RejectionReason>();
      for await (const batch of batches) {
        await writer.write(batch.drafts);
        for (const draft of batch.drafts) {
          repeated.add(draft);
          if (draft.problem !== null) problems.add(draft.problem);
        }
        rejected += batch.rejections.length;
        for (const rejection of batch.rejections) {
          problems.add(rejection.reason);
          if (rejections.length < MAX_KEPT_REJECTIONS) rejections.push(detached(rejection));
        }
        rowsRead += batch.drafts.length + batch.rejections.length;
        request.onProgress?.({ phase: 'reading', bytesRead: metered.bytesRead(), rowsRead, ...(sheetRead === undefined ? {} : { sheetRead }) });
      }
      await writer.finish();
      writer = null;
      const format = detectedFormat ?? formatOf(request.fileName);
      const sha = metered.digest();
      const settings = importSettingsDigest({ mapping: request.mapping ?? null, sheet: request.sheet ?? null, defaultCountry, existing: request.existing });
      const earlier = await client.query<ImportRecord>(
        `SELECT id, run_key, imported, updated, duplicates, extended, unreachable FROM contact_imports
         WHERE user_id = $1 AND list_id = $2 AND file_sha256 = $3 AND settings_sha256 = $4 AND status = 'done'
         ORDER BY run_key IS NOT DISTINCT FROM $5 DESC, id LIMIT 1`,
        [request.userId, listId, sha, settings, request.runKey ?? null],
      );
      if (earlier.rowCount === 1) {
        await client.query('ROLLBACK');
        const e = earlier.rows[0]!;
        const rerun = request.runKey !== undefined && e.run_key === request.runKey;
        const counts = rerun ? storedCounts(e) : { imported: 0, updated: 0, duplicates: 0, extended: 0, unreachable: 0 };
        return { importId: e.id, listId, listName, format, alreadyImported: !rerun, ...counts, rejected, rejections, problems: [...problems] };
      }
      request.onProgress?.({ phase: 'saving', bytesRead: metered.bytesRead(), rowsRead });
      const now = this.clock.now();
      const counts = await mergeStaged(client, { userId: request.userId, listId, now, policy: request.existing, repeatedRows: repeated.rows });
      const record = await client.query<{ id: number }>(
        `INSERT INTO contact_imports (user_id, list_id, file_name, file_sha256, settings_sha256, format, status, imported, updated, duplicates,
                                      rejected, extended, unreachable, run_key, created_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'done', $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
        [
          request.userId, listId, request.fileName.slice(0, 255), sha, settings, format, counts.imported, counts.updated, counts.duplicates,
          rejected, counts.extended, counts.unreachable, request.runKey ?? null, now,
        ],
      );
      await client.query('COMMIT');
      return { importId: record.rows[0]!.id, listId, listName, format, alreadyImported: false, ...counts, rejected, rejections, problems: [...problems] };
    } catch (error) {
      await writer?.abort(error instanceof Error ? error : new Error(String(error)));
      await client.query('ROLLBACK').catch(() => undefined);
      // Recorded on another connection, after this one is back in the pool: failed imports holding theirs while
      // waiting for one more could fill the pool and wait for each other for ever.
      released = true;
      client.release();
      await this.recordFailure(request, error);
      throw error;
    } finally {
      if (!released) client.release();
    }
  }

  /**
   * Records an import that failed (outside its rolled-back transaction, best effort) so that operators and the user's
   * data export see it: by the error's code, or one given (`IMPORT_GAVE_UP` by a job that stopped retrying).
   */
  async recordFailure(request: Pick<ContactImportRequest, 'userId' | 'fileName'>, error: unknown): Promise<void> {
    const code = typeof error === 'string' ? error : error instanceof DomainError ? error.code : 'INTERNAL';
    await this.db.pool
      .query(
        `INSERT INTO contact_imports (user_id, list_id, file_name, file_sha256, format, status, error_code, created_at, finished_at)
         SELECT id, NULL, $2, repeat('0', 64), $3, 'failed', $4, $5, $5 FROM users WHERE id = $1`,
        [request.userId, request.fileName.slice(0, 255), formatOf(request.fileName), code, this.clock.now()],
      )
      .catch(() => undefined);
  }
}

// Cells are slices of the decoded text chunk, and a slice keeps its whole chunk alive: kept rejections get
// copies of their own, or a million-row file would stay in memory through its rejected rows.
function detached(rejection: Rejection): Rejection {
  return { rowNumber: rejection.rowNumber, reason: rejection.reason, values: JSON.parse(JSON.stringify(rejection.values)) as string[] };
}

async function ensureList(client: pg.PoolClient, userId: number, name: string, now: Date): Promise<number> {
  await client.query(
    'INSERT INTO contact_lists (user_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, lower(name)) DO NOTHING',
    [userId, name, now],
  );
  const found = await client.query<{ id: number }>('SELECT id FROM contact_lists WHERE user_id = $1 AND lower(name) = lower($2)', [userId, name]);
  return found.rows[0]!.id;
}

// The format a file's name says (a failed import is recorded before its format is known).
function formatOf(fileName: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'csv';
  return ext === 'vcf' || ext === 'vcard' ? 'vcard' : ext === 'xlsx' ? 'xlsx' : ext === 'tsv' || ext === 'txt' ? 'csv' : ext.slice(0, 16);
}
