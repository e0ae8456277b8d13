import type { CountryCode } from 'libphonenumber-js';
import type { ColumnMapping } from './column-mapping.js';
import type { ContactDraft, ContactField, ImportBatch, RawRow, Rejection, RejectionReason } from './contact-draft.js';
import { toCountryCode } from './country.normaliser.js';
import { namesSurnameFirst } from './header-synonyms.js';
import { normaliseEmail, normaliseUsername } from './identity.normaliser.js';
import { PhoneNormaliser, writtenWithoutCountryCode } from './phone.normaliser.js';
import { cleanText, joinDisplayName, splitTitledName } from './text.normaliser.js';

/** What the normaliser needs besides the mapping; plain data, so it can be posted to a worker. */
export interface NormaliseOptions {
  /** Country for national phone numbers when the row names none (ISO-2). */
  defaultCountry?: CountryCode | null;
}

interface Source {
  index: number;
  key: string;
  /** A full name written surname first (by its header). */
  surnameFirst?: boolean;
}

/** The mapping compiled for the hot loop: per field, its columns in the order they are tried. */
export interface NormalisePlan {
  fields: Record<ContactField, Source[]>;
  custom: Source[];
  width: number;
  defaultCountry: CountryCode | null;
  phones: PhoneNormaliser;
}

// Several numbers or addresses in one cell: Google's " ::: ", commas, semicolons, new lines.
const MULTI = /\s*(?::::|[,;\n])\s*/;

/** Compiles a mapping once per thread. */
export function compilePlan(mapping: ColumnMapping, options: NormaliseOptions): NormalisePlan {
  const fields = Object.fromEntries(
    (['firstName', 'lastName', 'fullName', 'username', 'phone', 'email', 'company', 'position', 'country', 'city'] as const).map(
      (field) => [field, [] as Source[]],
    ),
  ) as Record<ContactField, Source[]>;
  const custom: Source[] = [];
  const ordered = [...mapping.columns].sort((a, b) => b.priority - a.priority || a.index - b.index);
  for (const column of ordered) {
    const source: Source = { index: column.index, key: column.customKey };
    if (column.target === 'fullName' && namesSurnameFirst(column.header)) source.surnameFirst = true;
    if (column.target === 'ignore') continue;
    if (column.target === 'custom') custom.push(source);
    else fields[column.target].push(source);
  }
  custom.sort((a, b) => a.index - b.index);
  const width = Math.max(0, ...mapping.columns.map((column) => column.index + 1));
  return { fields, custom, width, defaultCountry: options.defaultCountry ?? null, phones: new PhoneNormaliser() };
}

/** Normalises a batch of rows in order. */
export function normaliseRows(plan: NormalisePlan, rows: readonly RawRow[]): ImportBatch {
  const drafts: ContactDraft[] = [];
  const rejections: Rejection[] = [];
  for (const row of rows) {
    const result = normaliseRow(plan, row);
    if ('reason' in result) rejections.push(result);
    else drafts.push(result);
  }
  return { drafts, rejections };
}

/**
 * One row → a draft or a rejection; a pure function of (plan, row) apart from the phone caches.
 * Per field the first column with a usable value wins; other non-empty values of that field, unmapped
 * columns and values that failed validation all land in `custom`, so nothing the user wrote is lost.
 */
export function normaliseRow(plan: NormalisePlan, row: RawRow): ContactDraft | Rejection {
  const values = row.values;
  if (row.defect !== undefined) return reject(row, row.defect);
  if (values.length > plan.width && hasExtraValues(values, plan.width)) return reject(row, 'MALFORMED_ROW');
  const fields = plan.fields;
  const custom: Record<string, string> = {};

  const countryText = firstText(fields.country, values, custom);
  const countryCode = countryText === null ? null : toCountryCode(countryText);
  const found: Found = { invalid: null };
  const country = countryCode ?? plan.defaultCountry;
  let phone = firstValid(fields.phone, values, custom, 'INVALID_PHONE', found, plan, country);
  const username = firstValid(fields.username, values, custom, 'INVALID_USERNAME', found, plan, null);
  phone ??= phoneForUsername(fields.username, custom, plan, country);
  const email = firstValid(fields.email, values, custom, 'INVALID_EMAIL', found, plan, null);
  if (phone === null && username === null && email === null) return reject(row, found.invalid ?? 'NO_IDENTIFIER');

  let firstName = firstText(fields.firstName, values, custom);
  let lastName = firstText(fields.lastName, values, custom);
  const fullName = firstText(fields.fullName, values, custom);
  if (fullName !== null && firstName === null && lastName === null) {
    // The full name came from the first column that has one.
    const from = fields.fullName.find((source) => cleanText(values[source.index]) !== null);
    const parts = splitTitledName(fullName, from?.surnameFirst === true);
    firstName = parts.firstName;
    lastName = parts.lastName;
    if (parts.middleName !== null) custom.middle_name ??= parts.middleName;
    if (parts.prefix !== null) custom.name_prefix ??= parts.prefix;
    if (parts.suffix !== null) custom.name_suffix ??= parts.suffix;
  }
  for (const source of plan.custom) {
    const value = cleanText(values[source.index]);
    if (value !== null) custom[source.key] = value;
  }
  return {
    rowNumber: row.rowNumber,
    firstName,
    lastName,
    displayName: joinDisplayName(firstName, lastName) ?? fullName,
    phone,
    username,
    email,
    company: firstText(fields.company, values, custom),
    position: firstText(fields.position, values, custom),
    country: countryCode ?? countryText,
    city: firstText(fields.city, values, custom),
    custom,
    reachable: phone !== null || username !== null,
    problem: found.invalid,
  };
}

