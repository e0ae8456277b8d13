// Writes realistic contact files (CSV, xlsx) for benchmarks: mixed phone formats, names, emails, usernames,
// companies, a share of duplicate people (same phone written differently) and of invalid rows.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { seededRandom, type RandomSource } from '../core/random.js';

const FIRST = ['Anna', 'Boris', 'Clara', 'Dmitri', 'Elena', 'Felix', 'Greta', 'Hugo', 'Irina', 'Jonas', 'Katya', 'Lena', 'Maxim', 'Nina', 'Oleg', 'Paula'];
const LAST = ['Petrova', 'Ivanov', 'Schmidt', 'Müller', 'Smith', 'García', 'Rossi', 'Novak', 'Kowalski', 'Johnson', 'Silva', 'Yilmaz'];
const COMPANIES = ['Acme GmbH', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Вектор'];
const POSITIONS = ['CEO', 'CTO', 'Head of Sales', 'Marketing Manager', 'Founder', 'Buyer'];
const CITIES: Array<[string, string]> = [['Berlin', 'Germany'], ['Moscow', 'Russia'], ['New York', 'USA'], ['London', 'UK'], ['Madrid', 'Spain']];

export interface GeneratedFile {
  rows: number;
  duplicates: number;
  invalid: number;
}

function fraction(random: RandomSource): number {
  return random.int(0, 999_999) / 1_000_000;
}

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)]!;
}

// A valid US number in one of several spellings.
function phone(n: number, style: number): string {
  const local = String(2_000_000 + (n % 7_000_000)).padStart(7, '0');
  const area = 201 + Math.floor(n / 7_000_000);
  switch (style % 3) {
    case 0:
      return `+1${area}${local}`;
    case 1:
      return `+1 (${area}) ${local.slice(0, 3)}-${local.slice(3)}`;
    default:
      return `1-${area}-${local.slice(0, 3)}-${local.slice(3)}`;
  }
}

/** The header of generated files. */
export const CONTACT_COLUMNS = ['First Name', 'Last Name', 'Phone', 'Email', 'Telegram', 'Company', 'Job Title', 'City', 'Country', 'Source'];

/**
 * `count` generated rows: `duplicateShare` repeat earlier people (same phone written differently), `invalidShare`
 * have no usable identifier. `summary` is filled in as the rows are produced.
 */
export function* contactRows(count: number, summary: GeneratedFile, duplicateShare = 0.1, invalidShare = 0.02, seed = 42): Generator<string[]> {
  const random = seededRandom(seed);
  let people = 0;
  for (let i = 0; i < count; i++) {
    const roll = fraction(random);
    summary.rows++;
    if (roll < invalidShare) {
      summary.invalid++;
      yield [pick(random, FIRST), pick(random, LAST), '12-34', 'not-an-email', '', pick(random, COMPANIES), '', '', '', 'fair'];
    } else if (roll < invalidShare + duplicateShare && people > 0) {
      summary.duplicates++;
      const n = Math.floor(fraction(random) * people);
      yield [FIRST[n % FIRST.length]!, LAST[n % LAST.length]!, phone(n, n + 1), '', '', COMPANIES[n % COMPANIES.length]!, '', '', '', 'referral'];
    } else {
      const n = people++;
      const [city, country] = pick(random, CITIES);
      const first = FIRST[n % FIRST.length]!;
      const last = LAST[n % LAST.length]!;
      const email = fraction(random) < 0.6 ? `${first.toLowerCase()}.${n}@example.com` : '';
      const username = fraction(random) < 0.3 ? `@user_${n}` : '';
      yield [first, last, phone(n, n), email, username, pick(random, COMPANIES), pick(random, POSITIONS), city, country, 'web'];
    }
  }
}

const csvField = (value: string): string => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Writes `rows` generated data rows (plus a header) to `path` as CSV. */
export async function writeContactsCsv(path: string, rows: number): Promise<GeneratedFile> {
  const summary: GeneratedFile = { rows: 0, duplicates: 0, invalid: 0 };
  const out = createWriteStream(path);
  let chunk = `${CONTACT_COLUMNS.join(',')}\n`;
  for (const row of contactRows(rows, summary)) {
    chunk += `${row.map(csvField).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return summary;
}

/** Writes `rows` generated data rows (plus a header) to `path` as an xlsx workbook with shared strings, as Excel saves one. */
export async function writeContactsXlsx(path: string, rows: number): Promise<GeneratedFile> {
  const summary: GeneratedFile = { rows: 0, duplicates: 0, invalid: 0 };
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(CONTACT_COLUMNS).commit();
  for (const row of contactRows(rows, summary)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return summary;
}
