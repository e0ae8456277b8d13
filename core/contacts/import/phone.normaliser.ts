import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isValidE164 } from './e164-validity.js';
import { withoutTextMarker } from './identity.normaliser.js';

const SHAPE_PREFIX = 5;
// Of national numbers from every country read as if a "+" was dropped, those of 10 digits made 180 valid wrong
// numbers out of 4,900 (the United States and its neighbours, China, Colombia); of 11 digits and more, 20 (China).
const MIN_INTERNATIONAL_WITHOUT_PLUS = 11;
// With a country, a number this long that is valid as an international one is read so (foreign numbers without
// "+" in a German list: 0 of 1,220 read right before, 460 after; national ones of every country kept).
const MIN_ABROAD_IN_COUNTRY = 12;
const CACHE_LIMIT = 100_000;

interface Shape {
  /** Leading digits of the input to drop. */
  strip: number;
  /** What replaces them: `+` and the country calling code. */
  prefix: string;
}

/**
 * Phone numbers to E.164 with libphonenumber-js (default "min" metadata), made cheap for big files.
 * Parsing text is the library's expensive step (~10 µs); checking a ready E.164 number is far cheaper
 * (`isValidE164`: the library's `PhoneNumber.isValid()` rules with compiled patterns). So the first valid
 * number of each "shape" (scope = `+` or the country, first {@link SHAPE_PREFIX} digits, digit count) is
 * fully parsed, and the rewrite it took (drop k leading digits — `+`, a national prefix like RU `8` or
 * DE `0` — and prepend `+cc`) is remembered; later numbers of that shape are rewritten and checked that
 * way (same country choice and digit patterns). Numbers failing that fast check get a full parse, so no
 * valid number is lost; known invalid inputs are remembered. A unit test compares the result with a full
 * parse for hundreds of thousands of numbers from every country.
 * One instance per thread; not shared.
 */
export class PhoneNormaliser {
  private readonly shapes = new Map<string, Shape>();
  private readonly invalid = new Set<string>();
  /** Full library parses made, for measurements and tests. */
  libraryCalls = 0;

  /** E.164 for a number written with `+`/`00` or nationally in `country`; null when not a valid number. */
  normalise(value: string, country: CountryCode | null): string | null {
    const extracted = extractDigits(value);
    if (extracted === null) return null;
    let { digits, international } = extracted;
    // Without a country "00" can only be the international prefix; with one the library knows its own.
    if (!international && country === null && digits.startsWith('00')) {
      digits = digits.slice(2);
      international = true;
    }
    if (digits.length < 4 || digits.length > 17) return null;
    const scope = international ? '+' : (country ?? '?');
    const shapeKey = `${scope}${digits.slice(0, SHAPE_PREFIX)}/${digits.length}`;
    const shape = this.shapes.get(shapeKey);
    if (shape !== undefined) {
      const candidate = shape.prefix + digits.slice(shape.strip);
      if (isValidE164(candidate)) return candidate;
    }
    const exactKey = `${scope}${digits}`;
    if (this.invalid.has(exactKey)) return null;
    const parsed = this.viaLibrary(digits, international, country);
    if (parsed === null) {
      if (this.invalid.size >= CACHE_LIMIT) this.invalid.clear();
      this.invalid.add(exactKey);
      return null;
    }
    const learnt = learnShape(digits, parsed, international);
    if (learnt !== null && shape === undefined) {
      if (this.shapes.size >= CACHE_LIMIT) this.shapes.clear();
      this.shapes.set(shapeKey, learnt);
    }
    return parsed.number;
  }

