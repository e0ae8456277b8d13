import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import { CorruptJsonError, NoRecognisableColumnsError } from '../../../core/contacts/import/import.errors.js';
import { looksLikeJson } from '../../../core/contacts/import/json.reader.js';
import { chunked, importAll, source } from './helpers.js';

// What Telegram Desktop's "Export Telegram data" writes with Contacts ticked (other sections trimmed).
const TELEGRAM_EXPORT = JSON.stringify(
  {
    about: 'Here is the data you requested.',
    personal_information: { user_id: 1, first_name: 'Me', phone_number: '+49 170 0000000' },
    // An array of objects before the contacts: not them.
    profile_pictures: [{ date: '2023-05-01T12:00:00', photo: 'profile_pictures/photo_1.jpg' }],
    contacts: {
      about: 'This is your contact list.',
      list: [
        { user_id: 11, first_name: 'Anna', last_name: 'Petrova', phone_number: '+7 916 123 4567', date: '2024-01-05T10:00:00', date_unixtime: '1704448800' },
        { user_id: 12, first_name: 'Boris', last_name: '', phone_number: '79161234568', date: '2024-02-01T09:30:00', date_unixtime: '1706779800' },
        { user_id: 13, first_name: 'Deleted', last_name: 'Account', phone_number: '', date: '2024-03-01T00:00:00', date_unixtime: '1709251200' },
      ],
    },
    frequent_contacts: { about: '…', list: [{ id: 11, category: 'people', type: 'user', name: 'Anna Petrova', rating: 1.5 }] },
  },
  null,
  1,
);

