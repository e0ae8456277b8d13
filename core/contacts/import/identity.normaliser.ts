// Telegram's rule: 5–32 of [A-Za-z0-9_], starting with a letter (so `79161234567` is a phone, not a username).
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;
const TME = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(?:s\/)?([^/?#\s]+)\/?(?:[?#].*)?$/i;
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(`^[^\\s@"(),:;<>[\\\\\\].][^\\s@"(),:;<>[\\\\\\]]*@(?:${LABEL}\\.)+\\p{L}{2,}$`, 'u');

/**
 * Extracts a Telegram username from `@name`, `name`, `t.me/name` or `https://t.me/name` (also
 * telegram.me); returns it without `@`, or null when it is not a valid username (5–32 of [A-Za-z0-9_],
 * starting with a letter). A leading `'` (a spreadsheet's text marker, added by formula-safe exports) is dropped.
 */
export function normaliseUsername(value: string): string | null {
  let text = withoutTextMarker(value.trim());
  const link = TME.exec(text);
  if (link !== null) text = link[1] ?? '';
  else if (text.startsWith('tg://resolve?domain=')) text = text.slice('tg://resolve?domain='.length).split('&')[0] ?? '';
  if (text.startsWith('@')) text = text.slice(1);
  return USERNAME.test(text) ? text : null;
}

const PLAIN_EMAIL = /^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

// An address after a display name, as mail programs copy it: `Anna Petrova <anna@example.com>`.
const NAMED_ADDRESS = /<([^<>]*)>$/;

/**
 * Lower-cases and validates an email; a `mailto:` prefix, a display name (`Anna <anna@example.com>`), a
 * spreadsheet's leading text marker (`'anna@example.com`) and punctuation after it are dropped; null when invalid.
 */
export function normaliseEmail(value: string): string | null {
  const lower = value.toLowerCase();
  // Nearly every address is plain ASCII: one regex settles it.
  if (lower.length <= 254 && PLAIN_EMAIL.test(lower)) return lower;
  let text = withoutTextMarker(value.trim());
  const named = NAMED_ADDRESS.exec(text);
  if (named !== null) text = (named[1] ?? '').trim();
  if (text.toLowerCase().startsWith('mailto:')) text = text.slice(7);
  // Punctuation an address copied from a sentence ends with ("write to anna@example.com.") is not part of it.
  text = text.toLowerCase().replace(/[.,;:!?]+$/, '');
  if (text.length > 254 || text.includes('..') || text.includes('.@')) return null;
  return EMAIL.test(text) ? text.normalize('NFC') : null;
}

/** `value` without a leading `'`: spreadsheets' mark for "text, not a formula", added by formula-safe exports. */
export function withoutTextMarker(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

const DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/;

/** Cheap shape tests used to recognise columns by their content. */
export const looksLike = {
  email: (value: string): boolean => value.includes('@') && normaliseEmail(value) !== null,
  username: (value: string): boolean =>
    (value.startsWith('@') || /t(?:elegram)?\.me\//i.test(value)) && normaliseUsername(value) !== null,
  phone: (value: string): boolean => {
    if (!/^[\s+()\-.\d]+$/.test(value) || DATE.test(value)) return false;
    const digits = value.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15;
  },
};
