import { describe, expect, it } from 'vitest';
import { getCountries, getCountryCallingCode, getExampleNumber, PhoneNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { isValidE164 } from '../../../core/contacts/import/e164-validity.js';
import { seededRandom } from '../../../core/random.js';

// The library's own answer for a number written with "+": what `isValidE164` must reproduce.
function libraryAnswer(candidate: string): boolean {
  try {
    return new PhoneNumber(candidate).isValid();
  } catch {
    return false;
  }
}

describe('isValidE164', () => {
  it.each([
    ['+79161234567', true],
    ['+14155550132', true],
    ['+442079460958', true],
    ['+49301234567', true],
    ['+7916123456', false],
    ['+0123456789', false],
    ['+7', false],
    ['+', false],
    ['79161234567', false],
    ['+7 916 123 45 67', false],
    ['+999123456789', false],
  ] as const)('answers %s with %s', (candidate, expected) => {
    expect(isValidE164(candidate)).toBe(expected);
    expect(libraryAnswer(candidate)).toBe(expected);
  });

  it('agrees with the library for numbers of every calling code, valid and not', () => {
    const random = seededRandom(7);
    const codes = new Set(getCountries().map((country) => getCountryCallingCode(country)));
    // Non-geographic codes (satellite, universal freephone) and codes no country has.
    for (const code of ['800', '808', '870', '878', '881', '882', '883', '888', '979', '999', '42', '0']) codes.add(code);
    const candidates: string[] = [];
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const national: string = example.nationalNumber;
      // Example numbers with their tails changed keep most of them valid; others fall just outside the patterns.
      for (let i = 0; i < 60; i += 1) {
        let digits = national.slice(0, random.int(0, national.length));
        const length = national.length + random.int(-2, 2);
        while (digits.length < length) digits += String(random.int(0, 9));
        candidates.push(`+${example.countryCallingCode}${digits}`);
      }
    }
    for (const code of codes) {
      for (let i = 0; i < 60; i += 1) {
        let digits = '';
        const length = random.int(0, 14);
        while (digits.length < length) digits += String(random.int(0, 9));
        candidates.push(`+${code}${digits}`);
      }
    }
    const mismatches = candidates.filter((candidate) => isValidE164(candidate) !== libraryAnswer(candidate));
    const valid = candidates.filter(libraryAnswer).length;

    expect(mismatches).toEqual([]);
    expect(candidates.length).toBeGreaterThan(25_000);
    // Both kinds are well represented, so agreeing is not agreeing on "no" alone.
    expect(valid).toBeGreaterThan(3_000);
    expect(candidates.length - valid).toBeGreaterThan(3_000);
  });
});
