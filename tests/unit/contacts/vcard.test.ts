import { describe, expect, it } from 'vitest';
import { inspectContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import { parseProperty } from '../../../core/contacts/import/vcard-property.js';
import { fixture, importAll, source } from './helpers.js';

describe('vCard', () => {
  it('reads an iPhone export (3.0): grouped properties, preferred email, mobile first, folded notes, t.me URL', async () => {
    const inspection = await inspectContactFile(fixture('iphone.vcf'), { maxBytes: 1 << 20 });
    expect(inspection.info.format).toBe('vcard');
    const { drafts } = await importAll(fixture('iphone.vcf'));
    expect(drafts[0]).toMatchObject({
      rowNumber: 1, firstName: 'John', lastName: 'Appleseed', phone: '+14085550111', email: 'john@apple.example', username: 'johnny_apple',
      company: 'Apple Inc.', position: 'Senior Engineer', country: 'US', city: 'Cupertino',
    });
    expect(drafts[0]?.custom).toMatchObject({
      other_phones: '(408) 555-0100', other_emails: 'johnny@home.example', department: 'Engineering', middle_name: 'Q.',
      note: 'Prefers email, not calls. Best after 10am',
    });
    expect(drafts[1]).toMatchObject({ firstName: 'Анна', lastName: 'Кузнецова', phone: '+79210001122', country: 'RU', city: 'Санкт-Петербург' });
    expect(drafts[1]?.custom.note).toBe('Очень длинная заметка, которая была перенесена на следующую строку');
  });

  it('reads an Android export (2.1): quoted-printable UTF-8, soft line breaks, bare types, PREF', async () => {
    const { drafts, rejections } = await importAll(fixture('android.vcf'));
    expect(drafts[0]).toMatchObject({
      firstName: 'Пётр', lastName: 'Петров', displayName: 'Пётр Петров', phone: '+79031234567', email: 'petr@example.ru', company: 'ООО Ромашка',
      custom: { other_phones: '+74951234567', note: 'Длинная заметка на две строки' },
    });
    // A German national number takes its country from the card's address.
    expect(drafts[1]).toMatchObject({ rowNumber: 18, lastName: 'Schmidt', phone: '+49301234567', country: 'DE', city: 'Berlin' });
    expect(rejections).toEqual([expect.objectContaining({ rowNumber: 12, reason: 'INVALID_PHONE' })]);
  });

  it('reads vCard 4.0: tel: URIs, PREF=1, quoted TYPE lists, IMPP telegram', async () => {
    const { drafts } = await importAll(fixture('vcard4.vcf'));
    expect(drafts).toEqual([
      expect.objectContaining({
        firstName: 'Jane', lastName: 'Doe', phone: '+447911123456', username: 'jane_doe_uk', email: 'jane.doe@example.co.uk',
        company: 'Example Ltd.', position: 'CTO', country: 'GB', city: 'London', custom: { other_phones: '+44-20-7946-0958', name_prefix: 'Dr.', street: '10 Downing St', postal_code: 'SW1A 2AA' },
      }),
    ]);
  });

  it('keeps what address books store besides names and numbers, and finds Telegram wherever they keep it', async () => {
    const card = (lines: string[]): string => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n');
    const vcf = [
      card(['N:Petrova;Anna;;;', 'NICKNAME:Annie', 'TEL;type=CELL:+7 916 123-45-67', 'X-SOCIALPROFILE;type=telegram;x-user=anna_petrova:']),
      card(['N:Ivanov;Boris;;;', 'IMPP;X-SERVICE-TYPE=Telegram;type=pref:x-apple:boris_iv', 'URL;type=WORK:https://boris.example', 'URL:https://t.me/boris_iv']),
      card(['N:Li;Chen;;Dr.;Jr.', 'EMAIL:chen@example.com', 'IMPP:tg://resolve?domain=chen_li', 'ADR;type=HOME:;;1 Market St;San Francisco;CA;94105;USA']),
    ].join('\r\n');
    const { drafts } = await importAll(source(Buffer.from(vcf)));
    expect(drafts.map((d) => [d.firstName, d.username, d.city, d.country, d.custom])).toEqual([
      ['Anna', 'anna_petrova', null, null, { nickname: 'Annie' }],
      ['Boris', 'boris_iv', null, null, { website: 'https://boris.example' }],
      ['Chen', 'chen_li', 'San Francisco', 'US', { name_prefix: 'Dr.', name_suffix: 'Jr.', street: '1 Market St', region: 'CA', postal_code: '94105' }],
    ]);
  });

  it('decodes quoted-printable text in a legacy CHARSET', () => {
    const property = parseProperty('N;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:=C8=E2=E0=ED=EE=E2;=C8=E2=E0=ED');
    expect(property?.value).toBe('Иванов;Иван');
    expect(property?.name).toBe('N');
  });

  it('strips the group from grouped property names and keeps colons inside quoted parameters', () => {
    const property = parseProperty('item1.ADR;LABEL="Office: 2nd floor";TYPE=WORK:;;Main St 1;Springfield;;;USA');
    expect(property).toMatchObject({ name: 'ADR', value: ';;Main St 1;Springfield;;;USA' });
    expect(property?.params.get('TYPE')).toEqual(['WORK']);
  });
});
