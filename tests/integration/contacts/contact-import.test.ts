import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ContactImportService } from '../../../core/contacts/contact-import.service.js';
import { setColumnTarget } from '../../../core/contacts/import/column-mapping.js';
import { readContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { buildUser, bytes, csv } from './contact-factories.js';

describe('importing a contact file into PostgreSQL', () => {
  let t: TestDatabase;
  let service: ContactImportService;
  const clock = new FakeClock('2026-11-29T10:00:00Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    service = new ContactImportService(t.db, clock, { maxBytes: 1024 * 1024 });
  });
  afterAll(async () => t.drop());

  interface Row {
    first_name: string | null;
    last_name: string | null;
    phone: string | null;
    username: string | null;
    email: string | null;
    company: string | null;
    custom: Record<string, string>;
    reachable: boolean;
  }
  const contactsOf = async (userId: number): Promise<Row[]> =>
    (
      await t.db.pool.query<Row>(
        'SELECT first_name, last_name, phone, username, email, company, custom, reachable FROM contacts WHERE user_id = $1 ORDER BY id',
        [userId],
      )
    ).rows;
  const count = async (sql: string, params: unknown[]) => Number((await t.db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  it('stores good rows, merges in-file duplicates and reports rejected rows with their reasons', async () => {
    const userId = await buildUser(t.db);
    const file = csv(
      'First name,Last name,Phone,Email,Telegram,Deal stage',
      'Anna,Petrova,+49 30 1234567,anna@example.com,,hot',
      'Boris,Ivanov,,boris@example.com,@boris_iv,cold',
      'Anna,,+49 30 1234567,,@anna_p,',
      'Nobody,Here,,,,',
      'Bad,Phone,12,,,',
      'Mail,Only,,mail.only@example.com,,',
    );
    const summary = await service.run({ userId, listName: 'Leads', fileName: 'leads.csv', source: bytes(file), existing: 'skip' });
    expect(summary).toMatchObject({ alreadyImported: false, imported: 3, updated: 0, duplicates: 1, extended: 0, unreachable: 1, rejected: 2 });
    expect(summary.rejections.map((r) => [r.rowNumber, r.reason])).toEqual([
      [5, 'NO_IDENTIFIER'],
      [6, 'INVALID_PHONE'],
    ]);
    const rows = await contactsOf(userId);
    expect(rows).toHaveLength(3);
    // The duplicate's username is merged into the first row rather than lost.
    expect(rows[0]).toMatchObject({ first_name: 'Anna', phone: '+49301234567', email: 'anna@example.com', username: 'anna_p', custom: { deal_stage: 'hot' } });
    expect(rows[2]).toMatchObject({ email: 'mail.only@example.com', reachable: false });
    expect(await count('SELECT count(*) AS n FROM contact_list_members m JOIN contact_lists l ON l.id = m.list_id WHERE l.name = $1 AND m.user_id = $2', ['Leads', userId])).toBe(3);
  });

  it('makes one contact of rows chained by different identifiers, usernames compared case-insensitively', async () => {
    const userId = await buildUser(t.db);
    const file = csv(
      'Name,Phone,Email,Telegram,Note',
      'Ann,+49 30 1234567,,,first',
      'Ann B,,ann@example.com,,',
      'Tim,,,@Tim_K,tim',
      'Alone,+49 30 7654321,,,',
      'Ann C,+49 30 1234567,ann@example.com,,linked',
      'Timothy,+49 30 5555555,,@tim_k,',
      'Ann D,,ANN@example.com,,last',
    );
    const summary = await service.run({ userId, listName: 'Chains', fileName: 'chains.csv', source: bytes(file), existing: 'skip' });
    expect(summary).toMatchObject({ imported: 3, duplicates: 4, extended: 2, rejected: 0 });
    const rows = await contactsOf(userId);
    // The first row's values stay in place; what later rows carry differently is kept, numbered (an email or a
    // username differing only in case is the same one).
    expect(rows).toEqual([
      expect.objectContaining({
        first_name: 'Ann', last_name: 'B', phone: '+49301234567', email: 'ann@example.com',
        custom: { note: 'first', note_2: 'linked', note_3: 'last', last_name_2: 'C', last_name_3: 'D' },
      }),
      expect.objectContaining({ first_name: 'Tim', phone: '+49305555555', username: 'Tim_K', custom: { note: 'tim', first_name_2: 'Timothy' } }),
      expect.objectContaining({ first_name: 'Alone', phone: '+49307654321', email: null, custom: {} }),
    ]);
  });

  it('keeps the second email or phone of a person found twice in the file, numbered past the file\'s own columns', async () => {
    const userId = await buildUser(t.db);
    const file = csv(
      'Name,Phone,Email,Email 2,Company',
      'Anna Petrova,+49 30 1234567,anna@work.example,,Acme',
      'Anna Petrova,+49 30 1234567,anna@home.example,,acme',
      'Anna P,+49 30 7654321,anna@work.example,,Acme GmbH',
      'Boris,+1 415 555 0100,boris@one.example,boris@second.example,',
      'Boris,+1 415 555 0100,boris@two.example,,',
    );
    const summary = await service.run({ userId, listName: 'Twice', fileName: 'twice.csv', source: bytes(file), existing: 'skip' });
    expect(summary).toMatchObject({ imported: 2, duplicates: 3, extended: 2, rejected: 0 });
    expect(await contactsOf(userId)).toEqual([
      expect.objectContaining({
        first_name: 'Anna', last_name: 'Petrova', phone: '+49301234567', email: 'anna@work.example', company: 'Acme',
        custom: { email_2: 'anna@home.example', phone_2: '+49307654321', last_name_2: 'P', company_2: 'Acme GmbH' },
      }),
      // The file has an "Email 2" column of its own: it keeps its name, and the duplicate's email comes after it.
      expect.objectContaining({ email: 'boris@one.example', custom: { email_2: 'boris@second.example', email_3: 'boris@two.example' } }),
    ]);
    // The same people again, kept as they are: their duplicates' values change nothing, and are not counted.
    const again = await service.run({ userId, listName: 'Again', fileName: 'twice-2.csv', source: bytes(Buffer.concat([file, Buffer.from('\n')])), existing: 'skip' });
    expect(again).toMatchObject({ imported: 0, duplicates: 5, extended: 0 });
  });

  it('imports the same file into the same list only once and says so', async () => {
    const userId = await buildUser(t.db);
    const file = csv('phone,name', '+14155550100,Ann', '+14155550101,Bob');
    const first = await service.run({ userId, listName: 'A', fileName: 'a.csv', source: bytes(file), existing: 'update' });
    const second = await service.run({ userId, listName: 'a', fileName: 'again.csv', source: bytes(file), existing: 'update' });
    expect(first.imported).toBe(2);
    expect(second).toMatchObject({ alreadyImported: true, imported: 0, updated: 0, importId: first.importId });
    expect(await count('SELECT count(*) AS n FROM contacts WHERE user_id = $1', [userId])).toBe(2);
    expect(await count("SELECT count(*) AS n FROM contact_imports WHERE user_id = $1 AND status = 'done'", [userId])).toBe(1);
  });

  it('imports the same file again when sent with other settings, and fills in what the first import could not read', async () => {
    const userId = await buildUser(t.db);
    // National numbers and no default country: the phones cannot be read; the rows with an email are kept.
    const file = csv('name,phone,email', 'Ann,030 1234567,ann@example.com', 'Bob,0170 1234567,');
    const first = await service.run({ userId, listName: 'A', fileName: 'a.csv', source: bytes(file), existing: 'skip', defaultCountry: null });
    expect(first).toMatchObject({ imported: 1, rejected: 1 });
    expect(first.rejections.map((r) => r.reason)).toEqual(['PHONE_WITHOUT_COUNTRY']);
    // Ann's row was kept for her email, her number unread for the same reason: the summary names it once.
    expect(first.problems).toEqual(['PHONE_WITHOUT_COUNTRY']);
    const keptOnly = await service.run({ userId: await buildUser(t.db), listName: 'B', fileName: 'b.csv', source: bytes(csv('name,phone,email', 'Cid,0170 7654321,cid@example.com')), existing: 'skip', defaultCountry: null });
    expect(keptOnly).toMatchObject({ imported: 1, rejected: 0, unreachable: 1, problems: ['PHONE_WITHOUT_COUNTRY'] });
    expect(await contactsOf(userId)).toEqual([expect.objectContaining({ phone: null, reachable: false, custom: { phone_2: '030 1234567' } })]);
    // Sent again after setting the default country: imported, not refused as the same file.
    const second = await service.run({ userId, listName: 'A', fileName: 'a.csv', source: bytes(file), existing: 'update', defaultCountry: 'DE' });
    expect(second).toMatchObject({ alreadyImported: false, imported: 1, updated: 1, rejected: 0 });
    expect(await contactsOf(userId)).toEqual([
      expect.objectContaining({ phone: '+49301234567', email: 'ann@example.com', reachable: true }),
      expect.objectContaining({ first_name: 'Bob', phone: '+491701234567', reachable: true }),
    ]);
    // And the same file with the same settings once more is the same import.
    const third = await service.run({ userId, listName: 'A', fileName: 'a.csv', source: bytes(file), existing: 'update', defaultCountry: 'DE' });
    expect(third).toMatchObject({ alreadyImported: true, importId: second.importId });
  });

  it('skips contacts that already exist when asked to, but still puts them in the new list', async () => {
    const userId = await buildUser(t.db);
    await service.run({ userId, listName: 'Old', fileName: 'old.csv', source: bytes(csv('phone,company', '+14155550100,OldCo')), existing: 'skip' });
    const summary = await service.run({
      userId,
      listName: 'New',
      fileName: 'new.csv',
      source: bytes(csv('phone,company,email', '+1 415 555 0100,NewCo,x@example.com', '+14155550199,Other,')),
      existing: 'skip',
    });
    expect(summary).toMatchObject({ imported: 1, updated: 0, duplicates: 1 });
    const rows = await contactsOf(userId);
    expect(rows[0]).toMatchObject({ phone: '+14155550100', company: 'OldCo', email: null });
    expect(await count('SELECT count(*) AS n FROM contact_list_members WHERE list_id = $1', [summary.listId])).toBe(2);
  });

  it('updates existing contacts when asked to, merging fields instead of losing them', async () => {
    const userId = await buildUser(t.db);
    await service.run({
      userId,
      listName: 'Old',
      fileName: 'old.csv',
      source: bytes(csv('phone,first name,company,note', '+14155550100,Ann,OldCo,vip')),
      existing: 'skip',
    });
    const summary = await service.run({
      userId,
      listName: 'Old',
      fileName: 'new.csv',
      source: bytes(csv('phone,first name,email,city', '+14155550100,,ann@example.com,Boston')),
      existing: 'update',
    });
    expect(summary).toMatchObject({ imported: 0, updated: 1, duplicates: 0 });
    const rows = await contactsOf(userId);
    expect(rows).toEqual([
      expect.objectContaining({ first_name: 'Ann', company: 'OldCo', email: 'ann@example.com', phone: '+14155550100', custom: { note: 'vip' } }),
    ]);
  });

  it('keeps, when updating, the identifiers a contact cannot take as numbered custom fields, once', async () => {
    const userId = await buildUser(t.db);
    const old = csv('phone,email,note', '+14155550100,a@example.com,vip', '+14155550101,y@example.com,', '+14155550102,,');
    await service.run({ userId, listName: 'Old', fileName: 'old.csv', source: bytes(old), existing: 'skip' });
    // Row 1 brings a second email and a new username; row 2 matches by phone and brings another contact's email.
    const update = csv('phone,email,telegram', '+14155550100,a2@example.com,@new_user', '+14155550102,y@example.com,');
    const summary = await service.run({ userId, listName: 'Old', fileName: 'update.csv', source: bytes(update), existing: 'update' });
    expect(summary).toMatchObject({ imported: 0, updated: 2 });
    const expected = [
      expect.objectContaining({ phone: '+14155550100', email: 'a@example.com', username: 'new_user', custom: { note: 'vip', email_2: 'a2@example.com' } }),
      expect.objectContaining({ phone: '+14155550101', email: 'y@example.com', custom: {} }),
      expect.objectContaining({ phone: '+14155550102', email: null, reachable: true, custom: { email_2: 'y@example.com' } }),
    ];
    expect(await contactsOf(userId)).toEqual(expected);
    // The same file into another list (so not refused as already imported): what is kept already is not added twice,
    // and contacts the file does not change are duplicates, not "updated" (nor is their updated_at touched).
    const stamps = async () => (await t.db.pool.query<{ updated_at: Date }>('SELECT updated_at FROM contacts WHERE user_id = $1 ORDER BY id', [userId])).rows;
    const before = await stamps();
    clock.advance(60_000);
    const again = await service.run({ userId, listName: 'Again', fileName: 'update.csv', source: bytes(update), existing: 'update' });
    expect(again).toMatchObject({ alreadyImported: false, updated: 0, duplicates: 2 });
    expect(await contactsOf(userId)).toEqual(expected);
    expect(await stamps()).toEqual(before);
  });

  it('updating with the default country set fills the phones an earlier import could not read, and drops their unread copies', async () => {
    const userId = await buildUser(t.db);
    // No country anywhere: the national numbers cannot be read; the rows are kept for their emails, numbers as written.
    const file = csv('Name,Phone,Email,Fax', 'Anna Berg,030 1234567,anna@example.com,030 7654321', 'Ben Roth,(030) 22 33 44,ben@example.com,');
    const first = await service.run({ userId, listName: 'Leads', fileName: 'leads.csv', source: bytes(file), existing: 'skip' });
    expect(first).toMatchObject({ imported: 2, unreachable: 2, problems: ['PHONE_WITHOUT_COUNTRY'] });
    expect((await contactsOf(userId)).map((c) => [c.phone, c.custom])).toEqual([
      [null, { phone_2: '030 1234567', fax: '030 7654321' }],
      [null, { phone_2: '(030) 22 33 44' }],
    ]);
    // Sent again with Germany as the default country, updating: the numbers go where they belong, once.
    const again = await service.run({ userId, listName: 'Leads', fileName: 'leads.csv', source: bytes(file), existing: 'update', defaultCountry: 'DE' });
    expect(again).toMatchObject({ alreadyImported: false, imported: 0, updated: 2 });
    expect((await contactsOf(userId)).map((c) => [c.phone, c.reachable, c.custom])).toEqual([
      ['+49301234567', true, { fax: '030 7654321' }],
      ['+4930223344', true, {}],
    ]);
  });

  it('records the format the file turned out to be, whatever its name says', async () => {
    const userId = await buildUser(t.db);
    const jsonLines = Buffer.from('{"name": "Anna", "phone": "+7 916 123 4567"}\n{"name": "Ben", "phone": "+7 916 123 4568"}\n');
    const lines = await service.run({ userId, listName: 'A', fileName: 'leads.jsonl', source: bytes(jsonLines), existing: 'skip' });
    const text = await service.run({ userId, listName: 'B', fileName: 'export.txt', source: bytes(csv('Name;Phone', 'Cleo;+7 916 123 4569')), existing: 'skip' });
    expect([lines.format, text.format]).toEqual(['json', 'csv']);
    const recorded = await t.db.pool.query<{ format: string }>('SELECT format FROM contact_imports WHERE user_id = $1 ORDER BY id', [userId]);
    expect(recorded.rows.map((row) => row.format)).toEqual(['json', 'csv']);
  });

  it('matches existing contacts by username case-insensitively and by email', async () => {
    const userId = await buildUser(t.db);
    await service.run({ userId, listName: 'L', fileName: 'a.csv', source: bytes(csv('telegram,email', '@John_Doe,', ',z@example.com')), existing: 'skip' });
    const summary = await service.run({
      userId,
      listName: 'L',
      fileName: 'b.csv',
      source: bytes(csv('telegram,email,company', '@john_doe,,Acme', ',Z@Example.com,Zed')),
      existing: 'update',
    });
    expect(summary).toMatchObject({ imported: 0, updated: 2 });
    expect((await contactsOf(userId)).map((r) => r.company)).toEqual(['Acme', 'Zed']);
  });

  it('leaves nothing behind when the file fails half way through', async () => {
    const userId = await buildUser(t.db);
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('phone,name\n');
      for (let i = 0; i < 3000; i++) yield Buffer.from(`+1415555${String(i).padStart(4, '0')},Person ${i}\n`);
      throw new Error('connection reset while downloading');
    }
    await expect(service.run({ userId, listName: 'Crash', fileName: 'crash.csv', source: broken(), existing: 'skip' })).rejects.toThrow(/connection reset/);
    expect(await count('SELECT count(*) AS n FROM contacts WHERE user_id = $1', [userId])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM contact_lists WHERE user_id = $1', [userId])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM contact_imports WHERE user_id = $1 AND status = 'failed'", [userId])).toBe(1);
  });

  it('records every failure when as many imports fail at once as the pool has connections', { timeout: 30_000 }, async () => {
    const users = await Promise.all(Array.from({ length: t.db.pool.options.max }, () => buildUser(t.db)));
    let reading = 0;
    let allReading!: () => void;
    const together = new Promise<void>((resolve) => (allReading = resolve));
    async function* failsOnceAllRead(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('phone,name\n+14155550100,Ann\n');
      // Every import holds its connection here, so the pool is full when they fail.
      if (++reading === users.length) allReading();
      await together;
      throw new Error('upload interrupted');
    }
    const outcomes = await Promise.allSettled(
      users.map((userId) => service.run({ userId, listName: 'Busy', fileName: 'busy.csv', source: failsOnceAllRead(), existing: 'skip' })),
    );
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'imported'))).toEqual(users.map(() => 'upload interrupted'));
    expect(await count("SELECT count(*) AS n FROM contact_imports WHERE user_id = ANY ($1::int[]) AND status = 'failed'", [users])).toBe(users.length);
  });

  it('stores exactly what the file reader made of cells with tabs, backslashes, quotes and line breaks', async () => {
    const userId = await buildUser(t.db);
    const file = csv(
      'phone,first name,company,notes,code',
      '+14155550301,"Tab\there","Back\\slash \\N Co","line one\nline two","say ""hi"" \\t"',
      '+14155550302,Plain,"C:\\temp\\new","\r\nleading break",{"a":1}',
      '+14155550303,Empty custom,Acme,,',
    );
    const drafts = [];
    for await (const batch of readContactFile(bytes(file), { maxBytes: 1024 * 1024, defaultCountry: null })) drafts.push(...batch.drafts);
    await service.run({ userId, listName: 'Odd cells', fileName: 'odd.csv', source: bytes(file), existing: 'skip' });
    const rows = await contactsOf(userId);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => ({ phone: r.phone, firstName: r.first_name, company: r.company, custom: r.custom }))).toEqual(
      drafts.map((d) => ({ phone: d.phone, firstName: d.firstName, company: d.company, custom: d.custom })),
    );
    // The reader kept the characters COPY has to escape, so the comparison above covers them.
    expect(rows[0]!.company).toContain('\\');
    expect(JSON.stringify(rows.map((r) => r.custom))).toMatch(/\\\\/);
    expect(rows[2]!.custom).toEqual({});
  });

  it('imports a file with NUL bytes in its cells, without them', async () => {
    const userId = await buildUser(t.db);
    const file = csv('phone,first name,notes', '+14155550401,An\u0000na,"x\u0000y"', '+14155550402,Bob,ok');
    const summary = await service.run({ userId, listName: 'Nul', fileName: 'nul.csv', source: bytes(file), existing: 'skip' });
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect((await contactsOf(userId)).map((r) => [r.first_name, r.custom])).toEqual([
      ['Anna', { notes: 'xy' }],
      ['Bob', { notes: 'ok' }],
    ]);
  });

  it("keeps users apart: the same phone in two users' files makes two contacts", async () => {
    const alice = await buildUser(t.db);
    const bob = await buildUser(t.db);
    const file = csv('phone', '+14155550177');
    await service.run({ userId: alice, listName: 'L', fileName: 'a.csv', source: bytes(file), existing: 'skip' });
    const forBob = await service.run({ userId: bob, listName: 'L', fileName: 'a.csv', source: bytes(file), existing: 'update' });
    expect(forBob).toMatchObject({ alreadyImported: false, imported: 1, updated: 0 });
    expect(await count('SELECT count(*) AS n FROM contacts WHERE phone = $1', ['+14155550177'])).toBe(2);
  });

  it('uses the mapping the user confirmed and the default country for national numbers', async () => {
    const userId = await buildUser(t.db, { defaultCountry: 'DE' });
    const file = csv('Tel,Notes', '030 1234567,first', '0151 23456789,second');
    const inspection = await service.inspect(bytes(file));
    const notesIndex = inspection.mapping.columns.find((c) => c.header === 'Notes')!.index;
    const mapping = setColumnTarget(inspection.mapping, notesIndex, 'ignore');
    const summary = await service.run({ userId, listName: 'DE', fileName: 'de.csv', source: bytes(file), mapping, existing: 'skip' });
    expect(summary.imported).toBe(2);
    const rows = await contactsOf(userId);
    expect(rows.map((r) => [r.phone, r.custom])).toEqual([
      ['+49301234567', {}],
      ['+4915123456789', {}],
    ]);
  });

  it('reports progress by bytes read while reading, then once before saving', async () => {
    const userId = await buildUser(t.db);
    const lines = ['phone'];
    for (let i = 0; i < 20000; i++) lines.push(`+1415${String(5_000_000 + i)}`);
    const file = csv(...lines);
    const seen: Array<{ phase: string; bytesRead: number; rowsRead: number }> = [];
    const small = new ContactImportService(t.db, clock, { maxBytes: 1024 * 1024, batchSize: 1000 });
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let offset = 0; offset < file.length; offset += 4096) yield file.subarray(offset, offset + 4096);
    }
    await small.run({ userId, listName: 'P', fileName: 'p.csv', source: chunks(), existing: 'skip', onProgress: (p) => seen.push({ ...p }) });
    const reading = seen.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThan(3);
    expect(reading.at(-1)!.rowsRead).toBe(20000);
    expect(reading.map((p) => p.rowsRead)).toEqual([...reading.map((p) => p.rowsRead)].sort((a, b) => a - b));
    // Bytes grow with rows, so the bot can draw a progress bar against the file size.
    expect(reading.map((p) => p.bytesRead)).toEqual([...reading.map((p) => p.bytesRead)].sort((a, b) => a - b));
    expect(reading[0]!.bytesRead).toBeLessThan(file.length);
    expect(seen.at(-1)).toEqual({ phase: 'saving', bytesRead: file.length, rowsRead: 20000 });
  });

  it('reports how much of a workbook\'s sheet is read, which the bytes received (all of them, first) cannot say', async () => {
    const userId = await buildUser(t.db);
    const path = join(mkdtempSync(join(tmpdir(), 'progress-')), 'big.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
    const sheet = workbook.addWorksheet('Leads');
    sheet.addRow(['Phone', 'Notes']).commit();
    // Notes that do not compress, so that the sheet is far larger than what the reader reads ahead.
    for (let i = 0; i < 30_000; i++) sheet.addRow([`+1415${5_000_000 + i}`, randomBytes(90).toString('base64')]).commit();
    sheet.commit();
    await workbook.commit();
    const seen: Array<{ phase: string; rowsRead: number; sheetRead?: number }> = [];
    const small = new ContactImportService(t.db, clock, { maxBytes: 64 * 1024 * 1024, batchSize: 1000 });
    await small.run({ userId, listName: 'X', fileName: 'big.xlsx', source: path, existing: 'skip', onProgress: (p) => seen.push({ ...p }) });
    const fractions = seen.filter((p) => p.phase === 'reading').map((p) => p.sheetRead);
    expect(fractions.every((fraction) => fraction !== undefined && fraction >= 0 && fraction <= 1)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a! - b!));
    expect(fractions[0]).toBeLessThan(0.5);
    expect(fractions.at(-1)).toBe(1);
    expect(new Set(fractions).size).toBeGreaterThan(3);
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it('refuses an empty file with a stable error code and stores nothing', async () => {
    const userId = await buildUser(t.db);
    await expect(service.run({ userId, listName: 'E', fileName: 'e.csv', source: bytes(Buffer.from('\n\n')), existing: 'skip' })).rejects.toMatchObject({
      code: 'IMPORT_EMPTY_FILE',
    });
    expect(await count('SELECT count(*) AS n FROM contact_lists WHERE user_id = $1', [userId])).toBe(0);
  });
});
