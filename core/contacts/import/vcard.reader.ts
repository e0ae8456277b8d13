import type { ColumnMapping, ColumnTarget, MappedColumn } from './column-mapping.js';
import type { RawRow } from './contact-draft.js';
import { customKeys } from './custom-key.js';
import { continuesQuotedPrintable, parseProperty, structured, unescapeText, type VcardProperty } from './vcard-property.js';

// The table a vCard file becomes: fixed columns with a fixed mapping.
const COLUMNS: ReadonlyArray<readonly [string, ColumnTarget, number]> = [
  ['Full name', 'fullName', 3],
  ['First name', 'firstName', 3],
  ['Last name', 'lastName', 3],
  ['Middle name', 'custom', 0],
  ['Name prefix', 'custom', 0],
  ['Name suffix', 'custom', 0],
  ['Nickname', 'custom', 0],
  ['Phone', 'phone', 3],
  ['Other phones', 'phone', 1],
  ['Email', 'email', 3],
  ['Other emails', 'email', 1],
  ['Telegram', 'username', 3],
  ['Company', 'company', 3],
  ['Department', 'custom', 0],
  ['Position', 'position', 3],
  ['Country', 'country', 3],
  ['City', 'city', 3],
  ['Street', 'custom', 0],
  ['Region', 'custom', 0],
  ['Postal code', 'custom', 0],
  ['Note', 'custom', 0],
  ['Birthday', 'custom', 0],
  ['Website', 'custom', 0],
];

/** Column headers of the table a vCard file is read into. */
export const VCARD_HEADERS: readonly string[] = COLUMNS.map(([header]) => header);

/** The mapping of {@link VCARD_HEADERS}; the user can still change it like any other. */
export function vcardMapping(): ColumnMapping {
  const keys = customKeys(VCARD_HEADERS);
  const columns: MappedColumn[] = COLUMNS.map(([header, target, priority], index) => ({
    index,
    header,
    target,
    customKey: keys[index]!,
    priority,
    detectedBy: 'header',
  }));
  return { hasHeader: true, columns };
}

/**
 * Streams vCard 2.1/3.0/4.0 text into rows of {@link VCARD_HEADERS}: folded lines, 2.1 quoted-printable
 * soft breaks, CHARSET, grouped properties (`item1.EMAIL`), several TEL/EMAIL ordered by PREF then mobile.
 * The row number is the line of the card's BEGIN.
 */
