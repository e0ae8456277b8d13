import type { Clock } from '../../core/clock.js';
import { importCounts, type ContactImportService } from '../../core/contacts/contact-import.service.js';
import { errorInfo } from '../../core/contacts/error-info.js';
import { CONTACT_IMPORT_JOB, contactImportPayload, type OpenUserFile } from '../../core/contacts/import-job.js';
import type { Logger } from '../../core/logging/logger.js';
import type { Notifier } from '../../core/notifier.js';
import { defineJob } from '../job.js';

// At most one progress edit per this many milliseconds (Telegram dislikes faster edits of one message).
const PROGRESS_EVERY_MS = 2000;
// A run holds its lock this long; it touches it twice as often. A worker that died leaves the job to be retaken
// by another (or itself after a restart) once the lock has expired.
const LOCK_MS = 2 * 60_000;
const TOUCH_EVERY_MS = 30_000;
// An import that took its worker down this many times (a file too big for the worker's memory, say) is given up
// rather than started again and again; graceful stops and failures (retried three times) count too.
const MAX_STARTS = 5;

/**
 * Runs a contact import the user confirmed in the bot: streams the file from Telegram through the import
 * pipeline into the database, edits the progress message as it goes, and turns it into the summary (with the
 * rejected rows as a file) or the failure. Interrupted by a stopping worker, the run fails without a word to the
 * user and is retried (after a restart: once the lock expires); the import is idempotent, so nothing lands twice.
 */
export function contactImportJob(deps: {
  imports: Pick<ContactImportService, 'run' | 'recordFailure'>;
  openFile: OpenUserFile;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  /** Largest file accepted, in MB (for the failure text). */
  maxImportMb: number;
  /** True once the process is shutting down. */
  stopping: () => boolean;
}) {
  return defineJob({
    name: CONTACT_IMPORT_JOB,
    payload: contactImportPayload,
    // An import holds a large file's rows in flight: two per worker, the others wait their turn.
    concurrency: 2,
    lockLifetimeMs: LOCK_MS,
    removeOnComplete: true,
    retryDelaysMs: [5_000, 30_000, 120_000],
    maxStarts: MAX_STARTS,
    giveUp: async (job) => {
      const code = 'IMPORT_GAVE_UP';
      await deps.imports.recordFailure(job, code);
      await deps.notifier.edit(job.chatId, job.messageId, 'contacts.import_failed', { code, detail: '', limitMb: deps.maxImportMb });
    },
    handle: async (job, run) => {
      const { chatId, messageId } = job;
      const toucher = setInterval(() => void run?.touch().catch(() => undefined), TOUCH_EVERY_MS);
      // The bot has just sent the message at 0 %: the first edit comes a while later.
      let lastEdit = deps.clock.now().getTime();
      let editing = false;
      let pending: Promise<void> = Promise.resolve();
      try {
        const source = await deps.openFile(job.fileId);
        const summary = await deps.imports.run({
          userId: job.userId,
          listName: job.listName,
          fileName: job.fileName,
          source,
          mapping: job.mapping,
          sheet: job.sheet ?? undefined,
          existing: job.existing,
          // The progress message names the run (in the user's own chat, so its id alone): retried after its import
          // committed, it reports that import's counts.
          runKey: `message:${messageId}`,
          onProgress: (progress) => {
            const now = deps.clock.now().getTime();
            if (editing || now - lastEdit < PROGRESS_EVERY_MS) return;
            lastEdit = now;
            const fraction = progress.sheetRead ?? (job.fileSize > 0 ? progress.bytesRead / job.fileSize : 0);
            const data = { list: job.listName, phase: progress.phase, fraction, rows: progress.rowsRead };
            editing = true;
            pending = deps.notifier
              .edit(chatId, messageId, 'contacts.import_progress', data)
              .catch((error: unknown) => deps.logger.warn({ err: error, action: 'contacts.import_progress_failed' }, 'progress edit failed'))
              .finally(() => (editing = false));
          },
        });
        await pending;
        await deps.notifier.edit(chatId, messageId, 'contacts.import_done', {
          list: summary.listName,
          alreadyImported: summary.alreadyImported,
          ...importCounts(summary),
          problems: summary.problems,
        });
        if (summary.rejected > 0) {
          await deps.notifier.send(chatId, 'contacts.import_rejected', { fileName: job.fileName, count: summary.rejected, rejections: summary.rejections });
        }
        deps.logger.info({ action: 'contacts.imported', userId: job.userId, imported: summary.imported, rejected: summary.rejected }, 'contacts imported');
      } catch (error) {
        await pending;
        if (deps.stopping()) throw error;
        const info = errorInfo(error);
        await deps.notifier.edit(chatId, messageId, 'contacts.import_failed', { ...info, limitMb: deps.maxImportMb });
        if (info.code === 'INTERNAL') deps.logger.error({ err: error, action: 'contacts.import_failed', userId: job.userId }, 'contact import failed');
      } finally {
        clearInterval(toucher);
      }
    },
  });
}
