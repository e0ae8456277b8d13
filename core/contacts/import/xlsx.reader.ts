import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { DomainError } from '../../errors.js';
import type { RawRow } from './contact-draft.js';
import { CorruptWorkbookError } from './import.errors.js';
import { dateStylesOnly, MAX_STYLES_BYTES } from './xlsx-styles.js';
import { SharedStrings } from './shared-strings.js';
import { hasInlineStrings, spreadsheetPrefix, withFlatInlineStrings, withoutElementPrefix } from './sheet-xml.js';
import { decodeSpreadsheetEscapes } from './xml-text.js';
import type { WorkbookInfo } from './xlsx-workbook.js';
import { DEFAULT_ZIP_LIMITS, GuardedZip, type SequentialPart, type ZipEntry, type ZipLimits } from './zip-guard.js';

// exceljs' streaming reader reads a zip front to back. It loses zip entries when it has to put several
// worksheets aside before it has seen the shared strings (exceljs issue #962: "Cannot read properties of
// undefined (reading 'sheets')" for any workbook with five or more sheets stored before `xl/workbook.xml`, as
// exceljs itself writes them), and it only recognises sheets stored as `xl/worksheets/sheetN.xml`. So it is
// handed a zip of just what it needs, in the order it needs it, under the names it looks for: an empty list of
// relationships (so it reads the sheet at once, without matching it to the workbook's sheets), a workbook part
// of our own that only says which date system the file uses, the styles, then the one sheet.
// Nor does it recognise prefixed elements (`<x:row>`), and it keeps only the last run of an inline string: such
// parts are rewritten on the way (sheet-xml.ts). And it would hold every shared string as a JavaScript string
// (about 1 GB of memory for a million-row workbook): we read them into a bounded spool instead (string-spool.ts),
// and exceljs, told to ignore them, gives shared-string cells as their number, which we look up.
// Enough of a part to show its root element and, for a sheet, the kind of its first text cells.
const HEAD_BYTES = 64 * 1024;
const NO_RELATIONSHIPS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';
const readerWorkbook = (date1904: boolean): string =>
  `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets/></workbook>`;
