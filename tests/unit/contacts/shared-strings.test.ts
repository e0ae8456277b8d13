import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { CorruptWorkbookError, ZipBombError } from '../../../core/contacts/import/import.errors.js';
import { SharedStrings } from '../../../core/contacts/import/shared-strings.js';
import { StringSpool } from '../../../core/contacts/import/string-spool.js';
import { inspectWorkbook } from '../../../core/contacts/import/xlsx-workbook.js';
import { readXlsxRows } from '../../../core/contacts/import/xlsx.reader.js';
import { chunked } from './helpers.js';
import { oneSheetWorkbook } from './zip-builder.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shared-strings-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

describe('string spool', () => {
  it('gives back every string as added, in any order, from memory and from its file, and leaves no file behind', async () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'Z', ' ', 'ж', 'Ё', '東', '👩‍💻', '&amp;'];
    const strings: string[] = [];
    for (let i = 0; i < 400; i++) {
      const length = i % 50 === 0 ? random.int(60_000, 140_000) : random.int(0, 300);
      let text = '';
      while (text.length < length) text += alphabet[random.int(0, alphabet.length - 1)];
      strings.push(text);
    }
    const spoolDir = await mkdtemp(join(dir, 'spool-'));
    // Two pages in memory, one cached: most strings are read back from the file, often across pages.
    const spool = new StringSpool({ memoryBytes: 128 * 1024, cacheBytes: 64 * 1024, maxStrings: 1000, directory: spoolDir });
    for (const text of strings) spool.add(latin1(text));
    expect(spool.count).toBe(strings.length);
    expect(await readdir(spoolDir)).toEqual([]);
    const order = strings.map((_, index) => index);
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of [...order, ...order.slice().reverse()]) expect(spool.get(index)).toBe(strings[index]);
    expect([spool.get(-1), spool.get(strings.length), spool.get(1.5)]).toEqual([null, null, null]);
    spool.close();
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('refuses more strings than its limit', () => {
    const spool = new StringSpool({ memoryBytes: 1 << 20, cacheBytes: 1 << 20, maxStrings: 3 });
    for (const text of ['a', '', 'c']) spool.add(text);
    expect(() => spool.add('d')).toThrow(ZipBombError);
    expect(spool.get(2)).toBe('c');
    spool.close();
  });
});

describe('shared strings', () => {
  const part =
    `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${MAIN}" count="9" uniqueCount="9">` +
    '<si><t>Phone</t></si>' +
    '<si><r><rPr><b/></rPr><t>+1 415 </t></r><r><t xml:space="preserve">555 0132</t></r></si>' +
    '<si><r><t>東京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>' +
    '<si/><si><t/></si>' +
    '<si><t xml:space="preserve">  Zoë &amp; Co &#1046;&#x1F469; &lt;b&gt;  </t></si>' +
    '<si>\n  <t>Ольга</t>\n</si>' +
    '<si><t>line 1_x000D_\nline 2 _x005F_x0041_</t></si>' +
    '<si><t>last</t></si></sst>';
  const texts = ['Phone', '+1 415 555 0132', '東京', '', '', '  Zoë & Co Ж👩 <b>  ', 'Ольга', 'line 1\r\nline 2 _x0041_', 'last'];

  it('reads every item in order, whatever the chunk boundaries: runs joined, phonetic runs left out, entities decoded', async () => {
    const bytes = Buffer.from(part);
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) {
      const strings = new SharedStrings();
      await strings.read(chunked(bytes, size));
      expect(texts.map((_, index) => strings.text(index))).toEqual(texts);
      expect(strings.text(texts.length)).toBe('');
      strings.close();
    }
  });

  it('refuses an item that never ends', async () => {
    const strings = new SharedStrings();
    await expect(strings.read(chunked(Buffer.from('<sst><si><t>Phone</t><//si></sst>'), 4))).rejects.toBeInstanceOf(CorruptWorkbookError);
    strings.close();
  });

  it('gives the cells of a workbook their shared strings, prefixed parts too, and leaves a missing one empty', async () => {
    const cells = (row: number, indexes: number[]): string =>
      `<x:row r="${row}">${indexes.map((index, column) => `<x:c r="${String.fromCharCode(65 + column)}${row}" t="s"><x:v>${index}</x:v></x:c>`).join('')}</x:row>`;
    const sheet = `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>${cells(1, [0, 6, 5])}${cells(2, [1, 2, 99])}${cells(3, [8, 7, 4])}<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>inline_x000D_</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const prefixedPart = part.replace(/<(\/?)(sst|si|t|r|rPr|b|rPh)\b/g, '<$1x:$2').replace('<x:sst xmlns=', '<x:sst xmlns:x=');
    const path = join(dir, 'shared.xlsx');
    await writeFile(path, oneSheetWorkbook(sheet, prefixedPart));
    const workbook = await inspectWorkbook(path);
    const rows: string[][] = [];
    for await (const batch of readXlsxRows(path, workbook, 0, 100)) rows.push(...batch.map((row) => row.values));
    expect(rows).toEqual([
      ['Phone', 'Ольга', '  Zoë & Co Ж👩 <b>  '],
      ['+1 415 555 0132', '東京', ''],
      ['last', 'line 1\r\nline 2 _x0041_', ''],
      ['inline\r'],
    ]);
  });
});

describe('a large workbook', () => {
  it('is read in a process whose heap is far smaller than its shared strings (exceljs alone ran out of memory)', async () => {
    // 60,000 rows, each with a phone and a note of 500 Cyrillic letters: ~60 MB of shared strings as JavaScript
    // strings, read in a process with a 64 MB heap. exceljs' own table of shared strings aborted such a process.
    const random = seededRandom(1);
    const letters = 'абвгдеёжзийклмнопрстуфхцчшщэюя ';
    let pool = '';
    while (pool.length < 65_536) pool += letters[random.int(0, letters.length - 1)];
    const items = ['<si><t>Phone</t></si><si><t>Notes</t></si>'];
    const rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'];
    for (let i = 0; i < 60_000; i++) {
      const at = random.int(0, pool.length - 500);
      items.push(`<si><t>${i} ${pool.slice(at, at + 500)}</t></si>`);
      rows.push(`<row r="${i + 2}"><c r="A${i + 2}"><v>7916${1_000_000 + i}</v></c><c r="B${i + 2}" t="s"><v>${i + 2}</v></c></row>`);
    }
    const path = join(dir, 'large.xlsx');
    await writeFile(path, oneSheetWorkbook(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`, `<sst>${items.join('')}</sst>`));
    const child = join(import.meta.dirname, 'read-contact-file.child.ts');
    const run = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', child, path], { encoding: 'utf8' });
    expect(run.stderr.slice(-2000)).not.toMatch(/heap out of memory/);
    expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: JSON.stringify({ contacts: 60_000 }) });
  });
});

