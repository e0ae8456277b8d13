/** An attribute of one XML start tag (`name` is a pattern), either quote, as written (entities kept). */
export function attribute(element: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(element);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** Replaces the XML entities of `text` (named and numeric). */
export function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (!entity.startsWith('#')) return named[entity.toLowerCase()] ?? '';
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    // A reference to no character (beyond Unicode, or a lone surrogate) becomes U+FFFD.
    return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/**
 * Decodes the escapes SpreadsheetML writes for characters XML cannot carry (`_x000D_` for a carriage return,
 * `_x005F_` for a literal underscore before such a sequence).
 */
export function decodeSpreadsheetEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16))) : text;
}

/** The text of XML character data as written in a SpreadsheetML part: entities and `_xHHHH_` escapes decoded. */
export function xmlText(raw: string): string {
  return decodeSpreadsheetEscapes(raw.includes('&') ? decodeXml(raw) : raw);
}
