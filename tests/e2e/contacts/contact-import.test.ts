import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';

const LEADS = Buffer.from(
  [
    'Name,Phone,Notes,Email',
    'Anna Petrova,+49 30 1234567,met at fair,anna@example.com',
    'Boris Ivanov,+1 415 555 0100,=HYPERLINK("http://evil"),',
    'Nobody,12,,',
    'Clara Schmidt,,vip,clara@example.com',
  ].join('\n'),
);

describe('importing contacts through the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  interface Row {
    first_name: string | null;
    phone: string | null;
    email: string | null;
    custom: Record<string, string>;
    reachable: boolean;
  }
  const rows = async (telegramId: number): Promise<Row[]> =>
    (
      await t.app.db.pool.query<Row>(
        `SELECT c.first_name, c.phone, c.email, c.custom, c.reachable FROM contacts c JOIN users u ON u.id = c.user_id
         WHERE u.telegram_id = $1 ORDER BY c.id`,
        [telegramId],
      )
    ).rows;

  /** From the mapping screen on: continue, name a new list, keep existing contacts; the summary's text. */
  const importIntoNewList = async (user: ReturnType<TestApp['user']>, list: string): Promise<string> => {
    user.press('✅ Continue');
    await user.waitFor(/Which list should the contacts go into/);
    user.send(list);
    await user.waitFor(/already be in your contacts/);
    user.press('Keep mine as they are');
    return (await user.waitFor(/finished/, { timeoutMs: 15_000 })).text ?? '';
  };

  /** Sends a CSV, takes the proposed mapping and imports it into a new list; the summary's text. */
  const importCsv = async (user: ReturnType<TestApp['user']>, fileName: string, csv: string, list: string): Promise<string> => {
    user.upload(fileName, Buffer.from(csv));
    await user.waitFor(/Here is how I read the columns/);
    return importIntoNewList(user, list);
  };

  /** From anywhere: the main menu, the contacts section, then the user's only list. */
  const openOnlyList = async (user: ReturnType<TestApp['user']>, list: string, contacts: number): Promise<void> => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('👥 Contacts');
    await user.waitFor(new RegExp(`You have ${contacts} contacts in 1 lists`));
    user.press(`📋 ${list} (${contacts})`);
    await user.waitFor(new RegExp(`${list}(</b>)? — ${contacts} contacts`));
  };

  it('shows the mapping, lets the user change it, imports, and sends the summary and the rejected rows', async () => {
    const user = t.user({ id: 6001, first_name: 'Ira' });
    await registerUser(user);
    user.upload('leads.csv', LEADS);
    const mapping = await user.waitFor(/Here is how I read the columns/);
    expect(mapping.text).toContain('Anna Petrova');
    expect(user.buttons(mapping)).toEqual(expect.arrayContaining(['2. Phone → Phone', '3. Notes → {notes}', '✅ Continue']));
    user.press('3. Notes → {notes}');
    await user.waitFor(/What is column 3 “Notes”\?/);
    user.press('Ignore');
    const changed = await user.waitFor((m) => m.text?.includes('3. Notes → Ignore') === true);
    expect(user.buttons(changed)).toContain('3. Notes → Ignore');
    const summary = await importIntoNewList(user, 'Fair 2026');
    expect(summary).toMatch(/Imported: 3\nUpdated: 0\nDuplicates: 0\nInvalid: 1/);
    // Clara has only an email.
    expect(summary).toContain('One imported contact has only an email');
    const file = await user.waitFor((m) => m.document !== undefined);
    const csv = user.download(file).toString('utf8');
    expect(csv).toContain('the phone number is not valid');
    expect(csv).toContain('Nobody');
    expect(await rows(6001)).toEqual([
      { first_name: 'Anna', phone: '+49301234567', email: 'anna@example.com', custom: {}, reachable: true },
      { first_name: 'Boris', phone: '+14155550100', email: null, custom: {}, reachable: true },
      { first_name: 'Clara', phone: null, email: 'clara@example.com', custom: {}, reachable: false },
    ]);

    // The same file again into the same list with the same choices: nothing is duplicated, and the user is told so.
    user.upload('leads.csv', LEADS);
    await user.waitFor(/Here is how I read the columns/);
    user.press('3. Notes → {notes}');
    await user.waitFor(/What is column 3 “Notes”\?/);
    user.press('Ignore');
    await user.waitFor((m) => m.text?.includes('3. Notes → Ignore') === true);
    user.press('✅ Continue');
    await user.waitFor(/Which list/);
    user.press('Fair 2026');
    await user.waitFor(/already be in your contacts/);
    user.press('Keep mine as they are');
    const again = await user.waitFor(/already imported into “Fair 2026”/, { timeoutMs: 15_000 });
    expect(again.text).toContain('Imported: 0');
    expect(await rows(6001)).toHaveLength(3);
  });

  it('lists every column of a wide file a page at a time, so a column the short view leaves out can be mapped', async () => {
    const user = t.user({ id: 6008, first_name: 'Wim' });
    await registerUser(user);
    // 40 columns with values: the short view lists the first 30; the last one holds the employer.
    const header = ['Name', 'Phone', ...Array.from({ length: 37 }, (_, i) => `Extra ${i + 1}`), 'Zeta'];
    const row = (name: string, phone: string, employer: string) => [name, phone, ...Array.from({ length: 37 }, (_, i) => `x${i}`), employer].join(',');
    user.upload('wide.csv', Buffer.from([header.join(','), row('Dora Lind', '+1 415 555 0177', 'Acme GmbH'), row('Ola Berg', '+49 170 1234567', 'Berg AG')].join('\n')));
    const short = await user.waitFor(/Here is how I read the columns/);
    expect(short.text).toContain('10 more columns are not shown');
    expect(user.buttons(short)).not.toContain('40. Zeta → {zeta}');
    user.press('🔎 All columns (40)');
    const first = await user.waitFor(/Columns 1–30 of 40/);
    expect(user.buttons(first)).toEqual(expect.arrayContaining(['Next ›', 'Only the columns that matter']));
    expect(user.buttons(first)).not.toContain('‹ Prev');
    user.press('Next ›');
    const second = await user.waitFor(/Columns 31–40 of 40/);
    expect(user.buttons(second)).toContain('‹ Prev');
    user.press('40. Zeta → {zeta}');
    await user.waitFor(/What is column 40 “Zeta”\?/);
    user.press('Company');
    // Back on the page the user was on, with the column changed.
    const mapped = await user.waitFor((m) => user.buttons(m).includes('40. Zeta → Company'));
    expect(mapped.text).toMatch(/Columns 31–40 of 40/);
    user.press('Only the columns that matter');
    const back = await user.waitFor((m) => user.buttons(m).includes('40. Zeta → Company') && !/Columns 31/.test(m.text ?? ''));
    expect(back.text).toContain('more columns are not shown');
    expect(await importIntoNewList(user, 'Wide')).toMatch(/Imported: 2/);
    const stored = await t.app.db.pool.query<{ company: string | null }>(
      'SELECT c.company FROM contacts c JOIN users u ON u.id = c.user_id WHERE u.telegram_id = $1 ORDER BY c.id',
      [6008],
    );
    expect(stored.rows.map((r) => r.company)).toEqual(['Acme GmbH', 'Berg AG']);
  });

  it('opens a workbook at its first sheet with contacts and lets the user switch sheets', async () => {
    const user = t.user({ id: 6005, first_name: 'Vera' });
    await registerUser(user);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Read me').addRow(['Leads from the fair, partners on the last sheet']);
    workbook.addWorksheet('Leads').addRows([['Name', 'Phone'], ['Anna Petrova', '+49 30 1234567']]);
    workbook.addWorksheet('Partners').addRows([['Company', 'Email', 'Since'], ['Acme', 'hello@acme.example', new Date(Date.UTC(2021, 2, 1))]]);
    user.upload('fair.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const mapping = await user.waitFor(/Here is how I read the columns/);
    expect(mapping.text).toContain('Anna Petrova');
    user.press('📑 Sheet: Leads');
    await user.waitFor(/Which sheet should I import\?/);
    user.press('Partners');
    const partners = await user.waitFor((m) => m.text?.includes('hello@acme.example') === true);
    expect(user.buttons(partners)).toContain('📑 Sheet: Partners');
    expect(await importIntoNewList(user, 'Partners')).toMatch(/Imported: 1\nUpdated: 0\nDuplicates: 0\nInvalid: 0/);
    expect(await rows(6005)).toEqual([{ first_name: null, phone: null, email: 'hello@acme.example', custom: { since: '2021-03-01' }, reachable: false }]);
  });

  it('answers junk and empty-looking files with one clear message and stores nothing', async () => {
    const user = t.user({ id: 6002, first_name: 'Jo' });
    await registerUser(user);
    user.upload('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await user.waitFor(/does not look like a contact file \(png\)/);
    user.upload('notes.csv', Buffer.from('just some words\nand more words\n'));
    await user.waitFor(/could not find any column with phones/);
    // Telegram Desktop's export in its default format: told how to export what can be read.
    user.upload('contacts.html', Buffer.from('<!DOCTYPE html>\n<html>\n<head><title>Exported Data</title></head><body><div class="entry">Anna +7 916 123 4567</div></body></html>\n'));
    await user.waitFor(/This is a web page \(HTML\).*“Machine-readable JSON”/);
    expect(await rows(6002)).toEqual([]);
  });

  it('lets the user browse a list, open a card, opt a contact out, tag it and export the list as safe CSV', async () => {
    const user = t.user({ id: 6003, first_name: 'Max' });
    await registerUser(user);
    user.upload('leads.csv', LEADS);
    await user.waitFor(/Here is how I read the columns/);
    expect(await importIntoNewList(user, 'Team')).toMatch(/Imported: 3/);
    await openOnlyList(user, 'Team', 3);
    user.press('Boris Ivanov');
    await user.waitFor(/Phone: \+14155550100/);
    user.press('🚫 Mark opted out');
    await user.waitFor(/opted out, campaigns skip them/);
    user.press('🏷 Add tag');
    await user.waitFor(/Send the tag to add/);
    user.send('VIP');
    await user.waitFor(/Tags: vip/);
    user.press('✏️ Edit');
    await user.waitFor(/Which field of/);
    user.press('➕ Custom field');
    await user.waitFor(/Send the custom field as/);
    user.send('Email: boris@work.example');
    await user.waitFor(/the name of one of the contact's own fields/);
    user.send('Deal stage: warm');
    await user.waitFor(/Saved\.[\s\S]*deal_stage: warm/);
    // After an edit, and after taking a tag off, « Back still leads to the list the card was opened from.
    user.press('✖ vip');
    await user.waitFor((m) => /deal_stage: warm/.test(m.text ?? '') && !/Tags:/.test(m.text ?? ''));
    user.press('« Back');
    await user.waitFor(/Team — 3 contacts/);
    user.press('📤 Export CSV');
    const exported = await user.waitFor((m) => m.document !== undefined);
    const csv = user.download(exported).toString('utf8');
    expect(csv).toContain('warm');
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain('+14155550100');
  });

  it('says when duplicate rows carried other values, and shows them on the card as numbered fields', async () => {
    const user = t.user({ id: 6007, first_name: 'Dora' });
    await registerUser(user);
    const summary = await importCsv(user, 'twice.csv', 'Name,Phone,Email\nDora Lind,+1 415 555 0177,dora@work.example\nDora Lind,+1 (415) 555-0177,dora@home.example\n', 'Twice');
    expect(summary).toMatch(/Imported: 1\nUpdated: 0\nDuplicates: 1/);
    expect(summary).toContain('One contact had other values in its duplicate rows');
    await openOnlyList(user, 'Twice', 1);
    user.press('Dora Lind');
    await user.waitFor(/email_2: dora@home\.example/);
  });

  it('tells the user when a spreadsheet shortened phone numbers, and how to fix the export', async () => {
    const user = t.user({ id: 6010, first_name: 'Rena' });
    await registerUser(user);
    const summary = await importCsv(user, 'excel.csv', 'Name;Phone\r\nRena Lind;4,91701E+11\r\nOla Berg;+49 170 1234567\r\n', 'Shortened');
    expect(summary).toMatch(/Imported: 1\n/);
    expect(summary).toContain('Some phone numbers came shortened by a spreadsheet');
    const file = await user.waitFor((m) => m.document !== undefined);
    expect(user.download(file).toString('utf8')).toContain('a spreadsheet shortened the phone number');
  });

  it('warns before importing numbers without a country code, and imports them once the country is set', async () => {
    const user = t.user({ id: 6011, first_name: 'Olga' });
    await registerUser(user);
    const csv = 'Имя;Телефон\r\nАнна;8 916 123-45-67\r\nБорис;8 (916) 765-43-21\r\n';
    user.upload('moscow.csv', Buffer.from(csv));
    const screen = await user.waitFor(/Here is how I read the columns/);
    expect(screen.text).toContain('Some phone numbers have no country code');
    // Imported anyway: the rows are rejected with the reason, and the summary says what to do.
    const summary = await importIntoNewList(user, 'Moscow');
    expect(summary).toMatch(/Imported: 0\n/);
    expect(summary).toContain('no default country was set, so I could not read them');
    const file = await user.waitFor((m) => m.document !== undefined);
    expect(user.download(file).toString('utf8')).toContain('the phone number has no country code');
    // The same file again, with the country set on the first screen: the warning goes, the contacts come in.
    user.upload('moscow.csv', Buffer.from(csv));
    await user.waitFor(/Some phone numbers have no country code/);
    user.press('🌍 Default country: not set');
    await user.waitFor(/Send the country for phone numbers/);
    user.send('Россия');
    await user.waitFor(/Default country set to RU/);
    const fixed = await user.waitFor((m) => m.text?.includes('Here is how I read the columns') === true && user.buttons(m).includes('🌍 Default country: RU'));
    expect(fixed.text).not.toContain('no country code');
    user.press('✅ Continue');
    await user.waitFor(/Which list/);
    user.press('Moscow');
    await user.waitFor(/already be in your contacts/);
    user.press('Keep mine as they are');
    expect((await user.waitFor(/finished/, { timeoutMs: 15_000 })).text).toMatch(/Imported: 2\n/);
    expect((await rows(6011)).map((row) => row.phone)).toEqual(['+79161234567', '+79167654321']);
  });

  it('imports the contact list of a Telegram Desktop data export (result.json)', async () => {
    const user = t.user({ id: 6012, first_name: 'Tom' });
    await registerUser(user);
    const exported = JSON.stringify({
      about: 'Here is the data you requested.',
      contacts: { about: 'This is your contact list.', list: [{ first_name: 'Lena', last_name: 'Berg', phone_number: '+49 170 7654321', date: '2024-01-05T10:00:00' }] },
    });
    user.upload('result.json', Buffer.from(exported));
    const screen = await user.waitFor(/Here is how I read the columns/);
    expect(screen.text).toContain('(json)');
    expect(await importIntoNewList(user, 'Telegram')).toMatch(/Imported: 1\n/);
    expect((await rows(6012)).map((row) => [row.first_name, row.phone])).toEqual([['Lena', '+491707654321']]);
  });

  it('opens the card of a contact with many long custom fields within Telegram\'s message limit', async () => {
    const user = t.user({ id: 6006, first_name: 'Wim' });
    await registerUser(user);
    const fields = Array.from({ length: 40 }, (_, i) => `Field ${i + 1}`);
    const values = fields.map((_, i) => `${i + 1} `.padEnd(150, 'x'));
    user.upload('wide.csv', Buffer.from(`Name,Phone,${fields.join(',')}\nWide Person,+1 415 555 0199,${values.join(',')}\n`));
    await user.waitFor(/Here is how I read the columns/);
    expect(await importIntoNewList(user, 'Wide')).toMatch(/Imported: 1/);
    await openOnlyList(user, 'Wide', 1);
    user.press('Wide Person');
    const card = await user.waitFor(/Phone: \+14155550199/);
    expect(card.text).toContain('field_1: 1 xxx');
    expect(card.text).toMatch(/and \d+ more custom fields/);
    expect(card.text!.length).toBeLessThanOrEqual(4096);
  });
});

describe('contact files over the size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_IMPORT_FILE_MB: '1' } });
  });
  afterAll(async () => t.stop());

  it('tells the user the file is over the limit without downloading it', async () => {
    const user = t.user({ id: 6101, first_name: 'Big' });
    await registerUser(user);
    const big = Buffer.alloc(1536 * 1024, 'a,b\n');
    user.upload('big.csv', big);
    await user.waitFor(/This file is 1\.5 MB; the limit is 1 MB/);
    expect(t.emulator.callsOf('getFile')).toHaveLength(0);
  });
});