  private viaLibrary(digits: string, international: boolean, country: CountryCode | null): Parsed | null {
    this.libraryCalls++;
    if (international) return this.parse(`+${digits}`, undefined);
    // No country: only a number of 11 digits and more is taken for one whose "+" was dropped (`79161234567`).
    // Shorter ones are mostly national numbers that would become valid numbers elsewhere ("(646) 200-1000" in
    // New York as +64 New Zealand): better unread, with the reason, than sent to a stranger.
    if (country === null) return digits.length >= MIN_INTERNATIONAL_WITHOUT_PLUS ? this.parse(`+${digits}`, undefined) : null;
    // "4915112345678" in a German list is "+49 151 …" whose "+" a spreadsheet dropped (Excel keeps "+49…" typed
    // in a cell as a number), though some numbering plans would also take it for a long national number
    // ("+49 4915112345678"): a number that begins with the country's own code and is valid so is taken so. So is
    // any number of 12 digits and more valid so ("+43 676 …" typed in a German sheet): national numbers written
    // without their trunk prefix are shorter, and Germany's plan would take every foreign number for its own.
    if (digits.length >= MIN_ABROAD_IN_COUNTRY || (digits.length >= 10 && digits.startsWith(getCountryCallingCode(country)))) {
      const abroad = this.parse(`+${digits}`, undefined);
      if (abroad !== null) return abroad;
    }
    // "79161234567" in a Russian list is international without its "+": try that when national fails. So is
    // "0049…" where the country dials abroad otherwise (the United States: 011): "00" is most of the world's prefix.
    return (
      this.parse(digits, country) ??
      (digits.length >= 10 ? this.parse(`+${digits}`, undefined) : null) ??
      (digits.startsWith('00') ? this.parse(`+${digits.slice(2)}`, undefined) : null)
    );
  }

  private parse(text: string, country: CountryCode | undefined): Parsed | null {
    const parsed = parsePhoneNumberFromString(text, country);
    if (parsed === undefined || !parsed.isValid()) return null;
    return { number: parsed.number, callingCode: parsed.countryCallingCode };
  }
}

interface Parsed {
  number: string;
  callingCode: string;
}

// The rewrite that turned `digits` into the number, when it is "drop k leading digits, prepend +cc".
// A national prefix dropped after a `+cc` (Gabon's "+241 0…") depends on later digits: not a shape.
function learnShape(digits: string, parsed: Parsed, international: boolean): Shape | null {
  const prefix = `+${parsed.callingCode}`;
  if (!parsed.number.startsWith(prefix)) return null;
  const national = parsed.number.slice(prefix.length);
  const strip = digits.length - national.length;
  if (strip < 0 || !digits.endsWith(national)) return null;
  if (international && strip !== parsed.callingCode.length) return null;
  return { strip, prefix };
}

/**
 * Whether a value is phone digits (6 to 15) written without `+` or `00` (`8 916 123-45-67`, `030 1234567`,
 * `79161234567`): read with the row's or default country, else only guessed (see `viaLibrary`).
 */
export function writtenWithoutCountryCode(value: string): boolean {
  const extracted = extractDigits(value);
  if (extracted === null || extracted.international) return false;
  const { digits } = extracted;
  return digits.length >= 6 && digits.length <= 15 && !digits.startsWith('00');
}

const PHONE_CHARS = /^\s*(\+)?[\d\s\-()./\u00a0]*$/;
const EXTENSION = /\s*(?:ext\.?|x|доб\.?|#)\s*\d+\s*$/i;
const NON_DIGITS = /\D+/g;
// What people write around a number: a label before it ("Tel: …", "моб. …"), a note in brackets after it
// ("… (work)"), the country code in brackets ("(+49) 30 …").
const LABEL_BEFORE = /^\s*(?:tel|tél|telephone|phone|ph|mob|mobile|cell|тел|телефон|моб|сот)(?:[.:]\s*|\s+)(?=[+(\d])/i;
const NOTE_AFTER = /\s*\([^()\d]*\)\s*$/;
const BRACKETED_CODE = /^\s*\(\s*\+\s*(\d{1,3})\s*\)/;
const NON_ASCII = /[^ -~]/;

/**
 * Digits of a phone written with spaces, dashes, dots, brackets, `tel:`, `+`, a leading `'`, a label before it or a
 * note after it, in any digits Unicode composes to ASCII (full-width); null if it has other letters.
 */
function extractDigits(value: string): { digits: string; international: boolean } | null {
  const unmarked = withoutTextMarker(NON_ASCII.test(value) ? value.normalize('NFKC') : value);
  let text = unmarked.startsWith('tel:') ? unmarked.slice(4) : unmarked;
  let match = PHONE_CHARS.exec(text);
  if (match === null) {
    text = text.replace(LABEL_BEFORE, '').replace(NOTE_AFTER, '').replace(BRACKETED_CODE, '+$1 ');
    match = PHONE_CHARS.exec(text);
  }
  if (match === null) {
    const extension = text.search(EXTENSION);
    if (extension <= 0) return null;
    text = text.slice(0, extension);
    match = PHONE_CHARS.exec(text);
    if (match === null) return null;
  }
  return { digits: text.replace(NON_DIGITS, ''), international: match[1] !== undefined };
}
