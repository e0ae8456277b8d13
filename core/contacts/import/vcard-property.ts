import iconv from 'iconv-lite';

/** One unfolded vCard content line, split into its parts. */
export interface VcardProperty {
  /** Upper-case property name without group: `TEL`, `EMAIL`, `N` … */
  name: string;
  /** Upper-case parameter names → upper-case values; 2.1 bare types (`TEL;CELL`) land in TYPE. */
  params: Map<string, string[]>;
  /** The decoded value (quoted-printable and charset applied), escapes still in place. */
  value: string;
}

/** Parses `[group.]NAME[;params]:value` (the line already unfolded); null for lines that are not properties. */
export function parseProperty(line: string): VcardProperty | null {
  const colon = findValueColon(line);
  if (colon < 0) return null;
  const head = line.slice(0, colon);
  const segments = splitParams(head);
  const fullName = segments[0] ?? '';
  const dot = fullName.lastIndexOf('.');
  const name = (dot >= 0 ? fullName.slice(dot + 1) : fullName).toUpperCase();
  const params = new Map<string, string[]>();
  for (const segment of segments.slice(1)) {
    const eq = segment.indexOf('=');
    const key = eq < 0 ? 'TYPE' : segment.slice(0, eq).toUpperCase();
    const raw = eq < 0 ? segment : segment.slice(eq + 1);
    const list = params.get(key) ?? [];
    for (const part of raw.split(',')) list.push(part.replace(/^"|"$/g, '').toUpperCase());
    params.set(key, list);
  }
  let value = line.slice(colon + 1);
  const encoding = params.get('ENCODING')?.[0];
  if (encoding === 'QUOTED-PRINTABLE' || encoding === 'QP') {
    value = decodeCharset(decodeQuotedPrintable(value), params.get('CHARSET')?.[0] ?? 'UTF-8');
  }
  return { name, params, value };
}

/** True when a 2.1 quoted-printable line continues on the next line (soft line break `=`). */
export function continuesQuotedPrintable(line: string): boolean {
  return line.endsWith('=') && /ENCODING=(?:QUOTED-PRINTABLE|QP)/i.test(line.slice(0, findValueColon(line) + 1));
}

/** Splits a structured value (N, ADR, ORG) on unescaped `;` and unescapes each part. */
export function structured(value: string): string[] {
  return splitUnescaped(value, ';').map(unescapeText);
}

/** Resolves `\n`, `\,`, `\;` and `\\` escapes. */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([nN,;:\\])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

// The colon ending the name/params part; colons inside quoted parameter values do not count.
function findValueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 58 && !quoted) return i;
  }
  return -1;
}

function splitParams(head: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function decodeQuotedPrintable(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === 61 && i + 2 < value.length + 0 && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === 61) {
      continue;
    } else if (ch < 0x80) {
      bytes.push(ch);
    } else {
      for (const byte of Buffer.from(value[i]!, 'utf8')) bytes.push(byte);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8' || !iconv.encodingExists(name)) return bytes.toString('utf8');
  return iconv.decode(bytes, name);
}
