import { attribute } from './xml-text.js';

/** Workbooks whose styles are larger than this are read without them (dates then stay serial numbers). */
export const MAX_STYLES_BYTES = 16 * 1024 * 1024;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/**
 * The part of a workbook's `styles.xml` that says which cells hold dates — its number formats and, per cell
 * style, the number format it uses — rewritten as a minimal, well-formed styles part with one plain font,
 * fill and border. exceljs' reader turns a cell whose style has a date format into a Date, but fails on a
 * styles part that lacks fonts, fills or borders; this way it only ever sees styles we wrote.
 */
export function dateStylesOnly(stylesXml: string): string {
  const formats = [...stylesXml.matchAll(/<(?:[\w.-]+:)?numFmt\b[^>]*>/g)]
    .map(([element]) => ({ id: attribute(element, 'numFmtId'), code: attribute(element, 'formatCode') }))
    .filter((format) => format.id !== undefined && /^\d+$/.test(format.id) && format.code !== undefined)
    .map((format) => `<numFmt numFmtId="${format.id}" formatCode="${format.code?.replaceAll('"', '&quot;')}"/>`);
  // Cell styles are the `xf` elements of `cellXfs` (those of `cellStyleXfs` are named styles, not cells').
  const cellXfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const cellStyles = [...cellXfs.matchAll(/<(?:[\w.-]+:)?xf\b[^>]*>/g)].map(([element]) => {
    const id = attribute(element, 'numFmtId');
    return `<xf numFmtId="${id !== undefined && /^\d+$/.test(id) ? id : 0}" fontId="0" fillId="0" borderId="0"/>`;
  });
  return (
    `<styleSheet xmlns="${MAIN}">` +
    (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>' +
    `<cellXfs count="${cellStyles.length}">${cellStyles.join('')}</cellXfs></styleSheet>`
  );
}
