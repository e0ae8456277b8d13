import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inspectContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import { chunked, fixture, importAll, source } from './helpers.js';

const limit = { maxBytes: 1024 * 1024 };

describe('exports of address books and spreadsheets', () => {
  it('imports a Google Contacts CSV: mobile first, other values kept as custom fields', async () => {
    const { drafts } = await importAll(fixture('google-contacts.csv'));
    expect(drafts).toHaveLength(3);
    expect(drafts[0]).toMatchObject({
      rowNumber: 2, firstName: 'Alice', lastName: 'Walker', displayName: 'Alice Walker', phone: '+14155550132',
      email: 'alice.walker@acme.example', company: 'Acme Corp', position: 'Head of Sales', country: 'US', city: 'San Francisco', reachable: true,
    });
    expect(drafts[0]?.custom).toMatchObject({ phone_2_value: '(415) 555-0199', e_mail_2_value: 'alice@home.example', birthday: '1985-04-12' });
    // Google joins several numbers in one cell with " ::: ": the first is the phone, the others are kept.
    expect(drafts[1]).toMatchObject({ rowNumber: 5, phone: '+79161234567', country: 'RU', city: 'Москва', custom: { phone_1_value: '+7 495 765-43-21' } });
    expect(drafts[2]).toMatchObject({ firstName: 'Chen', phone: null, email: 'chen@li-trading.example', reachable: false });
  });

  it('imports an Outlook CSV in Windows-1252: accents intact, fax not taken for a phone, job title as position', async () => {
    const inspection = await inspectContactFile(fixture('outlook-1252.csv'), limit);
    expect(inspection.info).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ',' });
    const { drafts } = await importAll(fixture('outlook-1252.csv'));
    expect(drafts[0]).toMatchObject({
      firstName: 'José', lastName: 'Müller', company: 'Café Société GmbH', position: 'Geschäftsführer', phone: '+4915123456789',
      email: 'jose.mueller@cafe.example', country: 'DE', city: 'Düsseldorf',
    });
    expect(drafts[0]?.custom).toMatchObject({ business_fax: '+49 211 9999999', title: 'Mr.', notes: 'Möchte Angebot — bis Freitag' });
    // A national French number takes its country from the row.
    expect(drafts[1]).toMatchObject({ firstName: 'Zoë', lastName: 'Brontë', phone: '+33612345678', country: 'FR' });
  });

  it('imports a LinkedIn Connections export past its "Notes:" preamble', async () => {
    const inspection = await inspectContactFile(fixture('linkedin-connections.csv'), limit);
    expect(inspection.headerRowNumber).toBe(4);
    expect(inspection.headers).toEqual(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On']);
    const { drafts, rejections } = await importAll(fixture('linkedin-connections.csv'));
    expect(drafts.map((draft) => [draft.rowNumber, draft.email, draft.reachable])).toEqual([
      [5, 'maria.gonzalez@example.com', false],
      [7, 'olga@example.ru', false],
    ]);
    expect(drafts[0]?.company).toBe('Globex, S.A.');
    expect(drafts[1]).toMatchObject({ firstName: 'Ольга', position: 'Менеджер по продукту', custom: { url: 'https://www.linkedin.com/in/olga-smirnova' } });
    expect(rejections).toEqual([{ rowNumber: 6, reason: 'NO_IDENTIFIER', values: expect.arrayContaining(['Tom', 'Baker']) as unknown }]);
  });

  it('imports a Russian Excel CSV (semicolons, Windows-1251) with Russian headers', async () => {
    const inspection = await inspectContactFile(fixture('excel-ru-1251.csv'), limit);
    expect(inspection.info).toMatchObject({ encoding: 'windows-1251', delimiter: ';' });
    const { drafts, rejections } = await importAll(fixture('excel-ru-1251.csv'), { defaultCountry: 'RU' });
    expect(drafts[0]).toMatchObject({
      firstName: 'Иван', lastName: 'Иванов', phone: '+79161234567', email: 'ivanov@example.ru', company: 'ООО "Ромашка"',
      position: 'Директор', country: 'RU', city: 'Москва', custom: { otchestvo: 'Иванович', stadiya_sdelki: 'Переговоры' },
    });
    expect(drafts[1]).toMatchObject({ lastName: 'Петрова', phone: '+375291234567', company: 'ИП "Петрова"', country: 'BY' });
    // No country in the row: the user's default country reads the national number.
    expect(drafts[2]).toMatchObject({ firstName: 'Пётр', phone: '+79161112233', country: null });
    expect(rejections).toEqual([{ rowNumber: 5, reason: 'NO_IDENTIFIER', values: ['Без', 'Телефона', '', '', '', '', '', '', '', ''] }]);
  });

  it('imports Excel "Unicode text" (UTF-16 LE with BOM, tabs) without mangling any script', async () => {
    const { drafts } = await importAll(fixture('excel-unicode-text.txt'));
    expect(drafts.map((draft) => [draft.firstName, draft.lastName, draft.phone])).toEqual([
      ['Åsa', 'Öberg', '+46701234567'],
      ['Łukasz', 'Żółć', '+48601234567'],
      ['山田', '太郎', '+819012345678'],
    ]);
  });
});

