import type { RawRow } from './contact-draft.js';
import { NoRecognisableColumnsError } from './import.errors.js';
import { JsonRecordScanner, type ArrayPath, type JsonRecord } from './json-record-scanner.js';
import { StringSpool, type StringSpoolLimits } from './string-spool.js';

type Record_ = Record<string, unknown>;

const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a text file's start says JSON: an object, an array of objects, or an array of arrays of texts. A CSV
 * never starts so (a header cell in brackets is followed by a delimiter, not by `{`, a quoted key or `["`).
 */
export function looksLikeJson(sample: string): boolean {
  return /^\uFEFF?\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:\{|\]|\[\s*(?:"|\])|$))/.test(sample);
}

// A value as a cell: texts and numbers as written, a list of them joined (several phones: the normaliser takes
// the first valid one and keeps the others), anything else as JSON (kept as a custom field).
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
  return JSON.stringify(value);
}

// One level of nesting becomes columns of their own ("address": {"city": …} → "address city").
function flatten(record: Record_): Array<[string, unknown]> {
  const cells: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(record)) {
    if (isRecord(value)) for (const [inner, innerValue] of Object.entries(value)) cells.push([`${key} ${inner}`, innerValue]);
    else cells.push([key, value]);
  }
  return cells;
}

// Where records come from, the stronger first: Telegram's export, a top-level array or sequence, the first array.
// Objects beat arrays (rows of a table) from the same kind of place.
const TELEGRAM = 3;
const TOP_LEVEL = 2;
const FIRST_ARRAY = 1;

/** Whether the objects of the array at this path may be contacts (see {@link ContactRecords}). */
function mayHoldContacts(path: ArrayPath): boolean {
  return path.length === 0 || (path.length === 1 && path[0] !== undefined) || (path.length === 2 && path[0] === 'contacts' && path[1] === 'list');
}

/**
 * The contacts of a JSON file, as they stream past: the records are held as compact rows in a spool (memory
 * bounded, the rest in a temporary file), and the columns as met, because the header (every key of every
 * record) is known only at the end. Which records are the contacts: those of Telegram Desktop's data export
 * (`contacts.list`, "Export Telegram data" with Contacts ticked), wherever it comes; those of a top-level array, or
 * the top-level objects of JSON Lines; else those of the first top-level array of objects (`{"data": [...]}`).
 */
class ContactRecords {
  readonly columns = new Map<string, number>();
  /** Objects (a header of their keys is made), or rows of a table given as arrays (the first rows hold the header). */
  kind: 'objects' | 'rows' = 'objects';
  private rows: StringSpool;
  private chosen: string | undefined;
  private rank = 0;

  constructor(private readonly limits: StringSpoolLimits | undefined) {
    this.rows = new StringSpool(limits);
  }

  get count(): number {
    return this.rows.count;
  }

  /** A record of an array {@link mayHoldContacts}, or of a top-level sequence (JSON Lines). */
  hear(record: JsonRecord, path: ArrayPath): void {
    const kind = Array.isArray(record) ? 'rows' : 'objects';
    const rank = 2 * (path.length === 2 ? TELEGRAM : path.length === 0 ? TOP_LEVEL : FIRST_ARRAY) + (kind === 'objects' ? 1 : 0);
    if (rank < this.rank) return;
    if (rank > this.rank) {
      // Records of a lesser source came first (Telegram's export has profile pictures before the contacts; the
      // first line of JSON Lines is read as a document, its arrays too): they are not the contacts.
      if (this.rows.count > 0) this.restart();
      [this.rank, this.kind, this.chosen] = [rank, kind, path[0]];
    }
    if (path.length === 1 && path[0] !== this.chosen) return;
    this.add(record);
  }

  /** The row of record `index` (0-based): as many cells as there are columns, or a table row as it is. */
  row(index: number): string[] {
    const cells = JSON.parse(this.rows.get(index) ?? '[]') as Array<number | string>;
    if (this.kind === 'rows') return cells as string[];
    const values = new Array<string>(this.columns.size).fill('');
    for (let i = 0; i < cells.length; i += 2) values[cells[i] as number] = cells[i + 1] as string;
    return values;
  }

  close(): void {
    this.rows.close();
  }

  private add(record: JsonRecord): void {
    const cells: Array<number | string> = [];
    if (Array.isArray(record)) {
      for (const value of record) cells.push(cellText(value));
    } else {
      for (const [key, value] of flatten(record)) {
        let column = this.columns.get(key);
        if (column === undefined) this.columns.set(key, (column = this.columns.size));
        cells.push(column, cellText(value));
      }
    }
    // The spool keeps latin1 text: the row's UTF-8 bytes, a character each.
    this.rows.add(Buffer.from(JSON.stringify(cells), 'utf8').toString('latin1'));
  }

  private restart(): void {
    this.rows.close();
    this.rows = new StringSpool(this.limits);
    this.columns.clear();
  }
}

async function collect(text: AsyncIterable<string>, records: ContactRecords): Promise<void> {
  const scanner = new JsonRecordScanner(mayHoldContacts, (record, path) => records.hear(record, path));
  for await (const chunk of text) scanner.write(chunk);
  scanner.end();
}

/**
 * Reads a JSON file of contacts (an array of objects, JSON Lines, or Telegram Desktop's export) into a table: a
 * header row of every key met, in order of appearance, then a row per contact (row number = its place in the list
 * + 1). A table given as arrays (`[["Name", "Phone"], ["Anna", "+7 …"]]`, or a spreadsheet API's `values`) is
 * read as its rows, numbered from 1, its header found like a CSV's. The file streams through a scanner that parses
 * one record at a time; the records wait in a spool (bounded memory) until the header is known.
 */
export async function* readJsonContacts(text: AsyncIterable<string>, batchSize: number, spool?: StringSpoolLimits): AsyncGenerator<RawRow[]> {
  const records = new ContactRecords(spool);
  try {
    await collect(text, records);
    if (records.count === 0) throw new NoRecognisableColumnsError([]);
    const objects = records.kind === 'objects';
    if (objects) yield [{ rowNumber: 1, values: [...records.columns.keys()] }];
    let batch: RawRow[] = [];
    for (let i = 0; i < records.count; i++) {
      batch.push({ rowNumber: objects ? i + 2 : i + 1, values: records.row(i) });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    records.close();
  }
}
