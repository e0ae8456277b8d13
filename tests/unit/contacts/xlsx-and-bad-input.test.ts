import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import {
  BinaryFileError,
  CorruptWorkbookError,
  EmptyFileError,
  FileTooLargeError,
  NoRecognisableColumnsError,
  SheetNotFoundError,
  UnsupportedFormatError,
  ZipBombError,
} from '../../../core/contacts/import/import.errors.js';
import { chunked, importAll, source } from './helpers.js';
import { inspectWorkbook } from '../../../core/contacts/import/xlsx-workbook.js';
import { readXlsxRows } from '../../../core/contacts/import/xlsx.reader.js';
import { buildZip, oneSheetWorkbook } from './zip-builder.js';

let dir = '';
let workbookPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contacts-test-'));
  workbookPath = join(dir, 'contacts.xlsx');
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Read me');
  notes.addRow(['This workbook lists our leads']);
  const leads = workbook.addWorksheet('Leads');
  leads.addRow(['Имя', 'Фамилия', 'Телефон', 'Email', 'Компания']);
  leads.addRow(['Иван', 'Петров', 79161234567, 'IVAN@example.ru', { richText: [{ text: 'ООО ' }, { text: 'Ромашка' }] }]);
  leads.addRow(['Anna', 'Smith', '+1 415 555 0132', { text: 'anna@example.com', hyperlink: 'mailto:anna@example.com' }, 'Acme']);
  leads.addRow([]);
  leads.addRow(['Без', 'Контактов', null, null, 'Nowhere']);
  await workbook.xlsx.writeFile(workbookPath);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('xlsx', () => {
  it('lists the sheets and reads the one the caller picks, cells of every kind as text', async () => {
    const inspection = await inspectContactFile(workbookPath, { maxBytes: 1 << 20, sheet: 'Leads' });
    expect(inspection.info).toMatchObject({ format: 'xlsx', sheets: ['Read me', 'Leads'], sheet: 'Leads' });
    const { drafts, rejections } = await importAll(workbookPath, { sheet: 1 });
    expect(drafts.map((draft) => [draft.rowNumber, draft.firstName, draft.phone, draft.email, draft.company])).toEqual([
      [2, 'Иван', '+79161234567', 'ivan@example.ru', 'ООО Ромашка'],
      [3, 'Anna', '+14155550132', 'anna@example.com', 'Acme'],
    ]);
    expect(rejections).toEqual([expect.objectContaining({ rowNumber: 5, reason: 'NO_IDENTIFIER' })]);
  });

  it('starts at the first sheet that has contacts when none is named (a cover sheet comes first)', async () => {
    const inspection = await inspectContactFile(workbookPath, { maxBytes: 1 << 20 });
    expect(inspection.info).toMatchObject({ sheets: ['Read me', 'Leads'], sheet: 'Leads' });
    expect(inspection.headers).toEqual(['Имя', 'Фамилия', 'Телефон', 'Email', 'Компания']);
    expect((await importAll(workbookPath)).drafts.map((draft) => draft.firstName)).toEqual(['Иван', 'Anna']);
    // A named sheet is read as it is, contacts or not.
    await expect(inspectContactFile(workbookPath, { maxBytes: 1 << 20, sheet: 'Read me' })).rejects.toBeInstanceOf(EmptyFileError);
    // No sheet fits: columns that name no contact field say more than an empty cover sheet.
    const path = join(dir, 'no-contacts.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Cover').addRow(['Quarterly numbers']);
    workbook.addWorksheet('Empty');
    workbook.addWorksheet('Numbers').addRows([['Product', 'Price'], ['Pen', 1.5]]);
    await workbook.xlsx.writeFile(path);
    await expect(inspectContactFile(path, { maxBytes: 1 << 20 })).rejects.toBeInstanceOf(NoRecognisableColumnsError);
  });

  it('reads a workbook that arrives as a stream (spooled to a temporary file)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { drafts } = await importAll(chunked(await readFile(workbookPath), 1000), { sheet: 'Leads' });
    expect(drafts).toHaveLength(2);
  });

  it('reads any sheet of a workbook that lists many sheets before its workbook part, as exceljs writes them', async () => {
    const path = join(dir, 'many-sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    for (let sheet = 1; sheet <= 15; sheet++) {
      const rows = workbook.addWorksheet(`Sheet ${sheet}`);
      rows.addRow(['Name', 'Phone']);
      rows.addRow([`Person ${sheet}`, `+1 415 555 ${String(sheet).padStart(4, '0')}`]);
    }
    await workbook.xlsx.writeFile(path);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { drafts } = await importAll(path, { sheet: 'Sheet 15' });
      expect(drafts.map((draft) => [draft.firstName, draft.phone])).toEqual([['Person', '+14155550015']]);
      expect((await importAll(path, { sheet: 6 })).drafts.map((draft) => draft.phone)).toEqual(['+14155550007']);
      // Warnings (such as too many listeners on the open file, one per part read) are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.message)).toEqual([]);
  });

  it('reads date cells as dates (ISO), in the 1900 and the 1904 date system', async () => {
    const path = join(dir, 'dates.xlsx');
    const workbook = new ExcelJS.Workbook();
    const rows = workbook.addWorksheet('Leads');
    rows.addRow(['Name', 'Phone', 'Birthday', 'Score']);
    rows.addRow(['Ann', '+1 415 555 0132', new Date(Date.UTC(1990, 4, 17)), 45_000]);
    rows.getCell('C2').numFmt = 'dd.mm.yyyy';
    await workbook.xlsx.writeFile(path);
    const { drafts } = await importAll(path);
    expect(drafts.map((draft) => draft.custom)).toEqual([{ birthday: '1990-05-17', score: '45000' }]);

    // The same serial number is four years and a day later in a workbook that counts from 1904.
    const mac = join(dir, 'dates-1904.xlsx');
    const xml = (text: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
    await writeFile(
      mac,
      buildZip([
        { name: '[Content_Types].xml', data: xml('<Types/>') },
        { name: 'xl/workbook.xml', data: xml('<workbook><workbookPr date1904="true"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>') },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: xml(`<Relationships>
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
          </Relationships>`),
        },
        {
          name: 'xl/styles.xml',
          data: xml(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2">
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`),
        },
        {
          name: 'xl/worksheets/sheet1.xml',
          data: xml(`<worksheet><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c><c r="B1" t="inlineStr"><is><t>Met</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>+1 415 555 0132</t></is></c><c r="B2" s="1"><v>32980</v></c></row>
          </sheetData></worksheet>`),
        },
      ]),
    );
    expect((await importAll(mac)).drafts.map((draft) => draft.custom)).toEqual([{ met: '1994-04-18' }]);
  });

  it('reads phones stored as numbers as their column shows them (a "+7 (000) 000-00-00" format), zero-padded codes too', async () => {
    const path = join(dir, 'formatted.xlsx');
    const workbook = new ExcelJS.Workbook();
    const rows = workbook.addWorksheet('Leads');
    rows.addRow(['Name', 'Phone', 'Code']);
    rows.addRow(['Ann', 9161234567, 1234]);
    rows.addRow(['Bob', 4915112345678, 99]);
    rows.getCell('B2').numFmt = '+7 (000) 000-00-00';
    rows.getCell('B3').numFmt = '"+"0';
    for (const cell of ['C2', 'C3']) rows.getCell(cell).numFmt = '000000';
    await workbook.xlsx.writeFile(path);
    // No default country: without the format, "9161234567" is no number at all.
    const { drafts } = await importAll(path);
    expect(drafts.map((draft) => [draft.phone, draft.custom])).toEqual([
      ['+79161234567', { code: '001234' }],
      ['+4915112345678', { code: '000099' }],
    ]);
  });

  it('finds a sheet through the workbook relationships: any part name, absolute targets, either quote', async () => {
    const path = join(dir, 'relations.xlsx');
    const xml = (text: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${text}`);
    const row = (number: number, cells: string): string => `<row r="${number}">${cells}</row>`;
    const worksheet = (rows: string): Buffer =>
      xml(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    await writeFile(
      path,
      buildZip([
        { name: '[Content_Types].xml', data: xml('<Types/>') },
        {
          name: 'xl/workbook.xml',
          data: xml(`<workbook xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            <sheet name='Notes &#99999999;' sheetId='1' rel:id='rIdA'/><sheet name="Leads &amp; more" sheetId="2" rel:id="rIdB"/></sheets></workbook>`),
        },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/notes.xml"/>
            <Relationship Target="/xl/sheets/../data/leads.xml" Id="rIdB" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
            <Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
          </Relationships>`),
        },
        { name: 'xl/sheets/notes.xml', data: worksheet(row(1, '<c r="A1" t="s"><v>0</v></c>')) },
        {
          name: 'xl/data/leads.xml',
          data: worksheet(
            row(1, '<c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c>') +
              row(2, '<c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="B2" t="s"><v>3</v></c>'),
          ),
        },
        { name: 'xl/strings.xml', data: xml('<sst><si><t>Just notes</t></si><si><t>Name</t></si><si><t>Phone</t></si><si><t>+1 415 555 0132</t></si></sst>') },
      ]),
    );
    const inspection = await inspectContactFile(path, { maxBytes: 1 << 20, sheet: 'Leads & more' });
    expect(inspection.info).toMatchObject({ sheets: ['Notes \uFFFD', 'Leads & more'], sheet: 'Leads & more' });
    expect(inspection.headers).toEqual(['Name', 'Phone']);
    const { drafts } = await importAll(path, { sheet: 1 });
    expect(drafts.map((draft) => [draft.rowNumber, draft.firstName, draft.phone])).toEqual([[2, 'Ann', '+14155550132']]);
  });

  it('reads a workbook whose parts prefix their elements (<x:row>, as some .NET libraries write them)', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const path = join(dir, 'prefixed.xlsx');
    await writeFile(
      path,
      buildZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from(`<x:workbook xmlns:x="${main}" xmlns:r="rel"><x:sheets><x:sheet name="Leads" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`) },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: Buffer.from(`<Relationships>
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
          </Relationships>`),
        },
        { name: 'xl/sharedStrings.xml', data: Buffer.from(`<x:sst xmlns:x="${main}"><x:si><x:t>Phone</x:t></x:si><x:si><x:t>Name</x:t></x:si></x:sst>`) },
        {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.from(`<?xml version="1.0"?><x:worksheet xmlns:x="${main}"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>
            <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>+1 415 555 0132</x:t></x:is></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>Zoë</x:t></x:is></x:c></x:row>
          </x:sheetData></x:worksheet>`),
        },
      ]),
    );
    const { drafts } = await importAll(path);
    expect(drafts.map((draft) => [draft.rowNumber, draft.firstName, draft.phone])).toEqual([[2, 'Zoë', '+14155550132']]);
  });

  it('reads inline strings of several text runs whole (exceljs alone keeps the last run)', async () => {
    const path = join(dir, 'inline-runs.xlsx');
    const cell = (ref: string, runs: string[]): string => `<c r="${ref}" t="inlineStr"><is>${runs.map((run) => `<r><t xml:space="preserve">${run}</t></r>`).join('')}</is></c>`;
    await writeFile(
      path,
      buildZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>') },
        {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.from(
            `<worksheet><sheetData><row r="1">${cell('A1', ['Na', 'me'])}${cell('B1', ['Phone'])}</row>` +
              `<row r="2">${cell('A2', ['Zoë ', 'Smith'])}${cell('B2', ['+1 415 ', '555 0132'])}</row></sheetData></worksheet>`,
          ),
        },
      ]),
    );
    const { drafts } = await importAll(path);
    expect(drafts.map((draft) => [draft.firstName, draft.lastName, draft.phone])).toEqual([['Zoë', 'Smith', '+14155550132']]);
  });

  it('tells how much of the sheet it has read, by the rows its <dimension> names (as Excel writes it)', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${i === 0 ? 'Phone' : `+1415555${String(i).padStart(4, '0')}`}</t></is></c></row>`);
    const path = join(dir, 'dimension.xlsx');
    await writeFile(path, oneSheetWorkbook(`<worksheet><dimension ref="A1:A201"/><sheetData>${rows.join('')}</sheetData></worksheet>`));
    const fractions: number[] = [];
    let read = 0;
    for await (const batch of readXlsxRows(path, await inspectWorkbook(path), 0, 50, undefined, (fraction) => fractions.push(fraction))) read += batch.length;
    expect(read).toBe(201);
    // Rows 50, 100, 150 and 200 of 201, short of done until the sheet has ended.
    expect(fractions.map((fraction) => fraction.toFixed(2))).toEqual(['0.25', '0.50', '0.75', '0.99', '1.00']);
  });

  it('refuses a sheet the workbook does not have', async () => {
    await expect(inspectContactFile(workbookPath, { maxBytes: 1 << 20, sheet: 'Customers' })).rejects.toBeInstanceOf(SheetNotFoundError);
  });
});

describe('bad input', () => {
  const limits = { maxBytes: 1 << 20 };
  const write = async (name: string, bytes: Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };
  const workbookParts = [
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>') },
  ];

  it('refuses an empty file and a file of blank lines', async () => {
    await expect(inspectContactFile(source(), limits)).rejects.toBeInstanceOf(EmptyFileError);
    await expect(inspectContactFile(source(Buffer.from(' \r\n\r\n\t\n')), limits)).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('refuses a file with a header and no rows as empty', async () => {
    await expect(inspectContactFile(source(Buffer.from('Name,Phone\r\n')), limits)).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('refuses binary junk and known binary formats', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await expect(inspectContactFile(source(junk), limits)).rejects.toBeInstanceOf(BinaryFileError);
    await expect(inspectContactFile(source(Buffer.from('%PDF-1.7\n...')), limits)).rejects.toMatchObject({ code: 'IMPORT_BINARY_FILE', detected: 'pdf' });
  });

  it('names legacy .xls and other office zips as unsupported formats', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    await expect(inspectContactFile(source(xls), limits)).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED_FORMAT', format: 'xls' });
    const docx = buildZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    await expect(inspectContactFile(await write('letter.docx', docx), limits)).rejects.toMatchObject({ format: 'docx' });
    expect(UnsupportedFormatError.name).toBe('UnsupportedFormatError');
  });

  it('refuses a file over the size limit, by path before reading and by stream as soon as it passes it', async () => {
    const big = Buffer.alloc(3000, 'a,b\n');
    await expect(inspectContactFile(await write('big.csv', big), { maxBytes: 2000 })).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(importAll(chunked(big, 100), { maxBytes: 2000 })).rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', limitBytes: 2000 });
  });

  it('refuses a zip bomb by its declared compression ratio before inflating it', async () => {
    const bomb = buildZip([...workbookParts, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expect(inspectContactFile(await write('bomb.xlsx', bomb), { maxBytes: 10 << 20 })).rejects.toMatchObject({
      code: 'IMPORT_ZIP_BOMB',
      detail: expect.stringContaining('compression ratio') as unknown,
    });
  });

  it('stops inflating a zip whose entries lie about their size', async () => {
    const liar = buildZip([...workbookParts, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5 * 1024 * 1024, 'x'), declaredSize: 4096 }]);
    await expect(inspectContactFile(await write('liar.xlsx', liar), { maxBytes: 10 << 20 })).rejects.toMatchObject({
      code: 'IMPORT_ZIP_BOMB',
      detail: expect.stringContaining('inflates beyond') as unknown,
    });
  });

  it('refuses a zip that declares more in total than the caller allows', async () => {
    const zip = buildZip([...workbookParts, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(300 * 1024, 'y') }]);
    const limitsSmall = { maxBytes: 10 << 20, zipLimits: { maxInflatedBytes: 100 * 1024, maxRatio: 500, maxEntries: 100 } };
    await expect(inspectContactFile(await write('total.xlsx', zip), limitsSmall)).rejects.toBeInstanceOf(ZipBombError);
  });

  it('refuses a workbook whose sheet is not well-formed XML as corrupt, and reads one without relationships by part name', async () => {
    const sheet = (rows: string): { name: string; data: Buffer } => ({ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`) });
    const broken = buildZip([...workbookParts, sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row><row r="2"><c <<')]);
    await expect(inspectContactFile(await write('broken.xlsx', broken), limits)).rejects.toBeInstanceOf(CorruptWorkbookError);
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Phone</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>+1 415 555 0132</t></is></c></row>';
    const plain = buildZip([...workbookParts, sheet(rows)]);
    expect((await importAll(await write('plain.xlsx', plain))).drafts.map((draft) => draft.phone)).toEqual(['+14155550132']);
  });

  it('stops reading the file when the reader fails early, before the file is closed', async () => {
    // The shared strings are broken: the reader fails on them while its source has the sheet still to read
    // (megabytes that do not compress).
    const rows = `<row r="2"><c r="A2" t="inlineStr"><is><t>${randomBytes(3 << 20).toString('base64')}</t></is></c></row>`;
    const relations = `<Relationships>
      <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
      <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
    </Relationships>`;
    const zip = buildZip([
      ...workbookParts,
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(relations) },
      { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst><si><t>Phone</t><//si></sst>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>${rows}</sheetData></worksheet>`) },
    ]);
    const path = await write('fails-early.xlsx', zip);
    const errors: unknown[] = [];
    const onError = (error: unknown): number => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      await expect(inspectContactFile(path, { maxBytes: 16 << 20 })).rejects.toBeInstanceOf(CorruptWorkbookError);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
  });

  it('refuses a workbook part read whole (the workbook, its relationships) that declares more than 16 MiB', async () => {
    const noise = Buffer.from(randomBytes(48 * 1024).toString('base64'));
    const zip = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: noise, declaredSize: 17 * 1024 * 1024 },
    ]);
    await expect(inspectContactFile(await write('huge-part.xlsx', zip), { maxBytes: 1 << 20 })).rejects.toMatchObject({
      code: 'IMPORT_CORRUPT_WORKBOOK',
      detail: expect.stringContaining('xl/workbook.xml is larger than') as unknown,
    });
  });

  it('refuses a truncated workbook as corrupt', async () => {
    const truncated = buildZip(workbookParts).subarray(0, 60);
    await expect(inspectContactFile(await write('cut.xlsx', truncated), limits)).rejects.toBeInstanceOf(CorruptWorkbookError);
  });

  it('refuses a table in which no column identifies a person', async () => {
    const csv = 'Product;Price;Stock\nPen;1,50;10\nPencil;0,80;25\n';
    await expect(inspectContactFile(source(Buffer.from(csv)), limits)).rejects.toBeInstanceOf(NoRecognisableColumnsError);
  });

  it('lets the good rows of a half-broken CSV through and turns the bad ones into rejections', async () => {
    const csv = [
      'Name,Phone,Email',
      'Good One,+79161234567,one@example.com',
      'Shifted,Row,+79031234567,extra@example.com',
      'Short Row,+79261234567',
      'Bad Phone,12,',
      'Bad Mail,,not-an-email',
      'Good Two,+79051234567,two@example.com',
      'Open Quote,"+79161112233,three@example.com',
    ].join('\n');
    const { drafts, rejections } = await importAll(source(Buffer.from(csv)));
    expect(drafts.map((draft) => [draft.rowNumber, draft.phone])).toEqual([
      [2, '+79161234567'],
      [4, '+79261234567'],
      [7, '+79051234567'],
    ]);
    expect(rejections.map((rejection) => [rejection.rowNumber, rejection.reason])).toEqual([
      [3, 'MALFORMED_ROW'],
      [5, 'INVALID_PHONE'],
      [6, 'INVALID_EMAIL'],
      [8, 'UNTERMINATED_QUOTE'],
    ]);
    expect(rejections[0]?.values).toEqual(['Shifted', 'Row', '+79031234567', 'extra@example.com']);
  });
});