// The first validation failure of the row, reported when it ends up with no identifier at all.
interface Found {
  invalid: RejectionReason | null;
}

function hasExtraValues(values: readonly string[], width: number): boolean {
  for (let i = width; i < values.length; i++) if (values[i]!.trim().length > 0) return true;
  return false;
}

// An identifier taken from a cell, and what else the cell held (other numbers or addresses), as written.
interface Picked {
  value: string;
  rest: string | null;
}

function normaliseValue(reason: RejectionReason, value: string, plan: NormalisePlan, country: CountryCode | null): Picked | null {
  switch (reason) {
    case 'INVALID_PHONE':
      return pickFromCell(value, (part) => plan.phones.normalise(part, country));
    case 'INVALID_USERNAME': {
      const username = normaliseUsername(value);
      return username === null ? null : { value: username, rest: null };
    }
    case 'INVALID_EMAIL':
      return pickFromCell(value, normaliseEmail);
    case 'ROUNDED_PHONE':
    case 'PHONE_WITHOUT_COUNTRY':
    case 'NO_IDENTIFIER':
    case 'MALFORMED_ROW':
    case 'UNTERMINATED_QUOTE':
      return null;
  }
}

// A cell may hold several numbers or addresses: the first valid one is the contact's, the others are kept.
function pickFromCell(value: string, normalise: (part: string) => string | null): Picked | null {
  const direct = normalise(value);
  if (direct !== null) return { value: direct, rest: null };
  if (!MULTI.test(value)) return null;
  const parts = value.split(MULTI).filter((part) => part.length > 0);
  for (let i = 0; i < parts.length; i++) {
    const picked = normalise(parts[i]!);
    if (picked === null) continue;
    const rest = parts.filter((_, other) => other !== i);
    return { value: picked, rest: rest.length > 0 ? rest.join(', ') : null };
  }
  return null;
}

// A phone number where the username goes (`+7 916 123-45-67`, `t.me/+79161234567`; Telegram finds people by it
// too), kept aside as a custom value for not being a username: the contact's phone when it has none. Only when
// written like a phone: with `+`, separators or 11 digits and more, not as a bare Telegram user id (up to 10 digits).
const PHONE_LINK = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/(?=\+)/i;
const WRITTEN_AS_PHONE = /[+\s()-]|\d{11}/;

function phoneForUsername(sources: readonly Source[], custom: Record<string, string>, plan: NormalisePlan, country: CountryCode | null): string | null {
  for (const source of sources) {
    const value = custom[source.key]?.replace(PHONE_LINK, '');
    const e164 = value === undefined || !WRITTEN_AS_PHONE.test(value) ? null : plan.phones.normalise(value, country);
    if (e164 !== null) {
      delete custom[source.key];
      return e164;
    }
  }
  return null;
}

function reject(row: RawRow, reason: RejectionReason): Rejection {
  return { rowNumber: row.rowNumber, reason, values: row.values };
}

function firstText(sources: readonly Source[], values: readonly string[], custom: Record<string, string>): string | null {
  let found: string | null = null;
  for (const source of sources) {
    const value = cleanText(values[source.index]);
    if (value === null) continue;
    if (found === null) found = value;
    else if (value !== found) custom[source.key] = value;
  }
  return found;
}

// How a spreadsheet writes a number too long for its column (`4.91701E+11`, `7,91612E+10`).
const SCIENTIFIC = /^[+-]?\d(?:[.,]\d+)?E\+?\d+$/i;

// Why a phone could not be read, in the terms that tell the user what to change.
function phoneFailure(value: string, country: CountryCode | null): RejectionReason {
  if (SCIENTIFIC.test(value)) return 'ROUNDED_PHONE';
  if (country === null && writtenWithoutCountryCode(value)) return 'PHONE_WITHOUT_COUNTRY';
  return 'INVALID_PHONE';
}

// The first column whose value normalises wins; other non-empty values are kept as custom fields.
function firstValid(
  sources: readonly Source[],
  values: readonly string[],
  custom: Record<string, string>,
  reason: RejectionReason,
  found: Found,
  plan: NormalisePlan,
  country: CountryCode | null,
): string | null {
  let result: string | null = null;
  for (const source of sources) {
    const value = cleanText(values[source.index]);
    if (value === null) continue;
    const picked: Picked | null = result === null ? normaliseValue(reason, value, plan, country) : null;
    if (picked !== null) {
      result = picked.value;
      if (picked.rest !== null) custom[source.key] = picked.rest;
    } else {
      if (result === null) found.invalid ??= reason === 'INVALID_PHONE' ? phoneFailure(value, country) : reason;
      custom[source.key] = value;
    }
  }
  return result;
}
