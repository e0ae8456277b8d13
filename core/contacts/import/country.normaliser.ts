import { getCountries, type CountryCode } from 'libphonenumber-js';

// Names Intl does not produce but people write (English and Russian), and ISO-3 codes seen in exports.
const ALIASES: Record<string, CountryCode> = {
  usa: 'US', 'united states of america': 'US', america: 'US', 'u s a': 'US', 'u s': 'US', сша: 'US', америка: 'US',
  uk: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', gbr: 'GB',
  англия: 'GB', британия: 'GB', 'соединенное королевство': 'GB',
  russia: 'RU', 'russian federation': 'RU', rus: 'RU', рф: 'RU', 'российская федерация': 'RU', россия: 'RU',
  беларусь: 'BY', белоруссия: 'BY', belarus: 'BY', blr: 'BY', ukraine: 'UA', ukr: 'UA', україна: 'UA',
  kazakhstan: 'KZ', kaz: 'KZ', қазақстан: 'KZ', deutschland: 'DE', deu: 'DE', ger: 'DE', germany: 'DE',
  fra: 'FR', espana: 'ES', españa: 'ES', esp: 'ES', italia: 'IT', ita: 'IT', holland: 'NL', nld: 'NL',
  uae: 'AE', оаэ: 'AE', emirates: 'AE', 'south korea': 'KR', korea: 'KR', 'республика корея': 'KR',
  'czech republic': 'CZ', чехия: 'CZ', turkey: 'TR', türkiye: 'TR', турция: 'TR', киргизия: 'KG',
  кыргызстан: 'KG', молдавия: 'MD', 'сербия': 'RS', 'грузия': 'GE', 'армения': 'AM', 'азербайджан': 'AZ',
};

function countryKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[.'’()]/g, ' ')
    .replace(/[\s\-_,]+/g, ' ')
    .trim();
}

let table: Map<string, CountryCode> | null = null;

function countryTable(): Map<string, CountryCode> {
  if (table !== null) return table;
  const built = new Map<string, CountryCode>();
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  const russian = new Intl.DisplayNames(['ru'], { type: 'region' });
  for (const code of getCountries()) {
    built.set(code.toLowerCase(), code);
    for (const names of [english, russian]) {
      const name = names.of(code);
      if (name !== undefined && name !== code) built.set(countryKey(name), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) built.set(countryKey(alias), code);
  table = built;
  return built;
}

const memo = new Map<string, CountryCode | null>();

/** ISO-2 code of a country written as a name (English or Russian), an alias, or an ISO-2/ISO-3 code. */
export function toCountryCode(value: string): CountryCode | null {
  if (value.length === 0 || value.length > 60) return null;
  const known = memo.get(value);
  if (known !== undefined) return known;
  const code = countryTable().get(countryKey(value)) ?? null;
  // Files repeat a handful of country spellings; the cap only guards against a column of junk.
  if (memo.size > 10_000) memo.clear();
  memo.set(value, code);
  return code;
}
