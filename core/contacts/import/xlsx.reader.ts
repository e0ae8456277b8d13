import { CorruptWorkbookError } from './import.errors.js';
import type { RawRow } from './contact-draft.js';
import { SharedStrings } from './shared-strings.js';
import { sheetRows } from './sheet-rows.js';
import { spreadsheetPrefix, withoutElementPrefix } from './sheet-xml.js';
import type { CellFormat } from './number-format.js';
import { cellFormats, MAX_STYLES_BYTES } from './xlsx-styles.js';
import type { WorkbookInfo } from './xlsx-workbook.js';
import { DEFAULT_ZIP_LIMITS, GuardedZip, type ZipEntry, type ZipLimits } from './zip-guard.js';

// Enough of a part to show its root element and, for a sheet, how long its rows are.
const HEAD_BYTES = 64 * 1024;

/**
 * Streams the rows of sheet `index` (only call after {@link inspectWorkbook} passed, so what is inflated is
 * already known to be bounded): the sheet part is inflated and read as it streams (sheet-rows.ts), the shared
 * strings go to a bounded spool first (shared-strings.ts), and the styles say which numbers are dates and how
 * formatted integers read (number-format.ts). Cells become text; empty rows are skipped. `onProgress` hears, with
 * each batch, about how much of the sheet has been read (0 to 1; see {@link sheetRowsEstimate}).
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
    const formats = await readCellFormats(zip, workbook.styles);
    const lookup = strings;
    const context = { sharedString: lookup === null ? null : (n: number) => lookup.text(n), formatOf: (style: number) => formats.get(style), date1904: workbook.date1904 };
    const rows = sheetRowsEstimate(head, sheet.uncompressedSize);
    // One batch is held back, so that the last one is known as such and goes out with "all read".
    let held: RawRow[] | null = null;
    for await (const batch of sheetRows(unprefixed(zip, sheet, head.prefix), context, batchSize)) {
      if (held !== null) {
        if (rows !== null) onProgress?.(Math.min(0.99, held.at(-1)!.rowNumber / rows));
        yield held;
      }
      held = batch;
    }
    onProgress?.(1);
    if (held !== null) yield held;
  } finally {
    strings?.close();
    await zip.close();
  }
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

/** The formats of the workbook's cell styles that change how numbers read; none when there are no styles or too many. */
async function readCellFormats(zip: GuardedZip, part: string | null): Promise<ReadonlyMap<number, CellFormat>> {
  const entry = part === null ? undefined : zip.entry(part);
  if (entry === undefined || entry.uncompressedSize > MAX_STYLES_BYTES) return new Map();
  const xml = await zip.readText(entry.name, MAX_STYLES_BYTES);
  return xml === null ? new Map() : cellFormats(xml);
}
