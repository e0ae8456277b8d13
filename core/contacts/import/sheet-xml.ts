// SpreadsheetML parts as the readers need them: the prefix of their elements, taken off where one is used, and
// the text of rich text. Rewrites work on the part's bytes as latin1 text (one character per byte, so multi-byte
// UTF-8 cut between chunks passes through intact) and hold back the end of a chunk that may continue in the next.

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
