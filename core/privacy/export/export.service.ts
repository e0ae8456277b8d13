import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/database.js';
import type { JobQueue } from '../../jobs.js';
import type { Logger } from '../../logging/logger.js';
import type { Notifier } from '../../notifier.js';
import { ExportInProgressError } from '../privacy.errors.js';
import '../privacy.notifications.js';
import { countLargeRows, writeExportArchive } from './export-archive.js';

/** The worker job that builds an export; its payload is `{ userId, exportId }`. */
export const EXPORT_JOB = 'privacy-export';

export interface ExportOptions {
  /** From this many contacts/deliveries/list rows on, a progress message is shown and updated. */
  progressThreshold?: number;
}

/**
 * Right of access and portability (P12): a ZIP with everything we hold about the user, built by a worker
 * and sent to their chat as a document. One export at a time per user (a partial unique index guards it).
 */
export class ExportService {
  private readonly progressThreshold: number;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: ExportOptions = {},
  ) {
    this.progressThreshold = options.progressThreshold ?? 20_000;
  }

  /** Starts an export for the user; throws ExportInProgressError when one is already being built. */
  async requestExport(userId: number): Promise<{ exportId: number }> {
    const { rows } = await this.db.pool.query<{ id: number }>(
      `INSERT INTO data_exports (user_id, status, created_at) VALUES ($1, 'running', $2)
       ON CONFLICT (user_id) WHERE status = 'running' DO NOTHING RETURNING id`,
      [userId, this.clock.now()],
    );
    const exportId = rows[0]?.id;
    if (exportId === undefined) throw new ExportInProgressError('an export is already in progress');
    try {
      await this.queue.enqueue(EXPORT_JOB, { userId, exportId });
    } catch (e) {
      await this.finish(exportId, 'failed');
      throw e;
    }
    return { exportId };
  }

  /** Builds and sends the archive of a requested export (the job's body). A vanished user or export is a no-op. */
  async runExport(userId: number, exportId: number, notifier: Notifier): Promise<void> {
    const found = await this.db.pool.query<{ chat_id: number }>(
      `SELECT u.chat_id FROM data_exports e JOIN users u ON u.id = e.user_id WHERE e.id = $1 AND e.user_id = $2 AND e.status = 'running'`,
      [exportId, userId],
    );
    const chatId = found.rows[0]?.chat_id;
    if (chatId === undefined) return;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'contactd-export-'));
    try {
      const now = this.clock.now();
      const file = path.join(dir, 'export.zip');
      const total = await this.writeArchive(userId, chatId, file, now, notifier);
      const fileName = `contactd-export-${now.toISOString().slice(0, 10)}.zip`;
      await notifier.send(chatId, 'privacy.export_ready', { fileName, path: file });
      await this.finish(exportId, 'done');
      this.logger.info({ userId, exportId, rows: total, action: 'privacy.export_sent' }, 'data export sent');
    } catch (e) {
      await this.finish(exportId, 'failed');
      await notifier.send(chatId, 'privacy.export_failed', {}).catch(() => undefined);
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Writes the user's archive to `file` from one read-only snapshot and returns how many large rows it holds. The
   * connection is back in the pool before anything else here needs one: exports holding theirs while waiting for
   * another could fill the pool (with other such waiters) and wait for each other for ever.
   */
  private async writeArchive(userId: number, chatId: number, file: string, now: Date, notifier: Notifier): Promise<number> {
    const client = await this.db.pool.connect();
    let progress: { onRow: () => void; finish: () => Promise<void> };
    let total: number;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      total = await countLargeRows(client, userId);
      progress = await this.progressReporter(chatId, total, notifier);
      await writeExportArchive(client, userId, file, now, progress.onRow);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    await progress.finish();
    return total;
  }

  private async progressReporter(chatId: number, total: number, notifier: Notifier): Promise<{ onRow: () => void; finish: () => Promise<void> }> {
    if (total < this.progressThreshold) return { onRow: () => undefined, finish: async () => undefined };
    const { messageId } = await notifier.send(chatId, 'privacy.export_progress', { done: 0, total });
    const step = Math.max(1, Math.ceil(total / 10));
    let done = 0;
    // Edits are chained, never concurrent, and their failures only cost a stale progress bar.
    let chain: Promise<void> = Promise.resolve();
    const edit = (n: number) => {
      chain = chain.then(() => notifier.edit(chatId, messageId, 'privacy.export_progress', { done: n, total })).catch((err: unknown) => {
        this.logger.warn({ err, action: 'privacy.export_progress_failed' }, 'could not update export progress');
      });
    };
    return {
      onRow: () => {
        done += 1;
        if (done % step === 0 && done < total) edit(done);
      },
      finish: async () => {
        edit(total);
        await chain;
      },
    };
  }

  /** Marks a running export finished. Exports left running by a crashed worker are failed by retention. */
  private async finish(exportId: number, status: 'done' | 'failed'): Promise<void> {
    await this.db.pool.query(`UPDATE data_exports SET status = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`, [exportId, status, this.clock.now()]);
  }
}
