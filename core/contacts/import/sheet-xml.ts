// Rewrites of SpreadsheetML parts for exceljs' streaming reader, which only knows unprefixed element names and
// keeps only the last text run of an inline string. They work on the part's bytes as latin1 text (one character
// per byte, so multi-byte UTF-8 cut between chunks passes through intact) and hold back the end of a chunk that
// may continue in the next one.

// SpreadsheetML's namespace, transitional and strict.
const SPREADSHEET_NAMESPACES = ['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main'];

/**
 * The prefix a part's root element gives SpreadsheetML, e.g. `x` for `<x:worksheet xmlns:x="…/main">` (as some
 * .NET libraries write workbooks), or null when its elements are unprefixed. `head` is the part's beginning.
 */
export function spreadsheetPrefix(head: string): string | null {
  const root = /<(?![?!])([^\s/>]+)([^>]*)>/.exec(head);
  if (root === null) return null;
  const [, name = '', attributes = ''] = root;
  const colon = name.indexOf(':');
  if (colon <= 0) return null;
  const prefix = name.slice(0, colon);
  const declared = new RegExp(`\\sxmlns:${escapeRegExp(prefix)}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  const namespace = declared === null ? null : (declared[1] ?? declared[2] ?? null);
  return namespace !== null && SPREADSHEET_NAMESPACES.includes(namespace) ? prefix : null;
}

/** The chunks of an XML part with `prefix` taken off element names (`<x:row>` → `<row>`, `</x:row>` → `</row>`). */
export function withoutElementPrefix(chunks: AsyncIterable<Buffer>, prefix: string): AsyncGenerator<Buffer> {
  const pattern = new RegExp(`<(/?)${escapeRegExp(prefix)}:`, 'g');
  const longest = prefix.length + 3;
  return rewritten(
    chunks,
    (text) => {
      const last = text.lastIndexOf('<');
      return last >= 0 && text.length - last < longest ? last : text.length;
    },
    (text) => text.replace(pattern, '<$1'),
  );
}

/** Whether a sheet's beginning shows inline strings (`t="inlineStr"`), which may come in several text runs. */
export function hasInlineStrings(head: string): boolean {
  return /\st\s*=\s*["']inlineStr["']/.test(head);
}

/**
 * The chunks of a (unprefixed) sheet with every inline string made of several text runs (`<is><r><t>+1 415
 * </t></r><r><t>555 0132</t></r></is>`) turned into one text (`<is><t>+1 415 555 0132</t></is>`); phonetic
 * runs (`<rPh>`) are left out. exceljs would keep only the last run.
 */
export function withFlatInlineStrings(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  return rewritten(
    chunks,
    (text) => {
      const open = text.lastIndexOf('<is>');
      if (open >= 0 && text.indexOf('</is>', open) < 0) return open;
      const last = text.lastIndexOf('<');
      return last >= 0 && text.length - last < '<is>'.length ? last : text.length;
    },
    (text) => text.replace(/<is>([\s\S]*?)<\/is>/g, (whole, inner: string) => (/<t[\s>/][\s\S]*<t[\s>/]|<rPh\b/.test(inner) ? flatInlineString(inner) : whole)),
  );
}

function flatInlineString(inner: string): string {
  return `<is><t xml:space="preserve">${runText(inner)}</t></is>`;
}

/**
 * The text of a rich text (the inside of an inline string `<is>` or shared string `<si>`) as XML text: its text
 * runs joined, phonetic runs (`<rPh>`) left out.
 */
export function runText(inner: string): string {
  const runs = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let text = '';
  for (const match of runs.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) text += match[1] ?? '';
  return text;
}

// The most held back at once: far more than any real tag or inline string (Excel caps a cell at 32,767
// characters), little enough that an element never closed cannot make memory grow with the part.
const MAX_HELD = 1024 * 1024;

/**
 * Applies `rewrite` to the text of `chunks`, holding back what follows `holdFrom(text)` (an index; the length
 * when nothing needs holding) until the next chunk comes, at most {@link MAX_HELD} characters.
 */
async function* rewritten(chunks: AsyncIterable<Buffer>, holdFrom: (text: string) => number, rewrite: (text: string) => string): AsyncGenerator<Buffer> {
  let held = '';
  for await (const chunk of chunks) {
    const text = held + chunk.toString('latin1');
    const from = holdFrom(text);
    const cut = text.length - from > MAX_HELD ? text.length : from;
    held = text.slice(cut);
    if (cut > 0) yield Buffer.from(rewrite(text.slice(0, cut)), 'latin1');
  }
  if (held.length > 0) yield Buffer.from(rewrite(held), 'latin1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
