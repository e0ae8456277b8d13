import { digitTemplate, isDateFormat, type CellFormat } from './number-format.js';
import { attribute, decodeXml } from './xml-text.js';

/** Workbooks whose styles are larger than this are read without them (dates then stay serial numbers). */
export const MAX_STYLES_BYTES = 16 * 1024 * 1024;

// Excel's built-in number formats that show dates or times (14–22, 45–47, and the East Asian ones 27–36, 50–58).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * The formats of a workbook's cell styles (`styles.xml`) that change how a number reads: dates, and digit
 * templates (`+7 (000) 000-00-00`), by the number of the style (the `xf` elements of `cellXfs`, in order; those
 * of `cellStyleXfs` are named styles, not cells').
 */
export function cellFormats(stylesXml: string): ReadonlyMap<number, CellFormat> {
  const custom = new Map<number, string>();
  for (const [element] of stylesXml.matchAll(/<(?:[\w.-]+:)?numFmt\b[^>]*>/g)) {
    const id = attribute(element, 'numFmtId');
    const code = attribute(element, 'formatCode');
    if (id !== undefined && /^\d+$/.test(id) && code !== undefined) custom.set(Number(id), decodeXml(code));
  }
  const cellXfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const formats = new Map<number, CellFormat>();
  let index = 0;
  for (const [element] of cellXfs.matchAll(/<(?:[\w.-]+:)?xf\b[^>]*>/g)) {
    const id = Number(attribute(element, 'numFmtId') ?? '0');
    const code = custom.get(id);
    const format = code === undefined ? (BUILT_IN_DATE_FORMATS.has(id) ? DATE : null) : formatOf(code);
    if (format !== null) formats.set(index, format);
    index += 1;
  }
  return formats;
}

const DATE: CellFormat = { kind: 'date' };

function formatOf(code: string): CellFormat | null {
  if (isDateFormat(code)) return DATE;
  const render = digitTemplate(code);
  return render === null ? null : { kind: 'digits', render };
}
