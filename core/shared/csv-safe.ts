// Spreadsheet apps run a cell that starts with one of these as a formula (CSV/formula injection).
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain number such as an E.164 phone cannot call anything: it stays readable (and re-importable).
const PLAIN_NUMBER = /^[+-]?\d[\d ().-]*$/;

/** Prefixes a cell that a spreadsheet would run as a formula with `'`, so it shows as text. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Quotes a cell for CSV when it holds the delimiter, a quote or a line break. */
export function quoteCsvCell(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (CRLF-terminated) with every cell neutralised and quoted as needed. */
export function safeCsvLine(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((cell) => quoteCsvCell(neutraliseCell(cell), delimiter)).join(delimiter)}\r\n`;
}