const xmlPart = (name: string, xml: string): { name: string; data: Buffer } => ({
  name,
  data: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml}`),
});

/**
 * Streams the rows of sheet `index` with exceljs' streaming reader (only call after {@link inspectWorkbook}
 * passed, so what exceljs inflates is already known to be bounded). Cells become text; empty rows are skipped.
 * `onProgress` hears, with each batch, about how much of the sheet has been read (0 to 1; see {@link sheetRowsEstimate}).
 */
export async function* readXlsxRows(
  path: string,
  workbook: WorkbookInfo,
  index: number,
  batchSize: number,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  onProgress?: (fraction: number) => void,
): AsyncGenerator<RawRow[]> {
  const zip = await GuardedZip.open(path, limits);
  let strings: SharedStrings | null = null;
  let source: Readable | null = null;
  try {
    const sheetPart = workbook.sheetParts[index];
    const sheet = sheetPart === null || sheetPart === undefined ? undefined : zip.entry(sheetPart);
    if (sheet === undefined) throw new CorruptWorkbookError(`no worksheet part for sheet ${workbook.sheets[index] ?? index}`);
    const head = await sheetHead(zip, sheet);
    const sharedStrings = workbook.sharedStrings === null ? undefined : zip.entry(workbook.sharedStrings);
    if (sharedStrings !== undefined) {
      strings = new SharedStrings();
      const stringsHead = await partHead(zip, sharedStrings);
      await strings.read(unprefixed(zip, sharedStrings, spreadsheetPrefix(stringsHead)));
    }
    const parts: SequentialPart[] = [
      xmlPart('xl/_rels/workbook.xml.rels', NO_RELATIONSHIPS),
      xmlPart('xl/workbook.xml', readerWorkbook(workbook.date1904)),
      ...(await readerStyles(zip, workbook.styles)),
      readerSheet(zip, sheet, head),
    ];
    const rows = sheetRowsEstimate(head, sheet.uncompressedSize);
    source = Readable.from(zip.sequentialZip(parts));
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      sharedStrings: 'ignore',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let batch: RawRow[] = [];
    try {
      for await (const worksheet of reader) {
        for await (const row of worksheet) {
          const values = rowValues(row.values, strings);
          if (values.every((value) => value.length === 0)) continue;
          batch.push({ rowNumber: row.number, values });
          if (batch.length >= batchSize) {
            if (rows !== null) onProgress?.(Math.min(0.99, row.number / rows));
            yield batch;
            batch = [];
          }
        }
      }
    } catch (error) {
      // exceljs fails with plain errors (TypeError …) on XML it does not expect: the user gets the corrupt-workbook message.
      if (error instanceof DomainError) throw error;
      throw new CorruptWorkbookError(`sheet ${workbook.sheets[index] ?? index}: ${(error as Error).message}`);
    }
    onProgress?.(1);
    if (batch.length > 0) yield batch;
  } finally {
    // The reader may stop (done, failed, abandoned) while the source still reads the file: stop the source and
    // wait until it has, so it never reads a closed file (an unhandled stream error would end the process).
    if (source !== null) {
      source.destroy();
      await finished(source).catch(() => undefined);
    }
    strings?.close();
    await zip.close();
  }
}

/**
 * The sheet for the reader: copied as stored, or inflated and rewritten when exceljs would misread it: elements
 * carrying a SpreadsheetML prefix (`<x:row>`, which it does not recognise) lose it, and inline strings of several
 * text runs become one text (it keeps only the last run). Both are judged from the part's beginning.
 */
function readerSheet(zip: GuardedZip, entry: ZipEntry, head: SheetHead): SequentialPart {
  const name = 'xl/worksheets/sheet1.xml';
  const flatten = hasInlineStrings(head.text);
  if (head.prefix === null && !flatten) return { name, entry };
  const plain = unprefixed(zip, entry, head.prefix);
  return { name, content: flatten ? withFlatInlineStrings(plain) : plain };
}

// A sheet's beginning, without its SpreadsheetML prefix, and the prefix.
interface SheetHead {
  text: string;
  prefix: string | null;
}

async function sheetHead(zip: GuardedZip, entry: ZipEntry): Promise<SheetHead> {
  const raw = await partHead(zip, entry);
  const prefix = spreadsheetPrefix(raw);
  return { text: prefix === null ? raw : raw.replaceAll(`${prefix}:`, ''), prefix };
}

/**
 * About how many rows a sheet has, for progress (a workbook is read only once it has arrived whole, so the bytes
 * received say nothing): the last row its `<dimension>` names (Excel, LibreOffice and Google Sheets write one), else
 * its size over the bytes per row of its beginning; null when neither says.
 */
function sheetRowsEstimate(head: SheetHead, sheetBytes: number): number | null {
  const dimension = /<dimension\s+ref\s*=\s*["'][A-Z]+\d+:[A-Z]+(\d+)["']/.exec(head.text);
  if (dimension !== null) return Number(dimension[1]);
  const first = head.text.indexOf('<row');
  const last = head.text.lastIndexOf('<row');
  const between = first < 0 ? 0 : head.text.slice(first, last).split('<row').length - 1;
  return between === 0 ? null : Math.max(1, Math.round(sheetBytes / ((last - first) / between)));
}

// The beginning of a part, as latin1 text.
async function partHead(zip: GuardedZip, entry: ZipEntry): Promise<string> {
  let head = '';
  for await (const chunk of zip.inflatedBytes(entry)) {
    head += chunk.toString('latin1');
    if (head.length >= HEAD_BYTES) break;
  }
  return head;
}

function unprefixed(zip: GuardedZip, entry: ZipEntry, prefix: string | null): AsyncIterable<Buffer> {
  return prefix === null ? zip.inflatedBytes(entry) : withoutElementPrefix(zip.inflatedBytes(entry), prefix);
}

/** The workbook's styles as the reader needs them to tell dates, unless there are none or too many. */
async function readerStyles(zip: GuardedZip, part: string | null): Promise<{ name: string; data: Buffer }[]> {
  const entry = part === null ? undefined : zip.entry(part);
  if (entry === undefined || entry.uncompressedSize > MAX_STYLES_BYTES) return [];
  const xml = await zip.readText(entry.name, MAX_STYLES_BYTES);
  return xml === null ? [] : [xmlPart('xl/styles.xml', dateStylesOnly(xml))];
}

// exceljs row values are 1-based and sparse.
function rowValues(raw: ExcelJS.Row['values'], strings: SharedStrings | null): string[] {
  if (!Array.isArray(raw)) return [];
  const values: string[] = [];
  for (let i = 1; i < raw.length; i++) values.push(cellText(raw[i], strings));
  return values;
}

function cellText(value: ExcelJS.CellValue | { sharedString: number }, strings: SharedStrings | null): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeSpreadsheetEscapes(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('sharedString' in value) return strings?.text(value.sharedString) ?? '';
  if ('richText' in value) return decodeSpreadsheetEscapes(value.richText.map((part) => part.text).join(''));
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : value.hyperlink;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? '' : cellText(result, strings);
  }
  if ('error' in value) return '';
  return '';
}
