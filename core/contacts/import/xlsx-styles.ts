import { attribute, decodeXml } from './xml-text.js';

/** Workbooks whose styles are larger than this are read without them (dates then stay serial numbers). */
export const MAX_STYLES_BYTES = 16 * 1024 * 1024;

// Excel's built-in number formats that show dates or times (14–22, 45–47, and the East Asian ones 27–36, 50–58).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a number format code shows a date or a time: a date or time part (`y m d h s`, or `b`, the year of
 * the Buddhist calendar) outside quoted text, escaped characters, padding and bracketed sections (`[Red]`,
 * `[$-409]`; elapsed time such as `[h]` counts).
 */
export function isDateFormat(code: string): boolean {
  if (/\[(?:h+|m+|s+)\]/i.test(code)) return true;
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '').replace(/General/gi, '');
  return /[ymdhsb]/i.test(bare);
}

/**
 * The numbers of a workbook's cell styles (`styles.xml`) that show dates: the `xf` elements of `cellXfs` (those
 * of `cellStyleXfs` are named styles, not cells'), in order, whose number format is a date format.
 */
export function dateStyles(stylesXml: string): ReadonlySet<number> {
  const custom = new Map<number, string>();
  for (const [element] of stylesXml.matchAll(/<(?:[\w.-]+:)?numFmt\b[^>]*>/g)) {
    const id = attribute(element, 'numFmtId');
    const code = attribute(element, 'formatCode');
    if (id !== undefined && /^\d+$/.test(id) && code !== undefined) custom.set(Number(id), decodeXml(code));
  }
  const cellXfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const dates = new Set<number>();
  let index = 0;
  for (const [element] of cellXfs.matchAll(/<(?:[\w.-]+:)?xf\b[^>]*>/g)) {
    const id = Number(attribute(element, 'numFmtId') ?? '0');
    const code = custom.get(id);
    if (code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : isDateFormat(code)) dates.add(index);
    index += 1;
  }
  return dates;
}
