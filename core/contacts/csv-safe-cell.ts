// Spreadsheets run a cell starting with = + - @ (or a tab/CR before one) as a formula. A plain number such as
// an E.164 phone cannot call anything, so it is left readable.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d[\d ().-]*$/;

/** A CSV cell that a spreadsheet will show as text, never evaluate (formula injection neutralised). */
export function csvSafeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