export async function* readVcards(text: AsyncIterable<string>, batchSize: number): AsyncGenerator<RawRow[]> {
  let rest = '';
  let lineNumber = 0;
  let logical: string | null = null;
  let logicalLine = 0;
  let card: { line: number; props: VcardProperty[] } | null = null;
  let batch: RawRow[] = [];

  const finishLogical = (): void => {
    if (logical === null) return;
    const line = logical;
    logical = null;
    const upper = line.slice(0, 12).toUpperCase();
    if (upper.startsWith('BEGIN:VCARD')) card = { line: logicalLine, props: [] };
    else if (upper.startsWith('END:VCARD')) {
      if (card !== null) batch.push({ rowNumber: card.line, values: cardToValues(card.props) });
      card = null;
    } else if (card !== null) {
      const property = parseProperty(line);
      if (property !== null) card.props.push(property);
    }
  };

  const feed = (line: string): void => {
    lineNumber++;
    if (logical !== null && (line.startsWith(' ') || line.startsWith('\t'))) {
      logical += line.slice(1);
      return;
    }
    if (logical !== null && continuesQuotedPrintable(logical)) {
      logical = logical.slice(0, -1) + line;
      return;
    }
    finishLogical();
    if (line.length === 0) return;
    logical = line;
    logicalLine = lineNumber;
  };

  for await (const chunk of text) {
    const data = rest + chunk;
    // A chunk ending in "\r" may be half of "\r\n": keep the last (possibly partial) line for later.
    const endsWithCr = data.endsWith('\r');
    const lines = (endsWithCr ? data.slice(0, -1) : data).split(/\r\n|\n|\r/);
    rest = (lines.pop() ?? '') + (endsWithCr ? '\r' : '');
    for (const line of lines) feed(line);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (rest.length > 0) feed(rest.replace(/\r$/, ''));
  finishLogical();
  if (batch.length > 0) yield batch;
}

function cardToValues(props: readonly VcardProperty[]): string[] {
  const values = new Map<string, string>();
  const set = (header: string, value: string | undefined): void => {
    const text = value?.trim();
    if (text !== undefined && text.length > 0 && !values.has(header)) values.set(header, text);
  };
  const byName = (name: string): VcardProperty[] => props.filter((prop) => prop.name === name);

  set('Full name', unescapeText(byName('FN')[0]?.value ?? ''));
  const n = byName('N')[0];
  if (n !== undefined) {
    const [family, given, additional, prefix, suffix] = structured(n.value);
    set('Last name', family);
    set('First name', given);
    set('Middle name', additional);
    set('Name prefix', prefix);
    set('Name suffix', suffix);
  }
  set('Nickname', unescapeText(byName('NICKNAME')[0]?.value ?? ''));
  const phones = ranked(byName('TEL')).map((prop) => unescapeText(prop.value).replace(/^tel:/i, ''));
  set('Phone', phones[0]);
  set('Other phones', phones.slice(1).join(', '));
  const emails = ranked(byName('EMAIL')).map((prop) => unescapeText(prop.value).replace(/^mailto:/i, ''));
  set('Email', emails[0]);
  set('Other emails', emails.slice(1).join(', '));
  set('Telegram', telegramOf(props));
  const org = byName('ORG')[0];
  if (org !== undefined) {
    const [company, department] = structured(org.value);
    set('Company', company);
    set('Department', department);
  }
  set('Position', unescapeText(byName('TITLE')[0]?.value ?? '') || unescapeText(byName('ROLE')[0]?.value ?? ''));
  for (const adr of ranked(byName('ADR'))) {
    // Post office box, extended address, street, locality, region, postal code, country.
    const [, , street, city, region, code, country] = structured(adr.value);
    set('Street', street);
    set('City', city);
    set('Region', region);
    set('Postal code', code);
    set('Country', country);
  }
  set('Note', unescapeText(byName('NOTE')[0]?.value ?? ''));
  set('Birthday', byName('BDAY')[0]?.value);
  const websites = byName('URL').map((prop) => unescapeText(prop.value).trim()).filter((url) => url.length > 0 && !TELEGRAM_LINK.test(url));
  set('Website', websites.join(', '));
  return VCARD_HEADERS.map((header) => values.get(header) ?? '');
}

// Preferred first (PREF type or PREF=1), then mobile numbers, then the rest in file order.
function ranked(props: readonly VcardProperty[]): VcardProperty[] {
  const rank = (prop: VcardProperty): number => {
    const types = prop.params.get('TYPE') ?? [];
    if (types.includes('PREF') || prop.params.has('PREF')) return 0;
    if (types.includes('CELL') || types.includes('MOBILE') || types.includes('IPHONE')) return 1;
    return 2;
  };
  return props
    .filter((prop) => prop.value.trim().length > 0)
    .map((prop, order) => ({ prop, order, rank: rank(prop) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((entry) => entry.prop);
}

const TELEGRAM_LINK = /(?:^|\/\/)(?:www\.)?(?:t\.me|telegram\.me)\//i;

// Where address books keep a Telegram username: `X-TELEGRAM`, a Telegram social profile (its link, else its
// `x-user`), an IMPP address (`tg:name`, `tg://resolve?domain=name`, or Apple's `x-apple:name` with
// `X-SERVICE-TYPE=Telegram`), a t.me link.
function telegramOf(props: readonly VcardProperty[]): string | undefined {
  for (const prop of props) {
    const value = unescapeText(prop.value).trim();
    const types = prop.params.get('TYPE') ?? [];
    if (prop.name === 'X-TELEGRAM') return value;
    // Parameter values come upper-cased; Telegram usernames ignore case.
    if (prop.name === 'X-SOCIALPROFILE' && types.includes('TELEGRAM')) return value || prop.params.get('X-USER')?.[0]?.toLowerCase();
    if (prop.name === 'IMPP') {
      if (/^tg:\/\/resolve\?/i.test(value)) return value;
      if (/^(?:x-)?(?:telegram|tg):/i.test(value)) return value.replace(/^(?:x-)?(?:telegram|tg):\/{0,2}/i, '');
      if (prop.params.get('X-SERVICE-TYPE')?.includes('TELEGRAM')) return value.replace(/^[a-z-]+:(?:\/\/)?/i, '');
    }
    if (prop.name === 'URL' && TELEGRAM_LINK.test(value)) return value;
  }
  return undefined;
}
