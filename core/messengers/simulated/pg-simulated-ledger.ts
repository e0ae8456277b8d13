import type { Pool } from 'pg';
import type { Platform } from '../messenger.js';
import { microBatcher } from './micro-batcher.js';
import type { LedgerDelivery, LedgerEntry, LedgerFilter, LedgerRecordResult, SimulatedLedger } from './simulated-ledger.js';

/**
 * Schema of the PostgreSQL ledger, for a migration. The unique key is what makes "already sent" hold
 * across processes; `platform` is part of it so a phone used on both simulated platforms stays two accounts.
 */
export const SIMULATED_LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS simulated_ledger (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  account_platform_user_id text NOT NULL,
  client_message_id text NOT NULL,
  recipient text NOT NULL,
  recipient_address text NOT NULL,
  text text NOT NULL,
  sent_at timestamptz NOT NULL,
  CONSTRAINT simulated_ledger_client_message_uq UNIQUE (platform, account_platform_user_id, client_message_id)
);
CREATE INDEX IF NOT EXISTS simulated_ledger_account_sent_idx
  ON simulated_ledger (platform, account_platform_user_id, sent_at);
`;

interface LedgerRow {
  id: string;
  platform: Platform;
  account_platform_user_id: string;
  client_message_id: string;
  recipient: string;
  recipient_address: string;
  text: string;
  sent_at: Date;
}

const COLUMNS =
  'id, platform, account_platform_user_id, client_message_id, recipient, recipient_address, text, sent_at';

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    id: String(row.id),
    platform: row.platform,
    accountPlatformUserId: row.account_platform_user_id,
    clientMessageId: row.client_message_id,
    recipientPlatformUserId: row.recipient,
    recipientAddress: row.recipient_address,
    text: row.text,
    sentAt: new Date(row.sent_at),
  };
}

const keyOf = (d: Pick<LedgerDelivery, 'platform' | 'accountPlatformUserId' | 'clientMessageId'>): string =>
  JSON.stringify([d.platform, d.accountPlatformUserId, d.clientMessageId]);

export interface PgSimulatedLedgerOptions {
  /** Concurrent INSERT statements; keep it at or below the pool's size. Default 4. */
  maxInFlight?: number;
  /** Deliveries per INSERT statement. Default 500. */
  maxBatchSize?: number;
}

/**
 * The durable ledger: shared by every process that uses the same database. Concurrent `record` calls are
 * grouped into multi-row INSERTs (one commit each), which is what lets one process record thousands of
 * sends a second.
 */
export class PgSimulatedLedger implements SimulatedLedger {
  readonly record: (delivery: LedgerDelivery) => Promise<LedgerRecordResult>;

  constructor(
    private readonly pool: Pool,
    options: PgSimulatedLedgerOptions = {},
  ) {
    this.record = microBatcher((batch) => this.recordBatch(batch), {
      maxInFlight: options.maxInFlight ?? 4,
      maxBatchSize: options.maxBatchSize ?? 500,
    });
  }

  private async recordBatch(batch: readonly LedgerDelivery[]): Promise<LedgerRecordResult[]> {
    // Every batch inserts in key order, so two batches racing on the same keys cannot deadlock.
    const column = <K extends keyof LedgerDelivery>(key: K): LedgerDelivery[K][] => batch.map((d) => d[key]);
    const inserted = await this.pool.query<LedgerRow>(
      `INSERT INTO simulated_ledger
         (platform, account_platform_user_id, client_message_id, recipient, recipient_address, text, sent_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ORDER BY 1, 2, 3
       ON CONFLICT (platform, account_platform_user_id, client_message_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        column('platform'),
        column('accountPlatformUserId'),
        column('clientMessageId'),
        column('recipientPlatformUserId'),
        column('recipientAddress'),
        column('text'),
        column('sentAt'),
      ],
    );
    // A key can come twice in one batch: the first caller wins, the later ones are duplicates.
    const fresh = new Map(inserted.rows.map((row) => [keyOf(toEntry(row)), toEntry(row)]));
    const results: (LedgerRecordResult | undefined)[] = batch.map((d) => {
      const entry = fresh.get(keyOf(d));
      if (!entry) return undefined;
      fresh.delete(keyOf(d));
      return { entry, duplicate: false };
    });
    const losers = batch.filter((_, i) => results[i] === undefined);
    const existing = await this.existing(losers);
    return batch.map((d, i) => {
      const won = results[i];
      if (won) return won;
      const entry = existing.get(keyOf(d));
      if (!entry) throw new Error('simulated_ledger: conflicting row vanished (was the table truncated meanwhile?)');
      return { entry, duplicate: true };
    });
  }

  /** The stored entries for `deliveries`' keys. */
  private async existing(deliveries: readonly LedgerDelivery[]): Promise<Map<string, LedgerEntry>> {
    if (deliveries.length === 0) return new Map();
    // A separate statement on purpose: its fresh snapshot sees rows whose writers committed while our
    // INSERT waited on them.
    const found = await this.pool.query<LedgerRow>(
      `SELECT ${COLUMNS} FROM simulated_ledger
       WHERE (platform, account_platform_user_id, client_message_id) IN
         (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
      [deliveries.map((d) => d.platform), deliveries.map((d) => d.accountPlatformUserId), deliveries.map((d) => d.clientMessageId)],
    );
    return new Map(found.rows.map((row) => [keyOf(toEntry(row)), toEntry(row)]));
  }

  async list(filter: LedgerFilter = {}): Promise<LedgerEntry[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.platform !== undefined) add('platform = ?', filter.platform);
    if (filter.accountPlatformUserId !== undefined) add('account_platform_user_id = ?', filter.accountPlatformUserId);
    if (filter.sentSince !== undefined) add('sent_at >= ?', filter.sentSince);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const result = await this.pool.query<LedgerRow>(`SELECT ${COLUMNS} FROM simulated_ledger ${where} ORDER BY id`, params);
    return result.rows.map(toEntry);
  }

  async latestPerRecipient(platform: Platform, account: string, limit: number): Promise<LedgerEntry[]> {
    const result = await this.pool.query<LedgerRow>(
      `SELECT * FROM (
         SELECT DISTINCT ON (recipient) ${COLUMNS} FROM simulated_ledger
         WHERE platform = $1 AND account_platform_user_id = $2 ORDER BY recipient, id DESC) AS latest
       ORDER BY id DESC LIMIT $3`,
      [platform, account, Math.max(limit, 0)],
    );
    return result.rows.map(toEntry);
  }
}
