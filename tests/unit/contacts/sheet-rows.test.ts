import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../../core/contacts/import/contact-draft.js';
import { CorruptWorkbookError } from '../../../core/contacts/import/import.errors.js';
import { sheetRows, type SheetContext } from '../../../core/contacts/import/sheet-rows.js';
import { withoutElementPrefix } from '../../../core/contacts/import/sheet-xml.js';
import { digitTemplate, isDateFormat } from '../../../core/contacts/import/number-format.js';
import { cellFormats } from '../../../core/contacts/import/xlsx-styles.js';

const STRINGS = ['Phone', 'Name', 'Zoë & Co'];
const context = (overrides: Partial<SheetContext> = {}): SheetContext => ({
  sharedString: (index) => STRINGS[index] ?? '',
  formatOf: (style) => (style === 1 ? { kind: 'date' } : style === 4 ? { kind: 'digits', render: digitTemplate('\\+7\\ \\(000\\)\\ 000\\-00\\-00')! } : undefined),
  date1904: false,
  ...overrides,
});

async function* pieces(xml: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(xml);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(xml: string, options: { size?: number; prefix?: string | null; context?: SheetContext; batchSize?: number } = {}): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const chunks = pieces(xml, options.size ?? 1 << 20);
  const prefix = options.prefix ?? null;
  for await (const batch of sheetRows(prefix === null ? chunks : withoutElementPrefix(chunks, prefix), options.context ?? context(), options.batchSize ?? 100)) rows.push(...batch);
  return rows;
}

const sheet = (rows: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F3"/><sheetData>${rows}</sheetData><rowBreaks count="1"><brk id="5"/></rowBreaks></worksheet>`;

describe('reading a sheet part', () => {
  it('gives every kind of cell as the text a spreadsheet shows', async () => {
    const xml = sheet(
      '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="inlineStr"><is><r><rPr><b/></rPr><t>+1 415 </t></r><r><t xml:space="preserve">555 0132</t></r></is></c>' +
        '<c r="D1" t="inlineStr"><is><r><t>東京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c><c r="E1" t="str"><f>A1&amp;"x"</f><v>a &amp; b_x000D_</v></c></row>' +
        '<row r="2"><c r="A2"><v>79161234567</v></c><c r="B2"><v>7.9161234567E10</v></c><c r="C2"><v>0.125</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><v>0</v></c><c r="F2" t="e"><v>#N/A</v></c></row>' +
        '<row r="3"><c r="A3" s="1"><v>45352</v></c><c r="B3" s="1"><f>A3+1</f><v>45353.75</v></c><c r="C3" s="1"><v>9161234</v></c><c r="D3" t="d"><v>2024-03-01T00:00:00Z</v></c><c r="E3"><f>1/0</f></c><c r="F3" s="2"><v>45352</v></c></row>',
    );
    expect(await read(xml)).toEqual([
      { rowNumber: 1, values: ['Phone', 'Zoë & Co', '+1 415 555 0132', '東京', 'a & b\r'] },
      { rowNumber: 2, values: ['79161234567', '79161234567', '0.125', 'TRUE', 'FALSE', ''] },
      // A date, a formula's date, a phone in a date-styled cell (past 9999-12-31), an ISO date, no cached result.
      { rowNumber: 3, values: ['2024-03-01', '2024-03-02', '9161234', '2024-03-01', '', '45352'] },
    ]);
    expect(await read(sheet('<row r="1"><c r="A1" s="4"><v>9161234567</v></c><c r="B1" s="4"><v>12.5</v></c></row>'))).toEqual([
      { rowNumber: 1, values: ['+7 (916) 123-45-67', '12.5'] },
    ]);
    expect(await read(sheet('<row r="1"><c r="A1" s="1"><v>43891</v></c></row>'), { context: context({ date1904: true }) })).toEqual([
      { rowNumber: 1, values: ['2024-03-02'] },
    ]);
  });

  it('places cells by their reference, follows the one before where there is none, and skips empty rows', async () => {
    const xml = sheet(
      '<row r="2"><c r="C2"><v>3</v></c><c><v>4</v></c><c r="A2"><v>1</v></c></row>' +
        '<row r="4" ht="20" customHeight="1"/><row r="5"><c r="A5" s="3"/><c r="B5" t="inlineStr"><is><t/></is></c></row>' +
        '<row><c r="AA6" t="s"><v>1</v></c></row><row r="9"><c r="B9" t="s"><v>99</v></c><c r="XFE9"><v>5</v></c><c r="D9" t="s"><v>-1</v></c></row>',
    );
    const rows = await read(xml);
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 6, 9]);
    expect(rows[0]!.values).toEqual(['1', '', '3', '4']);
    expect(rows[1]!.values).toHaveLength(27);
    expect(rows[1]!.values[26]).toBe('Name');
    // A shared string that does not exist is empty; a cell past Excel's last column follows the one before.
    expect(rows[2]!.values).toEqual(['', '', '5', '']);
  });

  it('reads the same rows whatever the chunk boundaries, through multi-byte characters and prefixed elements', async () => {
    const rows =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Зоя 👩‍💻 &lt;x:no&gt;</t></is></c><c r="B1"><v>42</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><r><t>Ann</t></r><r><t> Lee</t></r></is></c></row><row r="3"/>';
    const expected = [
      { rowNumber: 1, values: ['Зоя 👩‍💻 <x:no>', '42'] },
      { rowNumber: 2, values: ['Name', 'Ann Lee'] },
    ];
    const plain = sheet(rows);
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const prefixed = `<x:worksheet xmlns:x="${main}"><x:sheetData>${rows.replace(/<(\/?)(\w)/g, '<$1x:$2')}</x:sheetData></x:worksheet>`;
    for (let size = 1; size <= 13; size++) {
      expect(await read(plain, { size })).toEqual(expected);
      expect(await read(prefixed, { size, prefix: 'x' })).toEqual(expected);
    }
  });

  it('reads pretty-printed parts and minimal ones (no references, single quotes) as other tools write them', async () => {
    const pretty = sheet(`
      <row r="1">
        <c r="A1" t="s">
          <v>0</v>
        </c>
        <c r="B1" t="inlineStr">
          <is>
            <t xml:space="preserve"> Ann </t>
          </is>
        </c>
      </row>
    `);
    expect(await read(pretty)).toEqual([{ rowNumber: 1, values: ['Phone', ' Ann '] }]);
    const minimal = "<worksheet><sheetData><row><c t='s'><v>1</v></c><c><v>42</v></c></row><row><c t='inlineStr'><is><t>x</t></is></c></row></sheetData></worksheet>";
    expect(await read(minimal)).toEqual([
      { rowNumber: 1, values: ['Name', '42'] },
      { rowNumber: 2, values: ['x'] },
    ]);
  });

  it('hands rows over in batches of the size asked', async () => {
    const xml = sheet(Array.from({ length: 25 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join(''));
    const sizes: number[] = [];
    for await (const batch of sheetRows(pieces(xml, 64), context(), 10)) sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
  });

  it('refuses a row that never ends, without holding more than a bounded row in memory', async () => {
    await expect(read('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v>')).rejects.toThrow(
      new CorruptWorkbookError('row 2 does not end'),
    );
    const endless = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>');
      const piece = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 1024; i++) yield piece;
    };
    const reading = (async () => {
      for await (const batch of sheetRows(endless(), context(), 10)) void batch;
    })();
    await expect(reading).rejects.toThrow(/row 1 does not end within/);
  });

  it('reads the rows of a part that stops between rows (its closing tags lost)', async () => {
    const whole = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>');
    // A part that stops between rows (its closing tags lost) still gives its rows.
    expect(await read(whole.slice(0, whole.indexOf('</sheetData>')))).toEqual([
      { rowNumber: 1, values: ['1'] },
      { rowNumber: 2, values: ['2'] },
    ]);
  });
});

