import { describe, expect, it } from 'vitest';
import { spreadsheetPrefix, withoutElementPrefix } from '../../../core/contacts/import/sheet-xml.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

async function collect(chunks: AsyncIterable<Buffer>): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return Buffer.concat(out).toString('utf8');
}

async function* split(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('SpreadsheetML prefixes', () => {
  it('finds the prefix the root element gives SpreadsheetML, and only that', () => {
    expect(spreadsheetPrefix(`<?xml version="1.0"?>\n<x:worksheet xmlns:r="rel" xmlns:x="${MAIN}"><x:sheetData/>`)).toBe('x');
    expect(spreadsheetPrefix(`<!-- made by a tool --><ns0:sst xmlns:ns0='http://purl.oclc.org/ooxml/spreadsheetml/main'>`)).toBe('ns0');
    expect(spreadsheetPrefix(`<worksheet xmlns="${MAIN}" xmlns:x="${MAIN}">`)).toBeNull();
    expect(spreadsheetPrefix('<x:worksheet xmlns:x="urn:something-else">')).toBeNull();
    expect(spreadsheetPrefix(`<x:worksheet xmlns:y="${MAIN}">`)).toBeNull();
    expect(spreadsheetPrefix('')).toBeNull();
  });

  it('takes the prefix off element names, whatever the chunk boundaries, and leaves every other byte alone', async () => {
    const xml = `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c t="inlineStr"><x:is><x:t>Зоя &lt;x:no&gt; 👩‍💻</x:t></x:is></x:c></x:row><xx:keep/><y:x:odd/></x:sheetData></x:worksheet>`;
    const expected = `<worksheet xmlns:x="${MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>Зоя &lt;x:no&gt; 👩‍💻</t></is></c></row><xx:keep/><y:x:odd/></sheetData></worksheet>`;
    const bytes = Buffer.from(xml);
    for (let size = 1; size <= 9; size++) expect(await collect(withoutElementPrefix(split(bytes, size), 'x'))).toBe(expected);
    expect(await collect(withoutElementPrefix(split(bytes, bytes.length), 'x'))).toBe(expected);
    expect(await collect(withoutElementPrefix(split(Buffer.from('<a.b:row/></a.b:row>'), 2), 'a.b'))).toBe('<row/></row>');
  });
});
