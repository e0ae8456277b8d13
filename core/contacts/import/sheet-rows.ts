import { StringDecoder } from 'node:string_decoder';
import type { RawRow } from './contact-draft.js';
import { CorruptWorkbookError } from './import.errors.js';
import type { CellFormat } from './number-format.js';
import { runText } from './sheet-xml.js';
import { xmlText } from './xml-text.js';

/** What a sheet's cells need from the rest of the workbook to become text. */
export interface SheetContext {
  /** The shared strings' texts by number (`t="s"` cells); null when the workbook has none. */
  sharedString: ((index: number) => string) | null;
  /** The format of the cell style with this number, when it changes how a number reads (a date, a digit template). */
  formatOf: (style: number) => CellFormat | undefined;
  /** The workbook counts days from 1904 (old Mac Excel) rather than from 1900. */
  date1904: boolean;
}

// A row is far smaller than this (Excel: 16,384 cells of at most 32,767 characters, but contact sheets have
// a few dozen short cells); one that does not end within it is a broken part, not a row worth the memory.
const MAX_ROW_CHARS = 16 * 1024 * 1024;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ROW_OPEN = /<row[\s/>]/g;
const ROW_NUMBER = /\sr\s*=\s*["'](\d{1,7})["']/;
const CELL_COLUMN = /\sr\s*=\s*["']([A-Za-z]{1,3})\d+["']/;
const CELL_STYLE = /\ss\s*=\s*["'](\d{1,9})["']/;
// Excel's last column, XFD.
const MAX_COLUMNS = 16384;
const CELL_TYPE = /\st\s*=\s*["']([^"']*)["']/;
const VALUE = /<v(?:\s[^>]*)?>([^<]*)<\/v>/;
const INLINE = /<is(?:\s[^>]*)?>([\s\S]*?)<\/is>/;
const DAY_MS = 24 * 3600 * 1000;
// Days from Excel's day 0 (1899-12-30 as Excel counts, leap-year bug included) to 1970-01-01; 1904 adds 1,462.
const UNIX_EPOCH_SERIAL = 25569;
const EPOCH_1904_DAYS = 1462;
const LAST_DATE_SERIAL = 2958465;

/**
 * The rows of one worksheet part (its inflated bytes, UTF-8), read as they stream by: each non-empty row as the
 * texts of its cells by column (1-based `A` → index 0; missing cells are empty), in batches of `batchSize`.
 * Shared strings are looked up, inline strings of several runs joined, numbers written without exponent
 * where they are whole (a phone stored as a number stays all digits), numbers in a date style written as the
 * date (`2024-03-01`), booleans as TRUE/FALSE, errors as nothing. A formula cell gives its cached result.
 * Rows or cells without a reference (`r`) follow the one before. Elements must be unprefixed (`withoutElementPrefix`).
 */
export async function* sheetRows(chunks: AsyncIterable<Buffer>, context: SheetContext, batchSize: number): AsyncGenerator<RawRow[]> {
  const decoder = new StringDecoder('utf8');
  const scanner = new RowScanner(context);
  for await (const chunk of chunks) {
    scanner.push(decoder.write(chunk));
    while (scanner.rows.length >= batchSize) yield scanner.rows.splice(0, batchSize);
  }
  scanner.push(decoder.end());
  scanner.end();
  while (scanner.rows.length > 0) yield scanner.rows.splice(0, batchSize);
}

/**
 * Finds the rows in a sheet's text as it comes, piece by piece, and keeps the non-empty ones (in `rows`). Holds
 * back an unfinished row, and looks for its end only in the pieces that arrive next, so a long row costs its
 * length once.
 */
class RowScanner {
  readonly rows: RawRow[] = [];
  // What is held back: an unfinished row (`open`: its start tag is complete, its end not yet come), or the
  // end of a piece that may begin a row's tag; `more`: pieces of the open row come since, `tail` its last characters.
  private held = '';
  private open = false;
  private more: string[] = [];
  private heldLength = 0;
  private tail = '';
  private lastRow = 0;

  constructor(private readonly context: SheetContext) {}

  push(piece: string): void {
    if (this.open && !(this.tail + piece).includes('</row>')) {
      this.more.push(piece);
      this.heldLength += piece.length;
      this.tail = (this.tail + piece).slice(-'</row'.length);
      if (this.heldLength > MAX_ROW_CHARS) throw new CorruptWorkbookError(`row ${this.lastRow + 1} does not end within ${MAX_ROW_CHARS} characters`);
      return;
    }
    const text = this.held + this.more.join('') + piece;
    this.more = [];
    let position = 0;
    for (;;) {
      ROW_OPEN.lastIndex = position;
      const open = ROW_OPEN.exec(text)?.index;
      // Only the end of a tag that may turn out to be `<row ` needs keeping.
      if (open === undefined) return this.hold(text.slice(Math.max(position, text.length - 4)), false);
      const tagEnd = text.indexOf('>', open);
      if (tagEnd < 0) return this.hold(text.slice(open), false);
      const attributes = text.slice(open + 4, tagEnd);
      if (text.charCodeAt(tagEnd - 1) === 0x2f) {
        // `<row …/>`: a row without cells.
        this.row(attributes, '');
        position = tagEnd + 1;
        continue;
      }
      const close = text.indexOf('</row>', tagEnd + 1);
      if (close < 0) return this.hold(text.slice(open), true);
      this.row(attributes, text.slice(tagEnd + 1, close));
      position = close + '</row>'.length;
    }
  }

  /** The sheet has ended: a row begun and never ended means the part is broken. */
  end(): void {
    if (this.open || /^<row[\s/>]/.test(this.held)) throw new CorruptWorkbookError(`row ${this.lastRow + 1} does not end`);
  }

  private hold(text: string, open: boolean): void {
    this.held = text;
    this.open = open;
    this.heldLength = text.length;
    this.tail = text.slice(-'</row'.length);
    if (text.length > MAX_ROW_CHARS) throw new CorruptWorkbookError(`row ${this.lastRow + 1} does not end within ${MAX_ROW_CHARS} characters`);
  }

  private row(attributes: string, inner: string): void {
    const number = ROW_NUMBER.exec(attributes);
    this.lastRow = number === null ? this.lastRow + 1 : Number(number[1]);
    if (inner.length === 0) return;
    const values = cellTexts(inner, this.context);
    if (values.some((value) => value.length > 0)) this.rows.push({ rowNumber: this.lastRow, values });
  }
}

// The texts of one row's cells by column.
function cellTexts(row: string, context: SheetContext): string[] {
  const values: string[] = [];
  CELL.lastIndex = 0;
  for (let match = CELL.exec(row); match !== null; match = CELL.exec(row)) {
    const attributes = match[1]!;
    const column = CELL_COLUMN.exec(attributes);
    const named = column === null ? MAX_COLUMNS : columnIndex(column[1]!);
    // A cell without a reference, or with one past Excel's last column, follows the one before.
    const index = named < MAX_COLUMNS ? named : values.length;
    if (index >= MAX_COLUMNS) continue;
    const text = match[2] === undefined ? '' : cellText(attributes, match[2], context);
    while (values.length < index) values.push('');
    if (index === values.length) values.push(text);
    // A cell naming a column already passed (out of order, or twice) overwrites it, as a spreadsheet would show the last.
    else values[index] = text;
  }
  return values;
}

// `A` → 0, `Z` → 25, `AA` → 26 (letters only; the row digits are not captured).
function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i += 1) index = index * 26 + ((letters.charCodeAt(i) & 0xdf) - 64);
  return index - 1;
}

function cellText(attributes: string, content: string, context: SheetContext): string {
  const type = CELL_TYPE.exec(attributes)?.[1] ?? 'n';
  if (type === 'inlineStr') {
    const inline = INLINE.exec(content);
    if (inline !== null) return xmlText(runText(inline[1]!));
  }
  const value = VALUE.exec(content)?.[1];
  if (value === undefined) return '';
  switch (type) {
    case 's': {
      const index = Number.parseInt(value, 10);
      return context.sharedString === null || !(index >= 0) ? '' : context.sharedString(index);
    }
    case 'str':
    case 'inlineStr':
      return xmlText(value);
    case 'b':
      return Number.parseInt(value, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      // ISO 8601 (strict SpreadsheetML): the date.
      return /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? value.trim().slice(0, 10) : xmlText(value).trim();
    default: {
      const style = CELL_STYLE.exec(attributes);
      return numberText(value, style === null ? undefined : context.formatOf(Number(style[1])), context.date1904);
    }
  }
}

function numberText(value: string, format: CellFormat | undefined, date1904: boolean): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) return '';
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return xmlText(trimmed);
  // Excel shows no date past 9999-12-31 (it fills the cell with #): such a number in a date style (a phone in a
  // column formatted as dates) is shown as the number.
  if (format?.kind === 'date' && number >= 0 && number <= LAST_DATE_SERIAL) {
    return new Date(Math.round((number - UNIX_EPOCH_SERIAL + (date1904 ? EPOCH_1904_DAYS : 0)) * DAY_MS)).toISOString().slice(0, 10);
  }
  if (!Number.isInteger(number)) return String(number);
  // As the cell shows it: `+7 (916) 123-45-67` for 9161234567 in a `+7 (000) 000-00-00` column.
  return format?.kind === 'digits' && number >= 0 && number < 1e21 ? format.render(number.toFixed(0)) : number.toFixed(0);
}
