import { stringify } from 'csv-stringify/sync';
import { InputFile, type Api } from 'grammy';
import type { ExistingContactPolicy } from '../../core/contacts/contact-import.service.js';
import type { ColumnMapping } from '../../core/contacts/import/column-mapping.js';
import type { Rejection } from '../../core/contacts/import/contact-draft.js';
import { neutraliseCell } from '../../core/shared/csv-safe.js';
import type { BotContext, BotServices } from '../context.js';
import { openTelegramFile } from './contacts-download.js';
import { errorInfo, errorText } from './contacts-errors.js';

/** Everything the import needs once the user confirmed; plain data. */
export interface ContactImportJob {
  userId: number;
  chatId: number;
  fileId: string;
  fileName: string;
  fileSize: number;
  listName: string;
  mapping: ColumnMapping;
  sheet: string | null;
  existing: ExistingContactPolicy;
}

type Translate = BotContext['t'];

// At most one progress edit per this many milliseconds (Telegram dislikes faster edits of one message).
const PROGRESS_EVERY_MS = 2000;
const running = new Set<Promise<void>>();

/**
 * Starts an import as a task of this process and returns at once, so the update loop keeps serving other
 * users (and this one) while a large file streams in. The task edits one progress message and ends with
 * the summary and, when rows were rejected, a CSV of them with the reason for each.
 */
export function startContactImport(api: Api, services: BotServices, t: Translate, job: ContactImportJob): void {
  const task: Promise<void> = runImport(api, services, t, job)
    .catch((error: unknown) => services.logger.error({ err: error, action: 'contacts.import_task_failed' }, 'import task failed'))
    .finally(() => running.delete(task));
  running.add(task);
}

/** Resolves when every import task of this process has ended (tests, shutdown). */
export async function contactImportsSettled(): Promise<void> {
  await Promise.allSettled([...running]);
}

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(fraction * 10)));
  return `${'▓'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

async function runImport(api: Api, services: BotServices, t: Translate, job: ContactImportJob): Promise<void> {
  const list = job.listName;
  const message = await api.sendMessage(job.chatId, t('contacts-import-started', { list, bar: bar(0), percent: 0 }));
  let lastEdit = services.clock.now().getTime();
  let pending: Promise<unknown> = Promise.resolve();
  let editing = false;
  const edit = (text: string): void => {
    if (editing) return;
    editing = true;
    pending = api
      .editMessageText(job.chatId, message.message_id, text)
      .catch((error: unknown) => services.logger.warn({ err: error, action: 'contacts.import_progress_failed' }, 'progress edit failed'))
      .finally(() => (editing = false));
  };
  try {
    const source = await openTelegramFile(api, job.fileId);
    const summary = await services.contacts.imports.run({
      userId: job.userId,
      listName: job.listName,
      fileName: job.fileName,
      source,
      mapping: job.mapping,
      sheet: job.sheet ?? undefined,
      existing: job.existing,
      onProgress: (progress) => {
        const now = services.clock.now().getTime();
        if (now - lastEdit < PROGRESS_EVERY_MS) return;
        lastEdit = now;
        const fraction = progress.sheetRead ?? (job.fileSize > 0 ? progress.bytesRead / job.fileSize : 0);
        const text =
          progress.phase === 'saving'
            ? t('contacts-import-saving', { list, rows: progress.rowsRead })
            : t('contacts-import-started', { list, bar: bar(fraction), percent: Math.min(99, Math.round(fraction * 100)) });
        edit(text);
      },
    });
    await pending;
    const lines = [
      t('contacts-import-summary', { list: summary.listName, imported: summary.imported, updated: summary.updated, duplicates: summary.duplicates, rejected: summary.rejected }),
    ];
    if (summary.extended > 0) lines.push(t('contacts-import-summary-extended', { count: summary.extended }));
    if (summary.unreachable > 0) lines.push(t('contacts-import-summary-unreachable', { count: summary.unreachable }));
    if (summary.alreadyImported) lines.push(t('contacts-import-already', { list: summary.listName }));
    if (summary.rejected > 0) lines.push(t('contacts-import-summary-rejected'));
    // The rejections the user can fix (at the file's source, or with a setting) and would not guess from the numbers alone.
    const reasons = new Set(summary.rejections.map((rejection) => rejection.reason));
    if (reasons.has('PHONE_WITHOUT_COUNTRY')) lines.push(t('contacts-import-summary-no-country'));
    if (reasons.has('ROUNDED_PHONE')) lines.push(t('contacts-import-summary-rounded'));
    await api.editMessageText(job.chatId, message.message_id, lines.join('\n\n'));
    if (summary.rejected > 0) {
      await api.sendDocument(job.chatId, new InputFile(rejectedCsv(t, summary.rejections), 'rejected-rows.csv'), {
        caption: t('contacts-import-rejected-caption', { file: job.fileName, count: summary.rejected }),
      });
    }
    services.logger.info({ action: 'contacts.imported', userId: job.userId, imported: summary.imported, rejected: summary.rejected }, 'contacts imported');
  } catch (error) {
    await pending;
    const info = errorInfo(error);
    await api.editMessageText(job.chatId, message.message_id, t('contacts-import-failed', { reason: errorText({ t, services }, info) }));
    if (info.code === 'INTERNAL') throw error;
  }
}

/** The rejected rows as CSV: row number, reason in words, then the row's cells as read (formula-safe). */
export function rejectedCsv(t: Translate, rejections: readonly Rejection[]): Buffer {
  const width = Math.max(0, ...rejections.map((r) => r.values.length));
  const header = [t('contacts-rejected-row'), t('contacts-rejected-reason'), ...Array.from({ length: width }, (_, i) => `${i + 1}`)];
  const rows = rejections.map((r) => [String(r.rowNumber), t(`contacts-reason-${r.reason}`), ...r.values.map(neutraliseCell)]);
  return Buffer.from(`\uFEFF${stringify([header, ...rows])}`, 'utf8');
}
