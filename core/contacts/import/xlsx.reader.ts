import ExcelJS from 'exceljs';
import type { RawRow } from './contact-draft.js';
import { SheetNotFoundError } from './import.errors.js';
import { assertWorkbook, GuardedZip, type ZipLimits } from './zip-guard.js';

/** Sheet names of a workbook, in the order Excel shows them. */
export interface WorkbookInfo {
  sheets: string[];
}

/**
 * Checks an xlsx at `path` against zip bombs (declared sizes first, then a capped dry-run inflate of
 * every entry) and lists its sheets. Throws ZipBombError, CorruptWorkbookError or UnsupportedFormatError.
 */
export async function inspectWorkbook(path: string, limits?: ZipLimits): Promise<WorkbookInfo> {
  const zip = await GuardedZip.open(path, limits);
  try {
    assertWorkbook(zip);
    await zip.verifyAll();
    const workbookXml = (await zip.readText('xl/workbook.xml')) ?? '';
    const sheets = [...workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((match) => decodeXml(match[1] ?? ''));
    return { sheets };
  } finally {
    await zip.close();
  }
}

/** Picks the sheet the caller asked for (name or 0-based index), or the first one. */
export function chooseSheet(info: WorkbookInfo, sheet: string | number | undefined): string {
  const name = sheet === undefined ? info.sheets[0] : typeof sheet === 'number' ? info.sheets[sheet] : info.sheets.find((s) => s === sheet);
  if (name === undefined) throw new SheetNotFoundError(sheet ?? 0, info.sheets);
  return name;
}

/**
 * Streams the rows of one sheet with exceljs' streaming reader (only call after {@link inspectWorkbook}
 * passed, so what exceljs inflates is already known to be bounded). Cells become text; empty rows are skipped.
 */
export async function* readXlsxRows(path: string, sheetName: string, batchSize: number): AsyncGenerator<RawRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let batch: RawRow[] = [];
  for await (const worksheet of reader) {
    if ((worksheet as unknown as { name?: string }).name !== sheetName) continue;
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
  if (batch.length > 0) yield batch;
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

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity.toLowerCase()] ?? '';
  });
}
