import { stringify } from 'csv-stringify/sync';
import type { Rejection } from '../../core/contacts/import/contact-draft.js';
import type { NotificationMap } from '../../core/notifier.js';
import { neutraliseCell } from '../../core/shared/csv-safe.js';
import { contactsErrorText } from '../features/contacts-errors.js';
import type { NotificationRenderers, Translate } from './renderer.js';

type ContactKinds = 'contacts.import_progress' | 'contacts.import_done' | 'contacts.import_rejected' | 'contacts.import_failed';

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(fraction * 10)));
  return `${'▓'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

/** The progress message's text (also what the bot first sends, at 0 %). */
export function importProgressText(t: Translate, data: NotificationMap['contacts.import_progress']): string {
  if (data.phase === 'saving') return t('contacts-import-saving', { list: data.list, rows: data.rows });
  return t('contacts-import-started', { list: data.list, bar: bar(data.fraction), percent: Math.min(99, Math.round(data.fraction * 100)) });
}

function summaryText(t: Translate, data: NotificationMap['contacts.import_done']): string {
  const lines = [
    t('contacts-import-summary', { list: data.list, imported: data.imported, updated: data.updated, duplicates: data.duplicates, rejected: data.rejected }),
  ];
  if (data.extended > 0) lines.push(t('contacts-import-summary-extended', { count: data.extended }));
  if (data.unreachable > 0) lines.push(t('contacts-import-summary-unreachable', { count: data.unreachable }));
  if (data.alreadyImported) lines.push(t('contacts-import-already', { list: data.list }));
  if (data.rejected > 0) lines.push(t('contacts-import-summary-rejected'));
  // What the user can fix (at the file's source, or with a setting) and would not guess from the numbers alone, in
  // rejected rows or in rows kept for an email.
  if (data.problems.includes('PHONE_WITHOUT_COUNTRY')) lines.push(t('contacts-import-summary-no-country'));
  if (data.problems.includes('ROUNDED_PHONE')) lines.push(t('contacts-import-summary-rounded'));
  return lines.join('\n\n');
}

/** The rejected rows as CSV: row number, reason in words, then the row's cells as read (formula-safe). */
export function rejectedCsv(t: Translate, rejections: readonly Rejection[]): Buffer {
  const width = Math.max(0, ...rejections.map((r) => r.values.length));
  const header = [t('contacts-rejected-row'), t('contacts-rejected-reason'), ...Array.from({ length: width }, (_, i) => `${i + 1}`)];
  const rows = rejections.map((r) => [String(r.rowNumber), t(`contacts-reason-${r.reason}`), ...r.values.map(neutraliseCell)]);
  return Buffer.from(`\uFEFF${stringify([header, ...rows])}`, 'utf8');
}

/** Notifications of a contact import: progress, summary, rejected rows, failure. */
export const contactRenderers: Pick<NotificationRenderers, ContactKinds> = {
  'contacts.import_progress': (data, t) => ({ text: importProgressText(t, data) }),
  'contacts.import_done': (data, t) => ({ text: summaryText(t, data) }),
  'contacts.import_rejected': (data, t) => ({
    text: t('contacts-import-rejected-caption', { file: data.fileName, count: data.count }),
    document: { data: rejectedCsv(t, data.rejections), fileName: 'rejected-rows.csv' },
  }),
  'contacts.import_failed': (data, t) => ({ text: t('contacts-import-failed', { reason: contactsErrorText(t, data, data.limitMb) }) }),
};
