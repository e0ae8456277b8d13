import type { ContactSource } from './byte-source.js';
import { assertValidMapping, detectMapping, type ColumnMapping } from './column-mapping.js';
import type { ImportBatch, RawRow } from './contact-draft.js';
import { locateHeader } from './header-detector.js';
import { EmptyFileError, NoRecognisableColumnsError } from './import.errors.js';
import { normaliseInWorkers } from './normalise-in-workers.js';
import { compilePlan, normaliseRows, type NormaliseOptions } from './row.normaliser.js';
import { DEFAULT_BATCH_SIZE, openTable, type ContactFileOptions, type OpenTable, type TableInfo } from './table-source.js';
import { VCARD_HEADERS, vcardMapping } from './vcard.reader.js';

/** Everything the bot needs to show before importing: format, header, a sample and the detected mapping. */
export interface ContactFileInspection {
  info: TableInfo;
  /** 1-based row number of the header row, or null when the file has none. */
  headerRowNumber: number | null;
  headers: string[];
  /** The first data rows as read (up to 10). */
  sample: string[][];
  mapping: ColumnMapping;
}

/** Options of a full import. */
export interface ContactImportOptions extends ContactFileOptions, NormaliseOptions {
  /** The mapping the user confirmed; detected when omitted. */
  mapping?: ColumnMapping;
  /** Worker threads normalising batches; 0 or 1 normalises on the calling thread (default). */
  threads?: number;
  /** Hears what the file turned out to be, once opened (before the first batch). */
  onFormat?: (format: TableInfo['format']) => void;
}

const SAMPLE_ROWS = 50;
// Sheets tried, in order, for one to import when none was named.
const MAX_SHEETS_TRIED = 10;

/** Reads the beginning of a file and proposes a column mapping; releases the source afterwards. */
export async function inspectContactFile(source: ContactSource, options: ContactFileOptions): Promise<ContactFileInspection> {
  const opened = await openMappedRows(source, options, undefined);
  try {
    return opened.inspection;
  } finally {
    await opened.close();
  }
}

/**
 * Streams a contact file into batches of drafts and rejections, in file order, with memory bounded by
 * the batch size: bytes → decoded text → rows → mapping → normalised drafts (on worker threads when
 * `threads` > 1). Preamble rows before the header are skipped, not rejected.
 */
export async function* readContactFile(source: ContactSource, options: ContactImportOptions): AsyncGenerator<ImportBatch> {
  const opened = await openMappedRows(source, options, options.mapping);
  try {
    options.onFormat?.(opened.inspection.info.format);
    const normaliseOptions: NormaliseOptions = { defaultCountry: options.defaultCountry ?? null };
    const mapping = opened.inspection.mapping;
    if ((options.threads ?? 0) > 1) {
      yield* normaliseInWorkers(opened.rows, mapping, normaliseOptions, { threads: options.threads ?? 2 });
      return;
    }
    const plan = compilePlan(mapping, normaliseOptions);
    for await (const rows of opened.rows) yield normaliseRows(plan, rows);
  } finally {
    await opened.close();
  }
}

interface MappedRows {
  inspection: ContactFileInspection;
  /** Data rows only (header and preamble removed), re-batched to the batch size. */
  rows: AsyncIterable<RawRow[]>;
  close(): Promise<void>;
}

async function openMappedRows(source: ContactSource, options: ContactFileOptions, mapping: ColumnMapping | undefined): Promise<MappedRows> {
  const table = await openTable(source, options);
  try {
    // A workbook opened without naming a sheet starts at its first one; when that holds nothing to import
    // (a cover or notes sheet), the next sheets are tried. If none fits, the first complaint stands, unless a later
    // sheet at least had columns (that they name no contact field says more than "empty").
    const otherSheet = options.sheet === undefined && mapping === undefined ? table.sheetRows : undefined;
    const sheets = otherSheet === undefined ? 1 : Math.min(table.info.sheets.length, MAX_SHEETS_TRIED);
    let firstError: unknown = null;
    for (let index = 0; index < sheets; index++) {
      const rows = index === 0 || otherSheet === undefined ? table.rows : otherSheet(index);
      const info = index === 0 ? table.info : { ...table.info, sheet: table.info.sheets[index] ?? null };
      try {
        return await mapRows({ ...table, info, rows }, options, mapping);
      } catch (error) {
        if (!(error instanceof EmptyFileError || error instanceof NoRecognisableColumnsError)) throw error;
        if (firstError === null || (firstError instanceof EmptyFileError && error instanceof NoRecognisableColumnsError)) firstError = error;
      }
    }
    throw firstError;
  } catch (error) {
    await table.close();
    throw error;
  }
}

/** Reads a table's first rows: finds the header, detects (or checks) the mapping and samples the data. */
async function mapRows(table: OpenTable, options: ContactFileOptions, mapping: ColumnMapping | undefined): Promise<MappedRows> {
  const iterator = table.rows[Symbol.asyncIterator]();
  try {
    const head: RawRow[] = [];
    let exhausted = false;
    while (head.length < SAMPLE_ROWS) {
      const next = await iterator.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      head.push(...next.value);
    }
    const vcard = table.info.format === 'vcard';
    const location = vcard ? { index: -1, dataStart: 0 } : locateHeader(head);
    const headerRow = location.index >= 0 ? head[location.index] : undefined;
    const data = head.slice(location.dataStart);
    if (data.length === 0) throw new EmptyFileError();
    const headers = vcard ? [...VCARD_HEADERS] : (headerRow?.values ?? []);
    let chosen: ColumnMapping;
    if (mapping !== undefined) {
      assertValidMapping(mapping);
      chosen = mapping;
    } else {
      chosen = vcard ? vcardMapping() : detectMapping(headerRow === undefined ? null : headers, data.map((row) => row.values));
    }
    const inspection: ContactFileInspection = {
      info: table.info,
      headerRowNumber: headerRow?.rowNumber ?? null,
      headers,
      sample: data.slice(0, 10).map((row) => row.values),
      mapping: chosen,
    };
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    async function* rest(): AsyncGenerator<RawRow[]> {
      if (!exhausted) {
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) break;
          for (const row of next.value) data.push(row);
          // Hand over whole batches; the sampled rows ride along with the first one.
          while (data.length >= batchSize) yield data.splice(0, batchSize);
        }
      }
      if (data.length > 0) yield data.splice(0, data.length);
    }
    return {
      inspection,
      rows: rest(),
      close: async () => {
        await iterator.return?.(undefined);
        await table.close();
      },
    };
  } catch (error) {
    await iterator.return?.(undefined);
    throw error;
  }
}