describe('JSON contact files', () => {
  it('reads Telegram Desktop’s export of the contact list', async () => {
    const inspection = await inspectContactFile(source(Buffer.from(TELEGRAM_EXPORT)), { maxBytes: 1e6 });
    expect(inspection.info.format).toBe('json');
    expect(inspection.mapping.columns.filter((c) => c.target !== 'custom').map((c) => [c.header, c.target])).toEqual([
      ['first_name', 'firstName'],
      ['last_name', 'lastName'],
      ['phone_number', 'phone'],
    ]);
    const { drafts, rejections } = await importAll(chunked(Buffer.from(TELEGRAM_EXPORT), 50));
    expect(drafts.map((d) => [d.firstName, d.lastName, d.phone])).toEqual([
      ['Anna', 'Petrova', '+79161234567'],
      ['Boris', null, '+79161234568'],
    ]);
    // The deleted account has no number: rejected, with its place in the list.
    expect(rejections.map((r) => [r.rowNumber, r.reason])).toEqual([[4, 'NO_IDENTIFIER']]);
  });

  it('reads an array of objects, with lists of values and one level of nesting, from any tool', async () => {
    const json = JSON.stringify({
      data: [
        { name: 'Clara Schmidt', emails: ['clara@example.com', 'c.schmidt@work.example'], address: { city: 'Berlin', country: 'DE' }, vip: true },
        { name: 'Dan Smith', phone: '+1 415 555 0132', tags: [{ id: 1 }] },
      ],
    });
    const { drafts } = await importAll(source(Buffer.from(`\uFEFF${json}`)));
    expect(drafts.map((d) => [d.firstName, d.email, d.phone, d.city, d.country, d.custom])).toEqual([
      ['Clara', 'clara@example.com', null, 'Berlin', 'DE', { emails: 'c.schmidt@work.example', vip: 'true' }],
      ['Dan', null, '+14155550132', null, null, { tags: '[{"id":1}]' }],
    ]);
  });

  it('says a broken JSON file is damaged, and one without contacts has no columns', async () => {
    await expect(importAll(source(Buffer.from('[{"name": "Anna", "phone": "+7 916')))).rejects.toBeInstanceOf(CorruptJsonError);
    await expect(importAll(source(Buffer.from('{"about": "nothing here", "count": 0}')))).rejects.toBeInstanceOf(NoRecognisableColumnsError);
    await expect(importAll(source(Buffer.from('[{"name": "Anna"}] trailing')))).rejects.toBeInstanceOf(CorruptJsonError);
    await expect(importAll(source(Buffer.from('{"data": [{"name": "Anna", }]}')))).rejects.toBeInstanceOf(CorruptJsonError);
  });

  it('keeps the columns of every record, in order of appearance, whatever the chunk boundaries', async () => {
    const json = `  [{"Name": "Zoë Ж", "Phone": "+7 916 123 4567"}, {"Phone": "+7 916 123 4568", "Email": "b\\u00f6rje@example.com", "Note": "line\\nbreak"},\n{"Name": "👩‍💻 Dev", "Email": "dev@example.com"}]\n`;
    for (const size of [1, 3, 7, 1000]) {
      const { drafts } = await importAll(chunked(Buffer.from(json), size));
      expect(drafts.map((d) => [d.firstName, d.phone, d.email, d.custom])).toEqual([
        ['Zoë', '+79161234567', null, {}],
        [null, '+79161234568', 'börje@example.com', { note: 'line break' }],
        ['👩‍💻', null, 'dev@example.com', {}],
      ]);
    }
  });

  it('reads JSON Lines (one object per line, as mongoexport and many tools write), whatever the chunk boundaries', async () => {
    const lines = [
      { name: 'Anna Petrova', phone: '+7 916 123 4567', emails: [{ type: 'work', address: 'anna@example.com' }] },
      { name: 'Ben Roth', phone: '+49 30 1234567', city: 'Berlin' },
    ].map((record) => JSON.stringify(record));
    for (const size of [2, 9, 4096]) {
      const { drafts } = await importAll(chunked(Buffer.from(`${lines.join('\n')}\n`), size));
      expect(drafts.map((d) => [d.firstName, d.phone, d.city])).toEqual([
        ['Anna', '+79161234567', null],
        ['Ben', '+49301234567', 'Berlin'],
      ]);
    }
  });

  it('reads a table given as arrays of cells, at the top level or as a spreadsheet API’s values, its header found like a CSV’s', async () => {
    const rows = [['Exported 2026-11-29'], ['Name', 'Phone', 'Company'], ['Anna Petrova', '+7 916 123 4567', 'Acme'], ['Ben Roth', 79031112233, null]];
    const { drafts: topLevel } = await importAll(chunked(Buffer.from(JSON.stringify(rows)), 7));
    const sheetsApi = JSON.stringify({ range: 'Contacts!A1:C4', majorDimension: 'ROWS', values: rows });
    const inspection = await inspectContactFile(source(Buffer.from(sheetsApi)), { maxBytes: 1e6 });
    expect([inspection.info.format, inspection.headerRowNumber, inspection.headers]).toEqual(['json', 2, ['Name', 'Phone', 'Company']]);
    const { drafts: fromApi } = await importAll(source(Buffer.from(sheetsApi)));
    for (const drafts of [topLevel, fromApi]) {
      expect(drafts.map((d) => [d.firstName, d.lastName, d.phone, d.company])).toEqual([
        ['Anna', 'Petrova', '+79161234567', 'Acme'],
        ['Ben', 'Roth', '+79031112233', null],
      ]);
    }
    // Objects next to such a table are the contacts.
    const both = JSON.stringify({ matrix: [[1, 2]], people: [{ name: 'Cleo Park', phone: '+1 415 555 0132' }] });
    expect((await importAll(source(Buffer.from(both)))).drafts.map((d) => d.phone)).toEqual(['+14155550132']);
  });

  it('is read in a process whose heap is far smaller than the file (the records wait in a spool)', { timeout: 120_000 }, async () => {
    // 150,000 records with a note of 300 characters: ~60 MB of JSON, ~400 MB as parsed objects, read with a 64 MB heap.
    const dir = await mkdtemp(join(tmpdir(), 'contactd-json-test-'));
    try {
      const note = 'Notiz über Kunden, Ölförderung '.repeat(10);
      const records: string[] = [];
      for (let i = 0; i < 150_000; i++) records.push(JSON.stringify({ name: `Person ${i}`, phone: `+7916${1_000_000 + i}`, note: `${i} ${note}` }));
      const path = join(dir, 'contacts.json');
      await writeFile(path, `{"exported": "2026-11-29", "contacts": [\n${records.join(',\n')}\n]}`);
      const child = join(import.meta.dirname, 'read-contact-file.child.ts');
      const run = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', child, path], { encoding: 'utf8' });
      expect(run.stderr.slice(-2000)).not.toMatch(/heap out of memory/);
      expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: JSON.stringify({ contacts: 150_000 }) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tells JSON from a CSV whose first header is in brackets', () => {
    expect(looksLikeJson('[\n  {"name": "Anna"}]')).toBe(true);
    expect(looksLikeJson('{"contacts": []}')).toBe(true);
    expect(looksLikeJson('[["Name", "Phone"], ["Anna", "+7 916"]]')).toBe(true);
    expect(looksLikeJson('[[Name]],Phone')).toBe(false);
    expect(looksLikeJson('[Name],[Phone]\nAnna,+79161234567')).toBe(false);
    expect(looksLikeJson('{Name};Phone')).toBe(false);
  });
});
