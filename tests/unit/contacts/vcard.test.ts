import { describe, expect, it } from 'vitest';
import { inspectContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import { parseProperty } from '../../../core/contacts/import/vcard-property.js';
import { fixture, importAll } from './helpers.js';

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
        company: 'Example Ltd.', position: 'CTO', country: 'GB', city: 'London', custom: { other_phones: '+44-20-7946-0958' },
      }),
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
