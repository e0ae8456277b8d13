import type { CountryCode } from 'libphonenumber-js';
import type { ColumnMapping } from './column-mapping.js';
import { toCountryCode } from './country.normaliser.js';
import { writtenWithoutCountryCode } from './phone.normaliser.js';
import { compilePlan } from './row.normaliser.js';
import { cleanText } from './text.normaliser.js';

/**
 * Whether the sample's phone numbers need a default country: some are written without `+` (`8 916 …`,
 * `030 …`, `79161234567`) in rows that name no country, and none is set. Without one, long numbers are taken for
 * international ones whose `+` was dropped (a guess) and the others cannot be read; asked before importing, so
 * the user sets it instead of finding rows rejected (or contacts unreachable) afterwards.
 */
export function phonesNeedCountry(mapping: ColumnMapping, sample: readonly (readonly string[])[], defaultCountry: CountryCode | null): boolean {
  if (defaultCountry !== null) return false;
  const plan = compilePlan(mapping, { defaultCountry: null });
  return sample.some((values) => {
    const country = plan.fields.country.map((source) => cleanText(values[source.index])).find((text) => text !== null);
    if (country !== undefined && country !== null && toCountryCode(country) !== null) return false;
    return plan.fields.phone.some((source) => {
      const value = cleanText(values[source.index]);
      return value !== null && writtenWithoutCountryCode(value);
    });
  });
}
