import { describe, expect, it } from 'vitest';
import { neutraliseCell, safeCsvLine } from '../../../core/shared/csv-safe.js';
import { ContactDeduplicator, dedupKeys } from '../../../core/contacts/import/contact-dedup.js';
import type { ContactDraft } from '../../../core/contacts/import/contact-draft.js';
import { writeRejectionsCsv } from '../../../core/contacts/import/rejections.writer.js';

const draft = (rowNumber: number, fields: Partial<ContactDraft>): ContactDraft => ({
  rowNumber, firstName: null, lastName: null, displayName: null, phone: null, username: null, email: null, company: null,
  position: null, country: null, city: null, custom: {}, reachable: false, ...fields,
});

describe('dedup', () => {
  it('gives each draft its phone, lower-cased Telegram and email keys', () => {
    expect(dedupKeys(draft(1, { phone: '+79161234567', username: 'Ivan_P', email: 'i@example.com' }))).toEqual([
      'phone:+79161234567', 'tg:ivan_p', 'email:i@example.com',
    ]);
  });

  it('merges rows naming the same person, filling gaps instead of losing values, and counts them', () => {
    const dedup = new ContactDeduplicator();
    dedup.add(draft(2, { firstName: 'Ivan', phone: '+79161234567', custom: { source: 'expo' } }));
    dedup.add(draft(3, { email: 'anna@example.com', firstName: 'Anna' }));
    dedup.add(draft(4, { phone: '+79161234567', email: 'ivan@example.com', company: 'Acme', custom: { source: 'web', stage: 'lead' } }));
    dedup.add(draft(5, { username: 'IVAN_P', email: 'IVAN@example.com'.toLowerCase(), position: 'CTO' }));
    const contacts = dedup.contacts();
    expect(dedup.duplicates).toBe(2);
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toMatchObject({
      rowNumber: 2, firstName: 'Ivan', phone: '+79161234567', email: 'ivan@example.com', username: 'IVAN_P', company: 'Acme',
      position: 'CTO', custom: { source: 'expo', stage: 'lead' }, reachable: true,
    });
    expect(contacts[1]).toMatchObject({ rowNumber: 3, firstName: 'Anna', reachable: false });
  });

  it('joins two earlier contacts that a later row links, keeping a second phone as a custom field', () => {
    const dedup = new ContactDeduplicator();
    dedup.add(draft(2, { phone: '+79161234567' }));
    dedup.add(draft(3, { email: 'x@example.com', phone: '+79031234567' }));
    dedup.add(draft(4, { phone: '+79161234567', email: 'x@example.com' }));
    expect(dedup.contacts()).toEqual([
      expect.objectContaining({ rowNumber: 2, phone: '+79161234567', email: 'x@example.com', custom: { other_phone: '+79031234567' } }),
    ]);
    expect(dedup.duplicates).toBe(1);
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
