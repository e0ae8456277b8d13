import { describe, expect, it } from 'vitest';
import {
  countryCode,
  explainContactZone,
  normalizePlaceName,
  zoneForContact,
} from '../../../core/contacts/time-zone/zone-for-contact.js';

const FALLBACK = 'Europe/Lisbon';

describe('zoneForContact', () => {
  it('uses a valid explicit IANA zone even when country and city say otherwise', () => {
    expect(
      explainContactZone({ timeZone: 'Asia/Tokyo', country: 'US', city: 'Chicago' }, FALLBACK),
    ).toEqual({ zone: 'Asia/Tokyo', source: 'explicit' });
  });

  it('ignores an explicit zone that is not a real IANA zone and falls through to the city', () => {
    expect(
      explainContactZone({ timeZone: 'Mars/Olympus', country: 'BR', city: 'Manaus' }, FALLBACK),
    ).toEqual({ zone: 'America/Manaus', source: 'city' });
  });

  it('maps a single-zone country given by ISO code, English name or Russian name', () => {
    expect(zoneForContact({ country: 'de' }, FALLBACK)).toBe('Europe/Berlin');
    expect(zoneForContact({ country: 'Germany' }, FALLBACK)).toBe('Europe/Berlin');
    expect(zoneForContact({ country: 'Германия' }, FALLBACK)).toBe('Europe/Berlin');
  });

  it('uses the capital zone of a multi-zone country when the city is unknown', () => {
    expect(zoneForContact({ country: 'Russia' }, FALLBACK)).toBe('Europe/Moscow');
    expect(zoneForContact({ country: 'USA', city: 'Smallville' }, FALLBACK)).toBe('America/New_York');
    expect(zoneForContact({ country: 'Australia' }, FALLBACK)).toBe('Australia/Sydney');
    expect(zoneForContact({ country: 'Canada' }, FALLBACK)).toBe('America/Toronto');
  });

  it('refines a multi-zone country by a major city written in English or Russian', () => {
    expect(zoneForContact({ country: 'US', city: 'Los Angeles' }, FALLBACK)).toBe('America/Los_Angeles');
    expect(zoneForContact({ country: 'США', city: 'Чикаго' }, FALLBACK)).toBe('America/Chicago');
    expect(zoneForContact({ country: 'Россия', city: 'г. Новосибирск' }, FALLBACK)).toBe('Asia/Novosibirsk');
    expect(zoneForContact({ country: 'RU', city: 'Екатеринбург' }, FALLBACK)).toBe('Asia/Yekaterinburg');
    expect(zoneForContact({ country: 'Brazil', city: 'São Paulo' }, FALLBACK)).toBe('America/Sao_Paulo');
    expect(zoneForContact({ country: 'Kazakhstan', city: 'Актобе' }, FALLBACK)).toBe('Asia/Aqtobe');
  });

  it('finds a city without a country only when the name belongs to one zone', () => {
    expect(explainContactZone({ city: 'Нью-Йорк' }, FALLBACK)).toEqual({ zone: 'America/New_York', source: 'city' });
    expect(explainContactZone({ city: 'Springfield' }, FALLBACK)).toEqual({ zone: FALLBACK, source: 'fallback' });
  });

  it('scopes a city name to the given country rather than guessing across countries', () => {
    // Victoria is listed for Canada only; in Australia it is a state, so the country default applies.
    expect(zoneForContact({ country: 'AU', city: 'Victoria' }, FALLBACK)).toBe('Australia/Sydney');
    expect(zoneForContact({ country: 'CA', city: 'Victoria' }, FALLBACK)).toBe('America/Vancouver');
  });

  it('falls back when nothing is known or the country is not recognised', () => {
    expect(explainContactZone({}, FALLBACK)).toEqual({ zone: FALLBACK, source: 'fallback' });
    expect(explainContactZone({ country: 'Atlantis' }, FALLBACK)).toEqual({ zone: FALLBACK, source: 'fallback' });
  });
});

describe('countryCode', () => {
  it('recognises common aliases and rejects unknown two-letter codes', () => {
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('Великобритания')).toBe('GB');
    expect(countryCode('Turkey')).toBe('TR');
    expect(countryCode('ZZ')).toBeUndefined();
  });
});

describe('normalizePlaceName', () => {
  it('folds case, diacritics, punctuation and the Russian city prefix', () => {
    expect(normalizePlaceName('  г. Нью-Йорк ')).toBe('нью иорк');
    expect(normalizePlaceName('São  Paulo')).toBe('sao paulo');
    expect(normalizePlaceName('Ёлкино')).toBe('елкино');
  });
});
