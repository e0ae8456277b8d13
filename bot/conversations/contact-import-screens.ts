import { InlineKeyboard } from 'grammy';
import { CONTACT_FIELDS } from '../../core/contacts/import/contact-draft.js';
import type { ColumnMapping, ColumnTarget, MappedColumn } from '../../core/contacts/import/column-mapping.js';
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

function targetLabel(t: Translate, column: MappedColumn, html: boolean): string {
  if (column.target === 'custom') return html ? t('contacts-import-custom-target', { key: column.customKey }) : `{${column.customKey}}`;
  return t(`contacts-field-${column.target}`);
}

/** The proposed mapping with a preview of the first rows, and a button per column. */
export function mappingScreen(t: Translate, fileName: string, file: InspectedFile, mapping: ColumnMapping, country: string | null): { text: string; keyboard: InlineKeyboard } {
  // Exports carry dozens of columns that are empty (Outlook: 90): only those mapped to a contact field or with a
  // value in the first rows are shown, at most MAX_COLUMNS; the others keep their mapping.
  const shown = mapping.columns.filter(
    (column) => (column.target !== 'custom' && column.target !== 'ignore') || file.sample.some((row) => (row[column.index] ?? '').trim().length > 0),
  );
  const columns = shown.slice(0, MAX_COLUMNS);
  const hidden = mapping.columns.length - columns.length;
  const lines = columns.map((column) =>
    t('contacts-import-column-line', { n: column.index + 1, header: escapeHtml(clip(column.header, 30)), target: targetLabel(t, column, true) }),
  );
  if (hidden > 0) lines.push(t('contacts-import-columns-hidden', { count: hidden }));
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
  if (file.sheets.length > 1) keyboard.text(t('contacts-import-sheet-button', { sheet: clip(file.sheet ?? '', 30) }), contactImportData.pack({ action: 'sheets', arg: 0 })).row();
  keyboard.text(t('contacts-import-country-button', { country: country ?? t('contacts-import-country-none') }), contactImportData.pack({ action: 'country', arg: 0 })).row();
  keyboard.text(t('contacts-import-continue'), contactImportData.pack({ action: 'next', arg: 0 })).text(t('contacts-import-cancel'), contactImportData.pack({ action: 'cancel', arg: 0 }));
  return { text, keyboard };
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
