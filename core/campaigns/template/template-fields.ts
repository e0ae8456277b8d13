import { FIELD_KEYS } from '../../contacts/contact-fields.js';

/** Contact fields every template may use, in `snake_case` as written in templates. */
export const STANDARD_FIELDS = FIELD_KEYS;

export type StandardField = (typeof STANDARD_FIELDS)[number];

const standardFields: ReadonlySet<string> = new Set(STANDARD_FIELDS);

/**
 * The values a template is rendered with. Custom columns are keyed by their normalised name
 * (see `normalizeFieldKey`); a standard field wins over a custom column of the same name.
 */
export interface TemplateContact {
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly company?: string | null;
  readonly position?: string | null;
  readonly city?: string | null;
  readonly country?: string | null;
  readonly username?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly custom?: Readonly<Record<string, string | null | undefined>>;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/u;

/** Whether `text` has the shape of a variable name (a letter, then letters, digits, underscores). */
export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

/**
 * The `snake_case` key under which a column is known to templates: trimmed, lower-case, runs of spaces,
 * hyphens and dots as one underscore (`"Deal Stage"` → `deal_stage`).
 */
export function normalizeFieldKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/gu, '_');
}

/** Whether `name` (already normalised) is one of `STANDARD_FIELDS`. */
export function isStandardField(name: string): name is StandardField {
  return standardFields.has(name);
}

/**
 * The value of field `name` (normalised) for `contact`, trimmed; `''` when missing or blank.
 * `full_name` joins first and last name.
 */
export function fieldValue(contact: TemplateContact, name: string): string {
  switch (name) {
    case 'first_name':
      return clean(contact.firstName);
    case 'last_name':
      return clean(contact.lastName);
    case 'full_name':
      return [clean(contact.firstName), clean(contact.lastName)].filter((part) => part !== '').join(' ');
    case 'company':
      return clean(contact.company);
    case 'position':
      return clean(contact.position);
    case 'city':
      return clean(contact.city);
    case 'country':
      return clean(contact.country);
    case 'username':
      return clean(contact.username);
    case 'phone':
      return clean(contact.phone);
    case 'email':
      return clean(contact.email);
    default:
      return customValue(contact.custom, name);
  }
}

function customValue(custom: TemplateContact['custom'], name: string): string {
  if (custom === undefined) return '';
  const direct = custom[name];
  if (direct !== undefined) return clean(direct);
  // Columns stored under their original spelling still match, at the cost of a scan.
  for (const [key, value] of Object.entries(custom)) {
    if (normalizeFieldKey(key) === name) return clean(value);
  }
  return '';
}

function clean(value: string | null | undefined): string {
  return value?.trim() ?? '';
}