describe('cells as people and other tools write them', () => {
  it('takes a phone from the Telegram column, an address from "Name <address>", and text from text markers and formulas', async () => {
    const csv = [
      'ФИО,Телефон,Telegram,Email',
      'Петрова Анна,,+7 916 123-45-67,Anna Petrova <Anna@Example.com>',
      'Сидоров Пётр,,https://t.me/+79161234568,',
      "Орлов Иван,'+7 916 123-45-69,'@ivan_orlov,",
      'Кузнецов Олег,+7 916 123-45-70,+7 916 000-00-01,',
      'Ким Ирина,,79161234571,',
      'Лин Дора,"=""0079161234572""",,',
      // A bare number of up to 10 digits there is more likely a Telegram user id than a phone: not taken.
      'Ли Вэй,,5012345678,wei@example.com',
    ].join('\r\n');
    const { drafts, rejections } = await importAll(source(Buffer.from(csv)));
    expect(rejections).toEqual([]);
    expect(drafts.map((d) => [d.firstName, d.lastName, d.phone, d.username, d.email, d.custom])).toEqual([
      ['Анна', 'Петрова', '+79161234567', null, 'anna@example.com', {}],
      ['Пётр', 'Сидоров', '+79161234568', null, null, {}],
      ['Иван', 'Орлов', '+79161234569', 'ivan_orlov', null, {}],
      // The contact has a phone: the other number stays, as a custom field.
      ['Олег', 'Кузнецов', '+79161234570', null, null, { telegram: '+7 916 000-00-01' }],
      ['Ирина', 'Ким', '+79161234571', null, null, {}],
      ['Дора', 'Лин', '+79161234572', null, null, {}],
      ['Вэй', 'Ли', null, null, 'wei@example.com', { telegram: '5012345678' }],
    ]);
    // "Имя Фамилия" names the other order.
    const named = await importAll(source(Buffer.from('Имя Фамилия,Телефон\r\nАнна Петрова,+7 916 123-45-67\r\n')));
    expect(named.drafts[0]).toMatchObject({ firstName: 'Анна', lastName: 'Петрова' });
  });
});

describe('cells with several identifiers', () => {
  it('says when a phone is written without a country code and no country is known for it', async () => {
    const csv = 'Name,Phone,Country\r\nAnna,8 916 123-45-67,\r\nBob,030 1234567,Germany\r\nCid,12,\r\nDan,+49 170 1234567,\r\n';
    const { drafts, rejections } = await importAll(source(Buffer.from(csv)), { defaultCountry: null });
    // Bob's row names its country; "12" is no number in any country.
    expect(rejections.map((rejection) => [rejection.rowNumber, rejection.reason])).toEqual([
      [2, 'PHONE_WITHOUT_COUNTRY'],
      [4, 'INVALID_PHONE'],
    ]);
    expect(drafts.map((draft) => draft.phone)).toEqual(['+49301234567', '+491701234567']);
    // With a default country the same number is read.
    const withCountry = await importAll(source(Buffer.from(csv)), { defaultCountry: 'RU' });
    expect(withCountry.drafts[0]).toMatchObject({ firstName: 'Anna', phone: '+79161234567' });
  });

  it('says when a spreadsheet shortened a phone to scientific notation, which no number can be made of', async () => {
    const csv = 'Name;Phone;Email\r\nAnna;4,91701E+11;\r\nBob;7.91612E+10;bob@example.com\r\nCid;+49 170 1234567;\r\n';
    const { drafts, rejections } = await importAll(source(Buffer.from(csv)));
    expect(rejections.map((rejection) => [rejection.rowNumber, rejection.reason])).toEqual([[2, 'ROUNDED_PHONE']]);
    // With an email the row is kept, its shortened number too.
    expect(drafts.map((draft) => [draft.phone, draft.email, draft.custom])).toEqual([
      [null, 'bob@example.com', { phone_2: '7.91612E+10' }],
      ['+491701234567', null, {}],
    ]);
  });

  it('takes the first valid number or address of a cell and keeps the others', async () => {
    const csv = 'Name,Email,Phone\r\nAnna,"nope; anna@x.com; anna@y.com",+1 415 555 0132\r\nBob,"bob@x.com, bob@y.com","+1 415 555 0133 ::: +1 415 555 0134"\r\n';
    const { drafts } = await importAll(source(Buffer.from(csv)));
    expect(drafts.map((d) => [d.email, d.phone, d.custom])).toEqual([
      ['anna@x.com', '+14155550132', { email_2: 'nope, anna@y.com' }],
      ['bob@x.com', '+14155550133', { email_2: 'bob@y.com', phone_2: '+1 415 555 0134' }],
    ]);
    // A display name with a comma is one address, not two.
    const named = await importAll(source(Buffer.from('Name,Email,Phone\r\nAnna,"""Petrova, Anna"" <anna@example.com>",+1 415 555 0132\r\n')));
    expect(named.drafts.map((d) => [d.email, d.custom])).toEqual([['anna@example.com', {}]]);
  });
});