describe('date styles', () => {
  it('tells date formats from number formats', () => {
    for (const code of ['dd/mm/yyyy', 'yyyy-mm-dd', 'DD.MM.YYYY', 'm/d/yy h:mm', '[$-409]mmmm d, yyyy', '[h]:mm:ss', 'mmm-yy', 'h:mm AM/PM', 'bbbb/mm/dd']) {
      expect(isDateFormat(code), code).toBe(true);
    }
    for (const code of ['General', '0', '#,##0.00', '0%', '0.00E+00', '#,##0 "руб."', '0.0 "days"', '@', '[Red]#,##0', '#,##0\\ \\h', '_(* #,##0_)', '# ?/?']) {
      expect(isDateFormat(code), code).toBe(false);
    }
  });

  it('shows an integer through a format of digit placeholders and literal text, as Excel does', () => {
    const show = (code: string, digits: string) => digitTemplate(code)?.(digits) ?? null;
    expect(show('\\+7\\ \\(000\\)\\ 000\\-00\\-00', '9161234567')).toBe('+7 (916) 123-45-67');
    expect(show('+7 (000) 000-00-00', '9161234567')).toBe('+7 (916) 123-45-67');
    expect(show('"+"0', '4915112345678')).toBe('+4915112345678');
    expect(show('000000', '1234')).toBe('001234');
    expect(show('(###) ###-####', '4155550132')).toBe('(415) 555-0132');
    // More digits than placeholders go into the first one; fewer leave "#" empty.
    expect(show('00-00', '123456')).toBe('1234-56');
    expect(show('#-##', '7')).toBe('-7');
    // Anything else is a number format of another kind.
    expect(show('0', '79161234567')).toBe('79161234567');
    expect(show('0" pcs"', '12')).toBe('12 pcs');
    // Anything else is a number format of another kind.
    for (const code of ['General', '#,##0', '0.00', '0%', '0.00E+00', '@', '[Red]0', '[<=9999999]###-####;(###) ###-####', 'dd/mm/yyyy', 'x0']) {
      expect(show(code, '123'), code).toBeNull();
    }
  });

  it('finds the cell styles whose number format shows a date, built-in or the workbook\'s own', () => {
    const styles =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0 &quot;days&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="4"/><xf numFmtId="22"/></cellXfs></styleSheet>';
    const kinds = (xml: string) => [...cellFormats(xml)].map(([style, format]) => [style, format.kind]);
    expect(kinds(styles)).toEqual([[1, 'date'], [3, 'date'], [5, 'date']]);
    expect(kinds(styles.replace(/<(\/?)(\w)/g, '<$1x:$2'))).toEqual([[1, 'date'], [3, 'date'], [5, 'date']]);
    const phones = '<styleSheet><numFmts count="1"><numFmt numFmtId="170" formatCode="\\+7\\ \\(000\\)\\ 000\\-00\\-00"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>';
    expect(kinds(phones)).toEqual([[1, 'digits']]);
  });
});
