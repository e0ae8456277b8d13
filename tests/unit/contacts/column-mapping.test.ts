import { describe, expect, it } from 'vitest';
import { detectMapping, setColumnTarget, assertValidMapping, type ColumnMapping } from '../../../core/contacts/import/column-mapping.js';
import { customKey } from '../../../core/contacts/import/custom-key.js';
import { locateHeader } from '../../../core/contacts/import/header-detector.js';
import { vcardMapping } from '../../../core/contacts/import/vcard.reader.js';
import { InvalidMappingError, NoRecognisableColumnsError } from '../../../core/contacts/import/import.errors.js';

const targets = (mapping: ColumnMapping): Record<string, string> =>
  Object.fromEntries(mapping.columns.map((column) => [column.header, column.target]));

describe('detectMapping', () => {
  it('recognises Russian headers', () => {
    const mapping = detectMapping(['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Эл. почта', 'Компания', 'Должность', 'Страна', 'Город', 'Телеграм', 'ФИО'], []);
    expect(targets(mapping)).toEqual({
      Фамилия: 'lastName', Имя: 'firstName', Отчество: 'custom', Телефон: 'phone', 'Эл. почта': 'email', Компания: 'company',
      Должность: 'position', Страна: 'country', Город: 'city', Телеграм: 'username', ФИО: 'fullName',
    });
  });

  it('recognises the export formats’ header names and ranks the mobile phone first', () => {
    const mapping = detectMapping(
      ['Phone 1 - Value', 'E-mail Address', 'Mobile Phone', 'Business Phone', 'Business Fax', 'Organization 1 - Name', 'Email Address', 'Position', 'Job Title', 'Title'],
      [],
    );
    expect(targets(mapping)).toMatchObject({
      'Phone 1 - Value': 'phone', 'E-mail Address': 'email', 'Mobile Phone': 'phone', 'Business Phone': 'phone', 'Business Fax': 'custom',
      'Organization 1 - Name': 'company', 'Email Address': 'email', Position: 'position', 'Job Title': 'position', Title: 'custom',
    });
    const phones = mapping.columns.filter((column) => column.target === 'phone').sort((a, b) => b.priority - a.priority);
    expect(phones[0]?.header).toBe('Mobile Phone');
  });

  it('recognises CRM exports whose headers qualify the field (Pipedrive, Salesforce, Bitrix24, amoCRM), ranked below the plain name', () => {
    expect(targets(detectMapping(['Person - Name', 'Person - Phone', 'Person - Email', 'Person - Organization', 'Person - Job title'], []))).toEqual({
      'Person - Name': 'fullName', 'Person - Phone': 'phone', 'Person - Email': 'email', 'Person - Organization': 'company', 'Person - Job title': 'position',
    });
    expect(targets(detectMapping(['Account Name', 'Mailing City', 'Mailing Country', 'Phone', 'Contact Owner', 'Lead Source'], []))).toEqual({
      'Account Name': 'company', 'Mailing City': 'city', 'Mailing Country': 'country', Phone: 'phone', 'Contact Owner': 'custom', 'Lead Source': 'custom',
    });
    const amo = detectMapping(['Полное имя контакта', 'Компания контакта', 'Рабочий телефон (контакт)', 'Мобильный телефон (контакт)', 'Рабочий email (контакт)', 'Ник в Telegram'], []);
    expect(targets(amo)).toEqual({
      'Полное имя контакта': 'fullName', 'Компания контакта': 'company', 'Рабочий телефон (контакт)': 'phone', 'Мобильный телефон (контакт)': 'phone',
      'Рабочий email (контакт)': 'email', 'Ник в Telegram': 'username',
    });
    const phones = amo.columns.filter((column) => column.target === 'phone').sort((a, b) => b.priority - a.priority);
    expect(phones[0]?.header).toBe('Мобильный телефон (контакт)');
    // A plain "Email" outranks a qualified one.
    const emails = detectMapping(['Рабочий e-mail', 'Email'], []).columns.sort((a, b) => b.priority - a.priority);
    expect(emails.map((column) => column.header)).toEqual(['Email', 'Рабочий e-mail']);
  });

  it('recognises phone, email and username columns by their content when headers say nothing', () => {
    const sample = [
      ['A', '+7 916 111-22-33', 'a@example.com', '@alpha_one', '1985-04-12'],
      ['B', '8 903 222 33 44', 'b@example.com', 't.me/bravo_two', '1990-01-01'],
      ['C', '', 'c@example.com', 'https://t.me/charlie3', '1979-12-31'],
    ];
    const mapping = detectMapping(['Who', 'Contact 1', 'Contact 2', 'Contact 3', 'When'], sample);
    expect(mapping.columns.map((column) => [column.target, column.detectedBy])).toEqual([
      ['custom', 'none'], ['phone', 'content'], ['email', 'content'], ['username', 'content'], ['custom', 'none'],
    ]);
  });

  it('names unmapped columns with template-friendly, unique custom keys', () => {
    const mapping = detectMapping(['Phone', 'Deal Stage', 'Стадия сделки', 'Deal stage', '№', ''], []);
    // A contact field's name is never a custom key (templates would show the field): a "Phone" column kept as a
    // custom field is `phone_2`, numbered past the file's own "Email 2".
    expect(mapping.columns.map((column) => column.customKey)).toEqual(['phone_2', 'deal_stage', 'stadiya_sdelki', 'deal_stage_2', 'column_5', 'column_6']);
    const withNumbered = detectMapping(['Email', 'Email 2', 'Company', 'Full name', 'Phone number'], []);
    expect(withNumbered.columns.map((column) => column.customKey)).toEqual(['email_3', 'email_2', 'company_2', 'full_name_2', 'phone_number']);
    expect(vcardMapping().columns.map((column) => column.customKey)).not.toContain('email');
    expect(customKey('Café Société', 0)).toBe('cafe_societe');
  });

  it('refuses a table where nothing identifies a person', () => {
    expect(() => detectMapping(['Product', 'Price'], [['Pen', '1.50']])).toThrow(NoRecognisableColumnsError);
  });

  it('survives a JSON round trip and lets the user re-target a column', () => {
    const mapping = detectMapping(['Name', 'Phone', 'Notes'], []);
    const copy = JSON.parse(JSON.stringify(mapping)) as ColumnMapping;
    const edited = setColumnTarget(copy, 2, 'ignore');
    expect(edited.columns[2]).toMatchObject({ target: 'ignore', detectedBy: 'user' });
    expect(mapping.columns[2]?.target).toBe('custom');
    expect(() => setColumnTarget(copy, 7, 'phone')).toThrow(InvalidMappingError);
    expect(() => assertValidMapping(setColumnTarget(copy, 1, 'ignore'))).toThrow(NoRecognisableColumnsError);
  });
});

describe('locateHeader', () => {
  const row = (rowNumber: number, ...values: string[]) => ({ rowNumber, values });

  it('skips preamble lines before the header', () => {
    const rows = [row(1, 'Notes:'), row(2, 'When exporting your connection data, …'), row(4, 'First Name', 'Last Name', 'Email Address'), row(5, 'A', 'B', 'a@b.cd')];
    expect(locateHeader(rows)).toEqual({ index: 2, dataStart: 3 });
  });

  it('sees that a file starts with data and has no header', () => {
    const rows = [row(1, 'Ivan', '+79161234567'), row(2, 'Anna', '+79031234567')];
    expect(locateHeader(rows)).toEqual({ index: -1, dataStart: 0 });
  });

  it('takes an unknown first row for a header when it holds no contact data', () => {
    const rows = [row(1, 'Kunde', 'Rufnummer'), row(2, 'Ivan', '+79161234567')];
    expect(locateHeader(rows)).toEqual({ index: 0, dataStart: 1 });
  });
});
