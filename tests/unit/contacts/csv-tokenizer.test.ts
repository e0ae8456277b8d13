import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../../core/contacts/import/csv-dialect.js';
import { CsvTokenizer } from '../../../core/contacts/import/csv-tokenizer.js';
import type { RawRow } from '../../../core/contacts/import/contact-draft.js';

function tokenize(text: string, delimiter = ',', chunk = text.length): RawRow[] {
  const tokenizer = new CsvTokenizer(delimiter);
  const rows: RawRow[] = [];
  for (let i = 0; i < text.length; i += chunk) rows.push(...tokenizer.push(text.slice(i, i + chunk)));
  rows.push(...tokenizer.end());
  return rows;
}

describe('CsvTokenizer', () => {
  const tricky = 'name,note,phone\r\n"Smith, John","said ""hi""\non two lines",+1 555\r\nAnna,,+7 916\n\nLast,"x",1';

  it('splits quoted fields with embedded delimiters, escaped quotes and newlines', () => {
    const rows = tokenize(tricky);
    expect(rows.map((row) => row.values)).toEqual([
      ['name', 'note', 'phone'],
      ['Smith, John', 'said "hi"\non two lines', '+1 555'],
      ['Anna', '', '+7 916'],
      ['Last', 'x', '1'],
    ]);
  });

  it('numbers each record by the physical line it starts on, counting embedded newlines and blank lines', () => {
    expect(tokenize(tricky).map((row) => row.rowNumber)).toEqual([1, 2, 4, 6]);
  });

  it('gives the same rows whatever the chunk boundaries, down to one character', () => {
    const whole = tokenize(tricky);
    for (const size of [1, 2, 3, 7]) expect(tokenize(tricky, ',', size)).toEqual(whole);
  });

  it('handles old Mac CR line ends and a CRLF split across chunks', () => {
    expect(tokenize('a;b\rc;d\r', ';').map((row) => row.values)).toEqual([['a', 'b'], ['c', 'd']]);
    expect(tokenize('a;b\r\nc;d', ';', 4).map((row) => row.rowNumber)).toEqual([1, 2]);
  });

  it('turns a quote left open at the end into one defective row and keeps the rows after it', () => {
    const rows = tokenize('a,b\n1,"open\n2,two\n3,three');
    expect(rows[1]).toMatchObject({ rowNumber: 2, defect: 'UNTERMINATED_QUOTE' });
    expect(rows.slice(2).map((row) => row.values)).toEqual([['2', 'two'], ['3', 'three']]);
    expect(rows.slice(2).map((row) => row.rowNumber)).toEqual([3, 4]);
  });

  it('keeps text that follows a closing quote instead of dropping it', () => {
    expect(tokenize('"ab"cd,e').map((row) => row.values)).toEqual([['abcd', 'e']]);
  });
});

describe('sniffDelimiter', () => {
  it.each([
    [',', 'First Name,Last Name,Phone\nA,B,1\nC,D,2\n'],
    [';', 'Имя;Фамилия;Телефон\nА;Б;"1,5"\nВ;Г;2\n'],
    ['\t', 'Name\tPhone\tEmail\nA, B\t1\tx@y.z\n'],
    ['|', 'name|phone|email\nA|1|a@b.cd\nB|2|b@c.de\n'],
  ])('recognises %j from the rows that agree on a field count', (delimiter, sample) => {
    expect(sniffDelimiter(sample)).toBe(delimiter);
  });

  it('is not misled by a comma-laden preamble before semicolon rows', () => {
    const sample = 'Exported by CRM, version 2, all rights reserved\n\nName;Phone;Email\nA;1;a@b.cd\nB;2;b@c.de\nC;3;c@d.ef\n';
    expect(sniffDelimiter(sample)).toBe(';');
  });
});
