import { ValidationError } from '../errors.js';
import { toCountryCode } from './import/country.normaliser.js';
import { normaliseEmail, normaliseUsername } from './import/identity.normaliser.js';
import { PhoneNormaliser } from './import/phone.normaliser.js';
import { cleanText } from './import/text.normaliser.js';
import type { CountryCode } from 'libphonenumber-js';

/** Fields of a contact a user can edit (plus custom fields, by key). */
export const EDITABLE_FIELDS = ['firstName', 'lastName', 'phone', 'username', 'email', 'company', 'position', 'country', 'city'] as const;

/** One of {@link EDITABLE_FIELDS}. */
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Column of each editable field, with its length limit. */
export const FIELD_COLUMNS: Record<EditableField, { column: string; max: number }> = {
  firstName: { column: 'first_name', max: 255 },
  lastName: { column: 'last_name', max: 255 },
  phone: { column: 'phone', max: 32 },
  username: { column: 'username', max: 64 },
  email: { column: 'email', max: 320 },
  company: { column: 'company', max: 255 },
  position: { column: 'position', max: 255 },
  country: { column: 'country', max: 64 },
  city: { column: 'city', max: 128 },
};

/** Stable codes for a value that does not fit its field (the bot words them). */
export type FieldProblem = 'INVALID_PHONE' | 'INVALID_USERNAME' | 'INVALID_EMAIL' | 'TOO_LONG' | 'INVALID_KEY' | 'FIELD_KEY';

/**
 * A contact's own fields as templates name them. No custom field takes one of these names: a template would show
 * the contact's field instead, and the custom field could never be used.
 */
export const FIELD_KEYS = ['first_name', 'last_name', 'full_name', 'company', 'position', 'city', 'country', 'username', 'phone', 'email'] as const;
const fieldKeys: ReadonlySet<string> = new Set(FIELD_KEYS);

/** A field value that failed validation; `problem` is stable. */
export class InvalidFieldValueError extends ValidationError {
  constructor(
    readonly field: string,
    readonly problem: FieldProblem,
  ) {
    super(`invalid value for ${field}: ${problem}`, [field, problem]);
  }
}

const phones = new PhoneNormaliser();

/** A searched text read as a phone number (`8 916 123-45-67` → `+79161234567`), or null when it is none. */
export function searchedPhone(text: string, defaultCountry: CountryCode | null): string | null {
  return phones.normalise(text, defaultCountry);
}

/**
 * Normalises what a user typed for a field the way an import would: phones to E.164 (national numbers
 * with `defaultCountry`), usernames without `@` (t.me links accepted), emails lower-cased, countries to
 * ISO-2 when recognised. Empty input clears the field (null).
 */
export function normaliseFieldValue(field: EditableField, input: string | null, defaultCountry: CountryCode | null): string | null {
  const text = input === null ? null : cleanText(input);
  if (text === null) return null;
  switch (field) {
    case 'phone': {
      const e164 = phones.normalise(text, defaultCountry);
      if (e164 === null) throw new InvalidFieldValueError(field, 'INVALID_PHONE');
      return e164;
    }
    case 'username': {
      const username = normaliseUsername(text);
      if (username === null) throw new InvalidFieldValueError(field, 'INVALID_USERNAME');
      return username;
    }
    case 'email': {
      const email = normaliseEmail(text);
      if (email === null) throw new InvalidFieldValueError(field, 'INVALID_EMAIL');
      return email;
    }
    case 'country':
      return toCountryCode(text) ?? limit(field, text);
    case 'firstName':
    case 'lastName':
    case 'company':
    case 'position':
    case 'city':
      return limit(field, text);
  }
}

function limit(field: EditableField, text: string): string {
  if (text.length > FIELD_COLUMNS[field].max) throw new InvalidFieldValueError(field, 'TOO_LONG');
  return text;
}

/** A tag as stored: trimmed, lower-case, 1–32 characters, no commas. */
export function normaliseTag(input: string): string {
  const tag = input.replace(/\s+/g, ' ').trim().toLowerCase();
  if (tag.length === 0 || tag.length > 32 || tag.includes(',')) throw new ValidationError('a tag has 1 to 32 characters and no commas');
  return tag;
}

/** A custom field key as templates use it: `[a-z][a-z0-9_]*`, up to 48 characters, not one of {@link FIELD_KEYS}. */
export function normaliseCustomKey(input: string): string {
  const key = input.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(key)) throw new InvalidFieldValueError('custom', 'INVALID_KEY');
  if (fieldKeys.has(key)) throw new InvalidFieldValueError('custom', 'FIELD_KEY');
  return key;
}
