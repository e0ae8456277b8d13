import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RawRow } from './contact-draft.js';
import { peekSource, type ContactSource } from './byte-source.js';
import { sniffDelimiter } from './csv-dialect.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { sniffKind } from './file-sniffer.js';
import { UnsupportedFormatError } from './import.errors.js';
import { assertLooksLikeText, decodeSample, decodeText, detectEncoding } from './text-decoder.js';
import { looksLikeJson, readJsonContacts } from './json.reader.js';
import { readVcards } from './vcard.reader.js';
import { readXlsxRows } from './xlsx.reader.js';
import { chooseSheet, inspectWorkbook } from './xlsx-workbook.js';
import type { ZipLimits } from './zip-guard.js';

/** How to open a contact file. */
export interface ContactFileOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Sheet of an xlsx workbook: name or 0-based index; the first sheet by default. */
  sheet?: string | number;
  /** Rows per batch (default 2000). */
  batchSize?: number;
  /** Zip bomb limits for xlsx (defaults in zip-guard). */
  zipLimits?: ZipLimits;
  /**
   * Hears how much of a workbook's sheet has been read (0 to 1) as its rows come: a workbook is read only once it
   * has arrived whole, so the bytes received say nothing of it. Text files do not call it.
   */
  onSheetProgress?: (fraction: number) => void;
}

/** What was found out about the file's format. */
export interface TableInfo {
  format: 'csv' | 'xlsx' | 'vcard' | 'json';
  /** Text encoding (csv, vcard). */
  encoding: string | null;
  /** Field delimiter (csv). */
  delimiter: string | null;
  /** All sheets (xlsx), in workbook order. */
  sheets: string[];
  /** The sheet being read (xlsx). */
  sheet: string | null;
}

/** A file opened as a table: its format and its rows in batches, in file order. */
export interface OpenTable {
  info: TableInfo;
  rows: AsyncIterable<RawRow[]>;
  /** Workbooks: the rows of another sheet (0-based), read from the same file. */
  sheetRows?: (index: number) => AsyncIterable<RawRow[]>;
  /** Releases the source and any temporary file; safe to call twice. */
  close(): Promise<void>;
}

/** Default rows per batch. */
export const DEFAULT_BATCH_SIZE = 2000;

/**
 * Opens any supported contact file as a stream of raw rows: sniffs the kind, the text encoding, vCard vs
 * CSV and the CSV delimiter from the first 64 KiB, guards xlsx against zip bombs (a stream is spooled
 * to a temporary file first, because a zip is read from its end).
 */
export async function openTable(source: ContactSource, options: ContactFileOptions): Promise<OpenTable> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const peeked = await peekSource(source, options.maxBytes);
  try {
    const kind = sniffKind(peeked.head);
    if (kind === 'zip') return await openWorkbook(peeked.path, peeked.bytes, options, batchSize);
    const guess = detectEncoding(peeked.head);
    const sample = decodeSample(peeked.head, guess);
    assertLooksLikeText(sample);
    const text = decodeText(peeked.bytes, guess);
    const close = async (): Promise<void> => {
      await peeked.close();
    };
    if (/^\s*BEGIN:VCARD/i.test(sample)) {
      const info: TableInfo = { format: 'vcard', encoding: guess.encoding, delimiter: null, sheets: [], sheet: null };
      return { info, rows: readVcards(text, batchSize), close };
    }
    // A web page: most often Telegram Desktop's export in its default, HTML format (the bot says to pick JSON).
    if (/^\uFEFF?\s*<(?:!doctype\s+html|html)\b/i.test(sample)) throw new UnsupportedFormatError('html');
    if (looksLikeJson(sample)) {
      const info: TableInfo = { format: 'json', encoding: guess.encoding, delimiter: null, sheets: [], sheet: null };
      return { info, rows: readJsonContacts(text, batchSize), close };
    }
    const delimiter = sniffDelimiter(sample);
    const info: TableInfo = { format: 'csv', encoding: guess.encoding, delimiter, sheets: [], sheet: null };
    return { info, rows: tokenize(text, delimiter, batchSize), close };
  } catch (error) {
    await peeked.close();
    throw error;
  }
}

async function openWorkbook(
  path: string | null,
  bytes: AsyncIterable<Buffer>,
  options: ContactFileOptions,
  batchSize: number,
): Promise<OpenTable> {
  let file = path;
  let tempDir: string | null = null;
  const close = async (): Promise<void> => {
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true });
    tempDir = null;
  };
  try {
    if (file === null) {
      tempDir = await mkdtemp(join(tmpdir(), 'contactd-import-'));
      file = join(tempDir, 'upload.xlsx');
      await pipeline(bytes, createWriteStream(file));
    }
    const workbookPath = file;
    const workbook = await inspectWorkbook(workbookPath, options.zipLimits);
    const index = chooseSheet(workbook, options.sheet);
    const info: TableInfo = { format: 'xlsx', encoding: null, delimiter: null, sheets: workbook.sheets, sheet: workbook.sheets[index] ?? null };
    const sheetRows = (other: number): AsyncIterable<RawRow[]> => readXlsxRows(workbookPath, workbook, other, batchSize, options.zipLimits, options.onSheetProgress);
    return { info, rows: sheetRows(index), sheetRows, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function* tokenize(text: AsyncIterable<string>, delimiter: string, batchSize: number): AsyncGenerator<RawRow[]> {
  const tokenizer = new CsvTokenizer(delimiter);
  let batch: RawRow[] = [];
  for await (const chunk of text) {
    const rows = tokenizer.push(chunk);
    for (const row of rows) batch.push(row);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  for (const row of tokenizer.end()) batch.push(row);
  if (batch.length > 0) yield batch;
}
