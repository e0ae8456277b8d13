import { IANAZone } from 'luxon';
import { CITY_ZONES } from './city-zones.data.js';
import { COUNTRY_ALIASES, COUNTRY_ZONES } from './country-zones.data.js';

/** What we may know about where a contact lives. */
export interface ContactPlace {
  /** IANA zone such as `Europe/Berlin`; wins when valid. */
  readonly timeZone?: string | null;
  /** ISO-2 code (`DE`), or the country's English or Russian name (`Germany`, `Германия`). */
  readonly country?: string | null;
  readonly city?: string | null;
}

/** Which piece of the contact's data decided the zone. */
export type ZoneSource = 'explicit' | 'city' | 'country' | 'fallback';

export interface ContactZone {
  readonly zone: string;
  readonly source: ZoneSource;
}

/**
 * Lower-cases, folds diacritics (`São` → `sao`, `ё` → `е`, `й` → `и`), turns punctuation and hyphens into
 * single spaces and drops a leading "г." / "город" / "city of", so that `г. Нью-Йорк` matches `нью иорк`.
 */
export function normalizePlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:г|город|city of) /u, '');
}

const zoneByCountry = new Map<string, string>(
  COUNTRY_ZONES.split(/\s+/u)
    .filter((pair) => pair.length > 0)
    .map((pair): [string, string] => {
      const colon = pair.indexOf(':');
      return [pair.slice(0, colon), pair.slice(colon + 1)];
    }),
);

// Country names come from ICU's display names so that we do not keep 500 names by hand.
const countryByName = buildCountryNames();

function buildCountryNames(): Map<string, string> {
  const names = new Map<string, string>();
  const locales = ['en', 'ru'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  for (const code of zoneByCountry.keys()) {
    for (const displayNames of locales) {
      const name = displayNames.of(code);
      if (name !== undefined && name !== code) names.set(normalizePlaceName(name), code);
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) names.set(normalizePlaceName(alias), code);
  return names;
}

const zoneByCountryCity = new Map<string, Map<string, string>>();
// City → zones over all countries, used only when the country is unknown and the name is unambiguous.
const zonesByCity = new Map<string, Set<string>>();

for (const [country, zones] of Object.entries(CITY_ZONES)) {
  const cities = new Map<string, string>();
  for (const [zone, list] of Object.entries(zones)) {
    for (const city of list.split(',')) {
      const key = normalizePlaceName(city);
      cities.set(key, zone);
      const seen = zonesByCity.get(key) ?? new Set<string>();
      seen.add(zone);
      zonesByCity.set(key, seen);
    }
  }
  zoneByCountryCity.set(country, cities);
}

/** ISO-2 code for a code or an English/Russian country name, or `undefined` when not recognised. */
export function countryCode(country: string): string | undefined {
  const trimmed = country.trim();
  if (/^[a-z]{2}$/iu.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (zoneByCountry.has(code)) return code;
  }
  return countryByName.get(normalizePlaceName(trimmed));
}

/** Whether `zone` is an IANA zone name that the runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Decides a contact's zone and says why: a valid explicit IANA zone wins; else a known city of the given
 * country (or, without a country, a city name that belongs to exactly one zone in our table); else the
 * country's zone (the capital's for countries with several); else `fallbackZone`.
 */
export function explainContactZone(place: ContactPlace, fallbackZone: string): ContactZone {
  const explicit = place.timeZone?.trim();
  if (explicit && isValidTimeZone(explicit)) return { zone: explicit, source: 'explicit' };

  const code = place.country ? countryCode(place.country) : undefined;
  const city = place.city ? normalizePlaceName(place.city) : '';
  if (city !== '') {
    const cityZone = code === undefined ? uniqueCityZone(city) : zoneByCountryCity.get(code)?.get(city);
    if (cityZone !== undefined) return { zone: cityZone, source: 'city' };
  }
  const countryZone = code === undefined ? undefined : zoneByCountry.get(code);
  if (countryZone !== undefined) return { zone: countryZone, source: 'country' };
  return { zone: fallbackZone, source: 'fallback' };
}

/** The IANA zone to use for a contact; see `explainContactZone` for the order of precedence. */
export function zoneForContact(place: ContactPlace, fallbackZone: string): string {
  return explainContactZone(place, fallbackZone).zone;
}

function uniqueCityZone(city: string): string | undefined {
  const zones = zonesByCity.get(city);
  if (zones?.size !== 1) return undefined;
  const [zone] = zones;
  return zone;
}
