import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { DomainError } from '../../errors.js';
import type { RawRow } from './contact-draft.js';
import { CorruptWorkbookError } from './import.errors.js';
import { dateStylesOnly, MAX_STYLES_BYTES } from './xlsx-styles.js';
import { hasInlineStrings, spreadsheetPrefix, withFlatInlineStrings, withoutElementPrefix } from './sheet-xml.js';
import type { WorkbookInfo } from './xlsx-workbook.js';
import { GuardedZip, type SequentialPart, type ZipEntry, type ZipLimits } from './zip-guard.js';

// exceljs' streaming reader reads a zip front to back. It loses zip entries when it has to put several
// worksheets aside before it has seen the shared strings (exceljs issue #962: "Cannot read properties of
// undefined (reading 'sheets')" for any workbook with five or more sheets stored before `xl/workbook.xml`, as
// exceljs itself writes them), and it only recognises sheets stored as `xl/worksheets/sheetN.xml`. So it is
// handed a zip of just what it needs, in the order it needs it, under the names it looks for: an empty list of
// relationships (so it reads the sheet at once, without matching it to the workbook's sheets), a workbook part
// of our own that only says which date system the file uses, the styles, the shared strings, then the one sheet.
// Nor does it recognise prefixed elements (`<x:row>`), and it keeps only the last run of an inline string: such
// parts are rewritten on the way (sheet-xml.ts).
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
 */
export async function* readXlsxRows(path: string, workbook: WorkbookInfo, index: number, batchSize: number, limits?: ZipLimits): AsyncGenerator<RawRow[]> {
  const zip = await GuardedZip.open(path, limits);
  let source: Readable | null = null;
  try {
    const sheetPart = workbook.sheetParts[index];
    const sheet = sheetPart === null || sheetPart === undefined ? undefined : zip.entry(sheetPart);
    if (sheet === undefined) throw new CorruptWorkbookError(`no worksheet part for sheet ${workbook.sheets[index] ?? index}`);
    const sharedStrings = workbook.sharedStrings === null ? undefined : zip.entry(workbook.sharedStrings);
    const parts: SequentialPart[] = [
      xmlPart('xl/_rels/workbook.xml.rels', NO_RELATIONSHIPS),
      xmlPart('xl/workbook.xml', readerWorkbook(workbook.date1904)),
      ...(await readerStyles(zip, workbook.styles)),
      ...(sharedStrings === undefined ? [] : [await readerPart(zip, 'xl/sharedStrings.xml', sharedStrings, 'strings')]),
      await readerPart(zip, 'xl/worksheets/sheet1.xml', sheet, 'sheet'),
    ];
    source = Readable.from(zip.sequentialZip(parts));
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let batch: RawRow[] = [];
    try {
      for await (const worksheet of reader) {
        for await (const row of worksheet) {
          const values = rowValues(row.values);
          if (values.every((value) => value.length === 0)) continue;
          batch.push({ rowNumber: row.number, values });
          if (batch.length >= batchSize) {
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
    if (batch.length > 0) yield batch;
  } finally {
    // The reader may stop (done, failed, abandoned) while the source still reads the file: stop the source and
    // wait until it has, so it never reads a closed file (an unhandled stream error would end the process).
    if (source !== null) {
      source.destroy();
      await finished(source).catch(() => undefined);
    }
    await zip.close();
  }
}

/**
 * A part for the reader: copied as stored, or inflated and rewritten when exceljs would misread it: elements
 * carrying a SpreadsheetML prefix (`<x:row>`, which it does not recognise) lose it, and a sheet's inline strings of
 * several text runs become one text (it keeps only the last run). Both are judged from the part's beginning.
 */
async function readerPart(zip: GuardedZip, name: string, entry: ZipEntry, kind: 'strings' | 'sheet'): Promise<SequentialPart> {
  let head = '';
  for await (const chunk of zip.inflatedBytes(entry)) {
    head += chunk.toString('latin1');
    if (head.length >= HEAD_BYTES) break;
  }
  const prefix = spreadsheetPrefix(head);
  const flatten = kind === 'sheet' && hasInlineStrings(prefix === null ? head : head.replaceAll(`${prefix}:`, ''));
  if (prefix === null && !flatten) return { name, entry };
  return {
    name,
    content: () => {
      const unprefixed = prefix === null ? zip.inflatedBytes(entry) : withoutElementPrefix(zip.inflatedBytes(entry), prefix);
      return flatten ? withFlatInlineStrings(unprefixed) : unprefixed;
    },
  };
}

/** The workbook's styles as the reader needs them to tell dates, unless there are none or too many. */
async function readerStyles(zip: GuardedZip, part: string | null): Promise<{ name: string; data: Buffer }[]> {
  const entry = part === null ? undefined : zip.entry(part);
  if (entry === undefined || entry.uncompressedSize > MAX_STYLES_BYTES) return [];
  const xml = await zip.readText(entry.name, MAX_STYLES_BYTES);
  return xml === null ? [] : [xmlPart('xl/styles.xml', dateStylesOnly(xml))];
}

// exceljs row values are 1-based and sparse.
function rowValues(raw: ExcelJS.Row['values']): string[] {
  if (!Array.isArray(raw)) return [];
  const values: string[] = [];
  for (let i = 1; i < raw.length; i++) values.push(cellText(raw[i]));
  return values;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : value.hyperlink;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? '' : cellText(result);
  }
  if ('error' in value) return '';
  return '';
}
