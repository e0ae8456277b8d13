import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { toCountryCode } from '../../../core/contacts/import/country.normaliser.js';
import { normaliseEmail, normaliseUsername } from '../../../core/contacts/import/identity.normaliser.js';
import { PhoneNormaliser } from '../../../core/contacts/import/phone.normaliser.js';
import { cleanText, joinDisplayName, splitFullName, splitTitledName } from '../../../core/contacts/import/text.normaliser.js';

describe('PhoneNormaliser', () => {
  it.each([
    ['+7 (916) 123-45-67', null, '+79161234567'],
    ['8 916 123 45 67', 'RU', '+79161234567'],
    ['79161234567', 'RU', '+79161234567'],
    ['(415) 555-0132', 'US', '+14155550132'],
    ['030 1234567', 'DE', '+49301234567'],
    ['0049 30 1234567', null, '+49301234567'],
    ['tel:+44-20-7946-0958', null, '+442079460958'],
    ['+1 415 555 0132 ext. 12', null, '+14155550132'],
    // A formula-safe export's text marker; "00" as the international prefix where the country's own is another.
    ["'+7 916 123-45-67", null, '+79161234567'],
    ['0049 30 1234567', 'US', '+49301234567'],
    // What people write around a number, and full-width digits.
    ['+44 (0)20 7946 0958', null, '+442079460958'],
    ['(+49) 30 1234567', null, '+49301234567'],
    ['Tel: +49 30 1234567', null, '+49301234567'],
    ['тел. 8 916 123-45-67', 'RU', '+79161234567'],
    ['+49 30 1234567 (work)', null, '+49301234567'],
    ['+１ ４１５ ５５５ ０１３２', null, '+14155550132'],
    // The country's own code whose "+" a spreadsheet dropped, where a long national number would also be valid.
    ['4915112345678', 'DE', '+4915112345678'],
    ['393331234567', 'IT', '+393331234567'],
    ['0151 12345678', 'DE', '+4915112345678'],
    // An Austrian and an Italian number whose "+" was dropped, in a German list (Germany's plan would take them).
    ['436761234567', 'DE', '+436761234567'],
    ['393331234567', 'DE', '+393331234567'],
    // No country: a long number is taken for one whose "+" was dropped.
    ['79161234567', null, '+79161234567'],
    ['4915112345678', null, '+4915112345678'],
  ] as const)('writes %j (country %s) as %s', (input, country, expected) => {
    expect(new PhoneNormaliser().normalise(input, country)).toBe(expected);
  });

  // No country, and too short to be taken for an international number: a New York number written nationally
  // would be a New Zealand one (+64 6200 1000).
  it.each([['(646) 200-1000', null], ['6462001000', null], ['112', 'RU'], ['call me', null], ['+7 916 12', null], ['555-0132', 'US'], ['Tel: call me', null], ['Fax: +49 30 1234567', null], ['(work)', null]] as const)(
    'rejects %j for country %s',
    (input, country) => {
      expect(new PhoneNormaliser().normalise(input, country)).toBeNull();
    },
  );

  it('answers numbers of a known shape without parsing them again', () => {
    const phones = new PhoneNormaliser();
    for (let i = 0; i < 200; i++) phones.normalise(`+7 916 ${String(1000000 + i * 37)}`, null);
    expect(phones.libraryCalls).toBe(1);
  });

  it('agrees with a full libphonenumber parse for numbers of every country, in every writing', () => {
    const random = seededRandom(42);
    const phones = new PhoneNormaliser();
    // The library's parse, and our rules for numbers without "+": 12 digits and more valid as international
    // ones are read so; else nationally; else, from 10 digits, internationally.
    const reference = (text: string, country: CountryCode | null): string | null => {
      const digits = text.replace(/\D/g, '');
      const abroad = parsePhoneNumberFromString(`+${digits}`);
      const international = abroad?.isValid() === true ? abroad.number : null;
      if (country !== null && !text.startsWith('+') && digits.length >= 12 && international !== null) return international;
      const parsed = parsePhoneNumberFromString(text, country ?? undefined);
      if (parsed?.isValid() === true) return parsed.number;
      if (country === null || text.startsWith('+') || digits.length < 10) return null;
      return international;
    };
    let compared = 0;
    const mismatches: string[] = [];
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const national: string = example.nationalNumber;
      for (let i = 0; i < 40; i++) {
        const keep = random.int(0, national.length);
        let digits = national.slice(0, keep);
        const length = national.length + random.int(-1, 1);
        while (digits.length < length) digits += String(random.int(0, 9));
        const cases: Array<[string, CountryCode | null]> = [
          [`+${example.countryCallingCode}${digits}`, null],
          [digits, country],
          [`0${digits}`, country],
          [`8${digits}`, country],
        ];
        for (const [text, scope] of cases) {
          compared++;
          const ours = phones.normalise(text, scope);
          const theirs = reference(text, scope);
          if (ours !== theirs) mismatches.push(`${text} ${scope}: ${ours} vs ${theirs}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(30_000);
    expect(mismatches).toEqual([]);
  });
});

describe('usernames and emails', () => {
  it.each([
    ['@durov_team', 'durov_team'],
    ['durov_team', 'durov_team'],
    ['t.me/durov_team', 'durov_team'],
    ['https://t.me/durov_team', 'durov_team'],
    ['http://telegram.me/Durov_Team/', 'Durov_Team'],
    ['https://t.me/durov_team?start=1', 'durov_team'],
    ["'@durov_team", 'durov_team'],
  ])('reads the Telegram username in %j', (input, expected) => {
    expect(normaliseUsername(input)).toBe(expected);
  });

  // Telegram usernames start with a letter: a number in the username column is a phone.
  it.each(['@abc', 'a'.repeat(33), 'https://t.me/+AbCdEf123', 'ivan petrov', '@имя_пользователя', '79161234567', '_durov_team', '1durov'])(
    'refuses %j as a username',
    (input) => {
      expect(normaliseUsername(input)).toBeNull();
    },
  );

  it('lower-cases valid emails and refuses malformed ones', () => {
    expect(normaliseEmail('Ivan.Petrov@Example.COM')).toBe('ivan.petrov@example.com');
    expect(normaliseEmail('mailto:Anna@Example.org')).toBe('anna@example.org');
    expect(normaliseEmail('иван@почта.рф')).toBe('иван@почта.рф');
    expect(normaliseEmail('Anna Petrova <Anna.Petrova@Example.com>')).toBe('anna.petrova@example.com');
    expect(normaliseEmail('"Petrova, Anna" <mailto:anna@example.com>')).toBe('anna@example.com');
    // A spreadsheet's text marker from a formula-safe export is not part of the address; one inside it is.
    expect(normaliseEmail("'Anna@Example.com")).toBe('anna@example.com');
    expect(normaliseEmail("o'brien@example.ie")).toBe("o'brien@example.ie");
    expect(normaliseEmail('Anna@Example.com.')).toBe('anna@example.com');
    expect(normaliseEmail('anna@example.com;')).toBe('anna@example.com');
    expect(normaliseEmail('<anna@example.com>')).toBe('anna@example.com');
    expect(normaliseEmail('Anna <not an address>')).toBeNull();
    for (const bad of ['a@b', 'a b@c.de', 'x.@y.ru', '.x@y.ru', 'a..b@c.de', 'no-at.example.com']) {
      expect(normaliseEmail(bad)).toBeNull();
    }
  });
});

describe('text, names and countries', () => {
  it('trims, collapses whitespace and composes Unicode to NFC without touching the letters', () => {
    expect(cleanText('  Иван \t  Петров\u00a0 ')).toBe('Иван Петров');
    expect(cleanText('Jose\u0301')).toBe('José');
    expect(cleanText('Jose\u0301')).toHaveLength(4);
    expect(cleanText('山田 太郎')).toBe('山田 太郎');
    expect(cleanText(' \u3000 ')).toBeNull();
    // A formula that only gives text, as exports write numbers that must keep their leading zeros or "+".
    expect(cleanText('="+7 916 123-45-67"')).toBe('+7 916 123-45-67');
    expect(cleanText('="Say ""hi"""')).toBe('Say "hi"');
    expect(cleanText('=""')).toBeNull();
    expect(cleanText('=SUM(A1:A2)')).toBe('=SUM(A1:A2)');
  });

  it('drops control characters other than whitespace (PostgreSQL cannot store NUL), keeping the text around them', () => {
    expect(cleanText('An\u0000na')).toBe('Anna');
    expect(cleanText('\u0001Bob\u007f \u001b[0m')).toBe('Bob [0m');
    expect(cleanText('line\u000bbreak\u000cfeed')).toBe('line break feed');
    expect(cleanText('\u0000\u0000')).toBeNull();
  });

  it('replaces a lone surrogate, which PostgreSQL cannot store in JSON, and keeps real pairs', () => {
    expect(cleanText('x\ud800y')).toBe('x\ufffdy');
    expect(cleanText('ok 👋')).toBe('ok 👋');
  });

  it('splits full names, including Russian name orders with a patronymic and "Last, First"', () => {
    expect(splitFullName('John Ronald Tolkien')).toEqual({ firstName: 'John', lastName: 'Ronald Tolkien', middleName: null });
    expect(splitFullName('Иванов Иван Иванович')).toEqual({ firstName: 'Иван', lastName: 'Иванов', middleName: 'Иванович' });
    expect(splitFullName('Анна Сергеевна Кузнецова')).toEqual({ firstName: 'Анна', lastName: 'Кузнецова', middleName: 'Сергеевна' });
    expect(splitFullName('Walker, Alice')).toEqual({ firstName: 'Alice', lastName: 'Walker', middleName: null });
    expect(splitFullName('Madonna')).toEqual({ firstName: 'Madonna', lastName: null, middleName: null });
    // Surname first, as a "ФИО" column writes names even without a patronymic.
    expect(splitFullName('Петрова Анна', true)).toEqual({ firstName: 'Анна', lastName: 'Петрова', middleName: null });
    expect(splitFullName('Иванов Иван Иванович', true)).toEqual({ firstName: 'Иван', lastName: 'Иванов', middleName: 'Иванович' });
    expect(splitFullName('Ким Чен Ир', true)).toEqual({ firstName: 'Чен', lastName: 'Ким', middleName: 'Ир' });
    expect(joinDisplayName('Ivan', 'Petrov')).toBe('Ivan Petrov');
    expect(joinDisplayName(null, 'Petrov')).toBe('Petrov');
  });

  it('takes titles and letters off full names, so that "Hi {first_name}" never greets "Dr."', () => {
    const split = (full: string, surnameFirst = false) => {
      const { firstName, lastName, middleName, prefix, suffix } = splitTitledName(full, surnameFirst);
      return [firstName, lastName, middleName, prefix, suffix];
    };
    expect(split('Dr. John Smith')).toEqual(['John', 'Smith', null, 'Dr.', null]);
    expect(split('Prof. Dr. Hans Müller')).toEqual(['Hans', 'Müller', null, 'Prof. Dr.', null]);
    expect(split('John Smith, Jr.')).toEqual(['John', 'Smith', null, null, 'Jr.']);
    expect(split('Ms. Anna Lee-Park PhD')).toEqual(['Anna', 'Lee-Park', null, 'Ms.', 'PhD']);
    expect(split('Smith, Dr. John')).toEqual(['John', 'Smith', null, 'Dr.', null]);
    expect(split('Sr. Juan Pérez')).toEqual(['Juan', 'Pérez', null, 'Sr.', null]);
    expect(split('Henry Ford II')).toEqual(['Henry', 'Ford', null, null, 'II']);
    // A title with one word: the surname.
    expect(split('Mr. Smith')).toEqual([null, 'Smith', null, 'Mr.', null]);
    expect(split('г-жа Петрова Анна Сергеевна')).toEqual(['Анна', 'Петрова', 'Сергеевна', 'г-жа', null]);
    // Nothing to take off: as splitFullName; a lone title word stays a name.
    expect(split('Walker, Alice')).toEqual(['Alice', 'Walker', null, null, null]);
    expect(split('Петрова Анна', true)).toEqual(['Анна', 'Петрова', null, null, null]);
    expect(split('Anna Md')).toEqual(['Anna', 'Md', null, null, null]);
    expect(split('Sir')).toEqual(['Sir', null, null, null, null]);
  });

  it.each([
    ['Россия', 'RU'], ['РФ', 'RU'], ['Russian Federation', 'RU'], ['ru', 'RU'], ['United States', 'US'], ['USA', 'US'],
    ['США', 'US'], ['Германия', 'DE'], ['Deutschland', 'DE'], ['United Kingdom', 'GB'], ['Великобритания', 'GB'],
    ['Беларусь', 'BY'], ['Казахстан', 'KZ'], ['Türkiye', 'TR'], ['DEU', 'DE'],
  ])('reads the country %j as %s', (input, code) => {
    expect(toCountryCode(input)).toBe(code);
  });

  it('leaves unknown country text unrecognised', () => {
    expect(toCountryCode('Middle Earth')).toBeNull();
  });
});
