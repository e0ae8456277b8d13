import type { RawRow } from './contact-draft.js';
import { CorruptJsonError, NoRecognisableColumnsError } from './import.errors.js';

type Record_ = Record<string, unknown>;

const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a text file's start says JSON: an object, or an array of objects. A CSV never starts so (a header
 * cell in brackets is followed by a delimiter, not by `{` or a quoted key).
 */
export function looksLikeJson(sample: string): boolean {
  return /^\uFEFF?\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:\{|\]|$))/.test(sample);
}

// Where the contacts are: a top-level array; Telegram Desktop's data export (`contacts.list`, the file
// "Export Telegram data" writes with Contacts ticked); else the first top-level array of objects
// (`{"data": [...]}`, `{"contacts": [...]}`).
function contactRecords(parsed: unknown): Record_[] | null {
  const records = (value: unknown): Record_[] | null => (Array.isArray(value) && value.some(isRecord) ? value.filter(isRecord) : null);
  if (Array.isArray(parsed)) return records(parsed);
  if (!isRecord(parsed)) return null;
  const contacts = parsed.contacts;
  if (isRecord(contacts) && Array.isArray(contacts.list)) return contacts.list.filter(isRecord);
  for (const value of Object.values(parsed)) {
    const found = records(value);
    if (found !== null) return found;
  }
  return null;
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

// The text is dropped once parsed (only the parsed values stay in memory).
async function parseWhole(text: AsyncIterable<string>): Promise<unknown> {
  let whole = '';
  for await (const chunk of text) whole += chunk;
  try {
    return JSON.parse(whole.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CorruptJsonError(error instanceof Error ? error.message.slice(0, 120) : 'not JSON');
  }
}

/**
 * Reads a JSON file of contacts (an array of objects, or Telegram Desktop's export) into a table: a header row
 * of every key met, in order of appearance, then a row per contact (row number = its place in the list + 1).
 * The file is parsed whole: it is bounded by the upload limit.
 */
export async function* readJsonContacts(text: AsyncIterable<string>, batchSize: number): AsyncGenerator<RawRow[]> {
  const records = contactRecords(await parseWhole(text));
  if (records === null || records.length === 0) throw new NoRecognisableColumnsError([]);
  const flat = records.map(flatten);
  const columns = new Map<string, number>();
  for (const cells of flat) for (const [key] of cells) if (!columns.has(key)) columns.set(key, columns.size);
  yield [{ rowNumber: 1, values: [...columns.keys()] }];
  let batch: RawRow[] = [];
  for (let i = 0; i < flat.length; i++) {
    const values = new Array<string>(columns.size).fill('');
    for (const [key, value] of flat[i]!) values[columns.get(key)!] = cellText(value);
    batch.push({ rowNumber: i + 2, values });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
