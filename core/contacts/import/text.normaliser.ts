const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;
// Control characters other than whitespace: junk from broken exports. PostgreSQL cannot store NUL at all (in text
// or JSON), so one NUL in a cell would fail the whole import.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

// `="0079161234567"`: a spreadsheet formula that only gives text, written by exports to keep leading zeros and `+`.
const FORMULA_TEXT = /^="((?:[^"]|"")*)"$/;

/**
 * Trims, collapses runs of whitespace to one space, drops other control characters, replaces lone surrogates and
 * applies Unicode NFC; empty text becomes null. A formula that only gives text (`="+7 916…"`) becomes that text.
 */
export function cleanText(cell: string | undefined): string | null {
  if (cell === undefined || cell.length === 0) return null;
  const formula = cell.charCodeAt(0) === 61 ? FORMULA_TEXT.exec(cell) : null;
  const value = formula === null ? cell : (formula[1] ?? '').replaceAll('""', '"');
  // One pass decides whether the (usual) plain value can be returned as it is.
  let messy = false;
  let nonAscii = false;
  let previousSpace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) messy = true;
      previousSpace = true;
    } else if (c < 32 || c === 127) {
      messy = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      if (c > 127) {
        nonAscii = true;
        if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) messy = true;
      }
    }
  }
  if (previousSpace) messy = true;
  let text = value;
  if (messy) {
    text = text.replace(CONTROLS, '').replace(SPACES, ' ').trim();
    if (text.length === 0) return null;
  }
  if (!nonAscii) return text;
  // A lone surrogate (from a spreadsheet's XML, say) becomes U+FFFD: JSON would carry it, and jsonb refuses it.
  return (text.isWellFormed() ? text : text.toWellFormed()).normalize('NFC');
}

/** First, last and (when given) middle name parts of a full name. */
export interface NameParts {
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
}

const PATRONYMIC = /(?:вич|вна|чна|ична|оглы|кызы)$/iu;

/**
 * Splits a cleaned full name: "Last, First" → by the comma; Russian "Фамилия Имя Отчество" and
 * "Имя Отчество Фамилия" → by the patronymic; otherwise the first word is the first name, or with
 * `surnameFirst` (a "ФИО" column) the last name, then the first name, then middle names.
 */
export function splitFullName(full: string, surnameFirst = false): NameParts {
  const comma = full.indexOf(',');
  if (comma > 0) {
    const last = cleanText(full.slice(0, comma));
    const rest = splitFullName(full.slice(comma + 1).trim());
    return { firstName: rest.firstName, lastName: last, middleName: rest.lastName };
  }
  const words = full.split(' ').filter((word) => word.length > 0);
  if (words.length === 0) return { firstName: null, lastName: null, middleName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null, middleName: null };
  if (words.length === 3) {
    const [a, b, c] = words as [string, string, string];
    if (PATRONYMIC.test(c)) return { firstName: b, lastName: a, middleName: c };
    if (PATRONYMIC.test(b)) return { firstName: a, lastName: c, middleName: b };
  }
  if (surnameFirst) return { firstName: words[1] ?? null, lastName: words[0] ?? null, middleName: words.length > 2 ? words.slice(2).join(' ') : null };
  return { firstName: words[0] ?? null, lastName: words.slice(1).join(' '), middleName: null };
}

// Titles before a name and letters after it, compared without case and trailing dot. "Sr" is a suffix at the end
// ("John Smith Sr.") and a prefix at the start ("Sr. Juan Pérez").
const NAME_PREFIXES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'srta', 'г-н', 'г-жа']);
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'ph.d', 'md', 'm.d', 'mba', 'esq', 'cpa']);
const honorific = (word: string): string => word.toLowerCase().replace(/[.,]+$/, '');

/** A full name's parts, with the title before it and the letters after it, when it has them. */
export interface TitledNameParts extends NameParts {
  /** "Dr.", "Prof. Dr." */
  prefix: string | null;
  /** "Jr.", "PhD" */
  suffix: string | null;
}

/**
 * Splits a cleaned full name as {@link splitFullName} does, after taking off a title before it ("Dr. John Smith",
 * "Smith, Dr. John") and letters after it ("John Smith, Jr.", "Anna Lee PhD"), so that neither becomes a first or
 * last name. A title with one word is a surname ("Mr. Smith").
 */
export function splitTitledName(full: string, surnameFirst = false): TitledNameParts {
  const words = full.split(' ').filter((word) => word.length > 0);
  const suffix: string[] = [];
  while (words.length > 2 && NAME_SUFFIXES.has(honorific(words.at(-1)!))) suffix.unshift(words.pop()!);
  if (suffix.length > 0 && words.at(-1)!.endsWith(',')) words[words.length - 1] = words.at(-1)!.slice(0, -1);
  // A title leads the name, or the first name after "Last,".
  const comma = words.findIndex((word) => word.endsWith(','));
  const titleAt = comma >= 0 && comma < words.length - 2 ? comma + 1 : 0;
  const prefix: string[] = [];
  while (words.length - titleAt > 1 && NAME_PREFIXES.has(honorific(words[titleAt]!))) prefix.push(...words.splice(titleAt, 1));
  const parts = splitFullName(words.join(' '), surnameFirst);
  const titled = prefix.length > 0 && words.length === 1;
  return {
    ...(titled ? { firstName: null, lastName: parts.firstName, middleName: null } : parts),
    prefix: prefix.length > 0 ? prefix.join(' ') : null,
    suffix: suffix.length > 0 ? suffix.join(' ') : null,
  };
}

/** "First Last", or whichever part exists, or null. */
export function joinDisplayName(firstName: string | null, lastName: string | null): string | null {
  if (firstName !== null && lastName !== null) return `${firstName} ${lastName}`;
  return firstName ?? lastName;
}