describe('names', () => {
  it('keeps the titles and letters of a full name as custom fields, not as first or last names', async () => {
    const csv = 'Full Name,Phone,Name Prefix\r\nDr. John Smith,+1 415 555 0132,\r\nMs. Anna Lee-Park Jr.,+1 415 555 0133,\r\nMr. Smith,+1 415 555 0134,Mister\r\n';
    const { drafts } = await importAll(source(Buffer.from(csv)));
    expect(drafts.map((d) => [d.firstName, d.lastName, d.displayName, d.custom])).toEqual([
      ['John', 'Smith', 'John Smith', { name_prefix: 'Dr.' }],
      ['Anna', 'Lee-Park', 'Anna Lee-Park', { name_prefix: 'Ms.', name_suffix: 'Jr.' }],
      // The file's own column wins over the title taken off the name.
      [null, 'Smith', 'Smith', { name_prefix: 'Mister' }],
    ]);
  });
});

describe('encodings and dialects', () => {
  const text = 'ФИО;Телефон;Email\r\nТумáнов Ёжик;+7 916 123-45-67;ezhik@example.ru\r\nÆsa;+46 70 123 45 67;\r\n';
  const expected = [['Ёжик', 'Тумáнов', '+79161234567'], ['Æsa', null, '+46701234567']];
  const read = async (bytes: Buffer) => (await importAll(chunked(bytes, 5))).drafts.map((d) => [d.firstName, d.lastName, d.phone]);

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16 LE without BOM', Buffer.from(text, 'utf16le')],
    ['UTF-16 BE with BOM', iconv.encode(text, 'utf16-be', { addBOM: true })],
    ['UTF-16 BE without BOM', iconv.encode(text, 'utf16-be')],
  ])('reads %s, fed five bytes at a time', async (_name, bytes) => {
    expect(await read(bytes)).toEqual(expected);
  });

  it('detects Windows-1252 and Windows-1251 without being told', async () => {
    const western = 'Name,Phone,Email\r\nFrançois Gérard,+33 6 12 34 56 78,francois@example.fr\r\nRenée Çelik,+90 532 123 45 67,\r\n';
    expect((await importAll(source(iconv.encode(western, 'win1252')))).drafts.map((d) => d.displayName)).toEqual([
      'François Gérard',
      'Renée Çelik',
    ]);
    const russian = 'Фамилия;Имя;Телефон\r\nСмирнова;Екатерина;+7 903 765-43-21\r\nКозлов;Дмитрий;+7 926 111-22-33\r\n';
    expect((await importAll(source(iconv.encode(russian, 'win1251')))).drafts.map((d) => d.displayName)).toEqual(['Екатерина Смирнова', 'Дмитрий Козлов']);
  });

  it('reads a short Russian list in Windows-1251 as Russian, which chardet alone takes for Hebrew', async () => {
    const russian = 'ФИО;Телефон;Город\r\nШубин Юрий;+7 916 100-45-67;Москва\r\nЦой Эдуард;+7 916 101-45-67;Сочи\r\n';
    const bytes = iconv.encode(russian, 'win1251');
    expect((await inspectContactFile(source(bytes), limit)).info.encoding).toBe('windows-1251');
    expect((await importAll(source(bytes))).drafts.map((d) => [d.lastName, d.firstName, d.city])).toEqual([
      ['Шубин', 'Юрий', 'Москва'],
      ['Цой', 'Эдуард', 'Сочи'],
    ]);
  });

  it('reads Central European lists in Windows-1250 as written, also where a Western reading spells words too', async () => {
    // Read as Windows-1252, "Jiří Dvořák" is "Jiøí Dvoøák" and "Győr" is "Gyõr": letters of some language each,
    // but no language's together.
    const czech = 'Name,Phone,Note\r\nJiří Dvořák,+420601234567,Jméno\r\n';
    expect((await inspectContactFile(source(iconv.encode(czech, 'win1250')), limit)).info.encoding).toBe('windows-1250');
    expect((await importAll(source(iconv.encode(czech, 'win1250')))).drafts.map((d) => d.displayName)).toEqual(['Jiří Dvořák']);
    const hungarian = 'Name,Phone,City\r\nKovács Péter,+36 20 123 4567,Győr\r\nSzabó Éva,+36 30 765 4321,Pécs\r\nTóth Ödön,+36 70 111 2222,Kecskemét\r\n';
    expect((await importAll(source(iconv.encode(hungarian, 'win1250')))).drafts.map((d) => [d.displayName, d.city])).toEqual([
      ['Kovács Péter', 'Győr'],
      ['Szabó Éva', 'Pécs'],
      ['Tóth Ödön', 'Kecskemét'],
    ]);
    // ISO-8859-2 (older Linux and web exports), whose ś, ź and ą are elsewhere, stays itself.
    const polish = 'Name,Phone\r\nŚwiątek Ząbkowska,+48501234567\r\nŹdziebło Łoś,+48501234568\r\n';
    expect((await importAll(source(iconv.encode(polish, 'iso-8859-2')))).drafts.map((d) => d.displayName)).toEqual(['Świątek Ząbkowska', 'Ździebło Łoś']);
    expect((await importAll(source(iconv.encode(polish, 'win1250')))).drafts.map((d) => d.displayName)).toEqual(['Świątek Ząbkowska', 'Ździebło Łoś']);
  });

  it('detects the Mac code pages Excel for Mac saves "Comma Separated Values" in (Mac Roman, Mac Cyrillic)', async () => {
    // Old Macs also end lines with a lone CR.
    const western = 'Prénom;Nom;Téléphone\rJosé;Müller;+33 6 12 34 56 78\rFrançoise;Gaëlle à l’Été;+33 6 98 76 54 32\r';
    const macRoman = iconv.encode(western, 'macintosh');
    expect((await inspectContactFile(source(macRoman), limit)).info.encoding).toBe('macintosh');
    expect((await importAll(source(macRoman))).drafts.map((d) => [d.firstName, d.lastName, d.phone])).toEqual([
      ['José', 'Müller', '+33612345678'],
      ['Françoise', 'Gaëlle à l’Été', '+33698765432'],
    ]);
    const russian = 'Имя;Фамилия;Телефон\rАнна;Петрова;+7 916 123-45-67\rЯна;Юрьева;+7 903 111-22-33\r';
    expect((await importAll(source(iconv.encode(russian, 'maccyrillic')))).drafts.map((d) => [d.firstName, d.lastName, d.phone])).toEqual([
      ['Анна', 'Петрова', '+79161234567'],
      ['Яна', 'Юрьева', '+79031112233'],
    ]);
    // The Windows code pages stay what they are, curly quotes and dashes included.
    const quotes = 'Name,Phone,Note\r\nRenée O’Brien,+353 85 123 4567,“VIP” – call Müller\r\n';
    expect((await inspectContactFile(source(iconv.encode(quotes, 'win1252')), limit)).info.encoding).toBe('windows-1252');
  });

  it('reads pipe-delimited files and quoted fields with embedded newlines', async () => {
    const csv = 'name|phone|note\n"Smith | John"|+1 415 555 0132|"line one\nline two"\n';
    const { drafts } = await importAll(source(Buffer.from(csv)));
    expect(drafts[0]).toMatchObject({ firstName: 'Smith', lastName: '| John', phone: '+14155550132', custom: { note: 'line one line two' } });
  });

  it('maps a headerless file from its content', async () => {
    const csv = 'Ivan Petrov,+79161234567,@ivan_petrov\nAnna Smirnova,+79031234567,@anna_smirnova\n';
    const inspection = await inspectContactFile(source(Buffer.from(csv)), limit);
    expect(inspection.headerRowNumber).toBeNull();
    expect(inspection.mapping.columns.map((column) => column.target)).toEqual(['custom', 'phone', 'username']);
    const { drafts } = await importAll(source(Buffer.from(csv)));
    expect(drafts.map((draft) => [draft.rowNumber, draft.phone, draft.username])).toEqual([
      [1, '+79161234567', 'ivan_petrov'],
      [2, '+79031234567', 'anna_smirnova'],
    ]);
  });

  it('reads the fixture bytes exactly as the files on disk', async () => {
    const fromPath = await importAll(fixture('excel-ru-1251.csv'), { defaultCountry: 'RU' });
    const fromStream = await importAll(chunked(readFileSync(fixture('excel-ru-1251.csv')), 3), { defaultCountry: 'RU' });
    expect(fromStream.drafts).toEqual(fromPath.drafts);
  });
});
