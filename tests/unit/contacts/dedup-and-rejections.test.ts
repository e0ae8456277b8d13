import { describe, expect, it } from 'vitest';
import { neutraliseCell, safeCsvLine } from '../../../core/shared/csv-safe.js';
import { dedupKeys } from '../../../core/contacts/import/contact-dedup.js';
import { writeRejectionsCsv } from '../../../core/contacts/import/rejections.writer.js';
import { draftOf } from './helpers.js';

describe('dedup', () => {
  it('gives each draft its phone, lower-cased Telegram and email keys', () => {
    expect(dedupKeys(draftOf(1, { phone: '+79161234567', username: 'Ivan_P', email: 'i@example.com' }))).toEqual([
      'phone:+79161234567', 'tg:ivan_p', 'email:i@example.com',
    ]);
  });
});

describe('rejected rows as CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(neutraliseCell('+79161234567 is fine?')).toBe("'+79161234567 is fine?");
    expect(neutraliseCell('Ivan')).toBe('Ivan');
    expect(safeCsvLine(['a,b', 'say "hi"', '=1+1'])).toBe('"a,b","say ""hi""",\'=1+1\r\n');
  });

  it('writes the original columns plus row and reason, with a BOM, ragged extra cells kept', async () => {
    let text = '';
    const rejections = [[
      { rowNumber: 3, reason: 'INVALID_PHONE' as const, values: ['Ivan', '=cmd|calc'] },
      { rowNumber: 7, reason: 'MALFORMED_ROW' as const, values: ['Anna', '+7', 'extra'] },
    ]];
    for await (const chunk of writeRejectionsCsv(['Name', 'Phone'], rejections)) text += chunk;
    expect(text).toBe("\ufeffName,Phone,row,reason\r\nIvan,'=cmd|calc,3,INVALID_PHONE\r\nAnna,+7,7,MALFORMED_ROW,extra\r\n");
  });
});
