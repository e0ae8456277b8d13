import { InlineKeyboard } from 'grammy';
import { CONTACT_FIELDS } from '../../core/contacts/import/contact-draft.js';
import type { ColumnMapping, ColumnTarget, MappedColumn } from '../../core/contacts/import/column-mapping.js';
import { phonesNeedCountry } from '../../core/contacts/import/country-hint.js';
import { toCountryCode } from '../../core/contacts/import/country.normaliser.js';
import { contactImportData } from '../callback-data/contacts.js';
import type { ConversationContext } from '../context.js';
import { clip, escapeHtml } from '../features/html-text.js';

type Translate = ConversationContext['t'];

/** Every target a column can get, in button order (its index goes into callback data). */
export const TARGETS: readonly ColumnTarget[] = [...CONTACT_FIELDS, 'custom', 'ignore'];

/** What the wizard learnt about the file (plain data, stored by the conversation). */
export interface InspectedFile {
  format: string;
  sheets: string[];
  sheet: string | null;
  sample: string[][];
  mapping: ColumnMapping;
}

const MAX_COLUMNS = 30;

/** Which columns the mapping screen lists: the ones that matter (`page` null), or every column, a page at a time. */
export interface ColumnView {
  page: number | null;
}

export const COMPACT_VIEW: ColumnView = { page: null };

// The every-column view's page, within its pages; and whether another page follows.
function pageOf(mapping: ColumnMapping, page: number): { page: number; last: boolean } {
  const pages = Math.max(1, Math.ceil(mapping.columns.length / MAX_COLUMNS));
  const clamped = Math.min(Math.max(Math.trunc(page), 0), pages - 1);
  return { page: clamped, last: clamped === pages - 1 };
}

// Exports carry dozens of columns that are empty (Outlook: 90): the compact view lists only those mapped to a
// contact field or with a value in the first rows, at most MAX_COLUMNS; the others keep their mapping and are
// reached through the every-column view.
function listedColumns(file: InspectedFile, mapping: ColumnMapping, view: ColumnView): { columns: MappedColumn[]; note: [string, Record<string, number>] | null } {
  if (view.page !== null) {
    const { page } = pageOf(mapping, view.page);
    const columns = mapping.columns.slice(page * MAX_COLUMNS, (page + 1) * MAX_COLUMNS);
    return { columns, note: ['contacts-import-columns-page', { from: page * MAX_COLUMNS + 1, to: page * MAX_COLUMNS + columns.length, total: mapping.columns.length }] };
  }
  // Columns mapped to a contact field always; then the first custom ones with values, in file order.
  const mapped = (column: MappedColumn): boolean => column.target !== 'custom' && column.target !== 'ignore';
  const fields = mapping.columns.filter(mapped).slice(0, MAX_COLUMNS);
  const valued = mapping.columns.filter((column) => !mapped(column) && file.sample.some((row) => (row[column.index] ?? '').trim().length > 0));
  const columns = [...fields, ...valued.slice(0, MAX_COLUMNS - fields.length)].sort((a, b) => a.index - b.index);
  const hidden = mapping.columns.length - columns.length;
  return { columns, note: hidden > 0 ? ['contacts-import-columns-hidden', { count: hidden }] : null };
}

// Keys are up to 48 characters; 30 lines of them with their headers would crowd Telegram's 4,096 characters.
function targetLabel(t: Translate, column: MappedColumn, html: boolean): string {
  const key = clip(column.customKey, 24);
  if (column.target === 'custom') return html ? t('contacts-import-custom-target', { key }) : `{${key}}`;
  return t(`contacts-field-${column.target}`);
}

/** The proposed mapping with a preview of the first rows, and a button per listed column. */
export function mappingScreen(
  t: Translate,
  fileName: string,
  file: InspectedFile,
  mapping: ColumnMapping,
  country: string | null,
  view: ColumnView = COMPACT_VIEW,
): { text: string; keyboard: InlineKeyboard } {
  const { columns, note } = listedColumns(file, mapping, view);
  const lines = columns.map((column) =>
    t('contacts-import-column-line', { n: column.index + 1, header: escapeHtml(clip(column.header, 30)), target: targetLabel(t, column, true) }),
  );
  if (note !== null) lines.push(t(note[0], note[1]));
  if (phonesNeedCountry(mapping, file.sample, country === null ? null : toCountryCode(country))) lines.push(t('contacts-import-country-needed'));
  const preview = file.sample
    .slice(0, 3)
    .map((row) => escapeHtml(clip(columns.map((column) => clip(row[column.index] ?? '', 20)).join(' | '), 100)))
    .join('\n');
  const text = t('contacts-import-mapping', {
    file: escapeHtml(clip(fileName, 60)),
    format: file.format,
    sheet: file.sheet === null ? '' : t('contacts-import-sheet', { sheet: escapeHtml(file.sheet) }),
    columns: lines.join('\n'),
    preview,
  });
  const keyboard = new InlineKeyboard();
  for (const column of columns) {
    const label = t('contacts-import-column-button', { n: column.index + 1, header: clip(column.header, 20), target: targetLabel(t, column, false) });
    keyboard.text(label, contactImportData.pack({ action: 'col', arg: column.index })).row();
  }
  columnViewButtons(t, keyboard, mapping, view, note !== null);
  if (file.sheets.length > 1) keyboard.text(t('contacts-import-sheet-button', { sheet: clip(file.sheet ?? '', 30) }), contactImportData.pack({ action: 'sheets', arg: 0 })).row();
  keyboard.text(t('contacts-import-country-button', { country: country ?? t('contacts-import-country-none') }), contactImportData.pack({ action: 'country', arg: 0 })).row();
  keyboard.text(t('contacts-import-continue'), contactImportData.pack({ action: 'next', arg: 0 })).text(t('contacts-import-cancel'), contactImportData.pack({ action: 'cancel', arg: 0 }));
  return { text, keyboard };
}

// "All columns" from the compact view when it leaves some out; page arrows and the way back in the other.
function columnViewButtons(t: Translate, keyboard: InlineKeyboard, mapping: ColumnMapping, view: ColumnView, leavesOut: boolean): void {
  if (view.page === null) {
    if (leavesOut) keyboard.text(t('contacts-import-columns-all', { total: mapping.columns.length }), contactImportData.pack({ action: 'cols', arg: 0 })).row();
    return;
  }
  const { page, last } = pageOf(mapping, view.page);
  if (page > 0) keyboard.text(t('contacts-prev'), contactImportData.pack({ action: 'cols', arg: page - 1 }));
  if (!last) keyboard.text(t('contacts-next'), contactImportData.pack({ action: 'cols', arg: page + 1 }));
  keyboard.row().text(t('contacts-import-columns-compact'), contactImportData.pack({ action: 'compact', arg: 0 })).row();
}

/** Buttons choosing what one column is. */
export function targetKeyboard(t: Translate, column: MappedColumn): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  TARGETS.forEach((target, index) => {
    const label = target === 'custom' ? t('contacts-field-custom') : t(`contacts-field-${target}`);
    keyboard.text(target === column.target ? `• ${label}` : label, contactImportData.pack({ action: 'tgt', arg: index }));
    if (index % 3 === 2) keyboard.row();
  });
  return keyboard;
}

/** Buttons choosing a sheet of the workbook. */
export function sheetKeyboard(sheets: readonly string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  sheets.slice(0, 30).forEach((sheet, index) => keyboard.text(clip(sheet, 40), contactImportData.pack({ action: 'sheet', arg: index })).row());
  return keyboard;
}
