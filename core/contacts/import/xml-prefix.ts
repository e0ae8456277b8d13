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

/**
 * The chunks of an XML part with `prefix` taken off element names (`<x:row>` → `<row>`, `</x:row>` → `</row>`),
 * every other byte unchanged. A tag cut between two chunks is held back until the next one completes it.
 */
export async function* withoutElementPrefix(chunks: AsyncIterable<Buffer>, prefix: string): AsyncGenerator<Buffer> {
  const pattern = new RegExp(`<(/?)${escapeRegExp(prefix)}:`, 'g');
  const longest = prefix.length + 3;
  let held = '';
  // latin1 maps bytes to characters one to one, so multi-byte UTF-8 cut between chunks passes through intact.
  for await (const chunk of chunks) {
    const text = held + chunk.toString('latin1');
    const last = text.lastIndexOf('<');
    const cut = last >= 0 && text.length - last < longest ? last : text.length;
    held = text.slice(cut);
    if (cut > 0) yield Buffer.from(text.slice(0, cut).replace(pattern, '<$1'), 'latin1');
  }
  if (held.length > 0) yield Buffer.from(held.replace(pattern, '<$1'), 'latin1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
