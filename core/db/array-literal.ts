/**
 * PostgreSQL array literals (`{…}`) for binding large arrays as one text parameter. node-postgres builds the same
 * literal element by element with two regular expressions each, which took about 0.3 s for the seven 100,000-
 * element columns of a large launch; these take a tenth of that. Bind with a cast (`$1::bigint[]`).
 */

// Decimal integers separated by commas: one linear scan checks every element of a joined list at once (with a count
// of the commas, so that no element brought one of its own).
const INTEGER_LIST = /^-?\d+(?:,-?\d+)*$/;

/** Integers (safe integers or their decimal text, e.g. `bigint` ids read as text). */
export function integerArrayLiteral(values: readonly (number | string)[]): string {
  if (values.length === 0) return '{}';
  for (const value of values) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
  }
  const joined = values.join(',');
  if (!INTEGER_LIST.test(joined) || commas(joined) !== values.length - 1) {
    const bad = values.find((value) => !INTEGER_LIST.test(String(value)));
    throw new TypeError(`not an integer: ${String(bad)}`);
  }
  return `{${joined}}`;
}

// An element with a comma of its own would pass the list test as two integers.
function commas(text: string): number {
  let count = 0;
  for (let at = text.indexOf(','); at !== -1; at = text.indexOf(',', at + 1)) count += 1;
  return count;
}

/** Text values, each quoted (so commas, braces, spaces and the word NULL stay text); null becomes SQL NULL. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  if (values.length === 0) return '{}';
  // The common case, nothing to escape and no null, is one join.
  let plain = true;
  for (let i = 0; i < values.length && plain; i += 1) {
    const value = values[i];
    plain = value !== null && !value!.includes('"') && !value!.includes('\\');
  }
  if (plain) return `{"${values.join('","')}"}`;
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    if (value === null) parts[i] = 'NULL';
    else parts[i] = value.includes('"') || value.includes('\\') ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
  }
  return `{${parts.join(',')}}`;
}

/** Booleans. */
export function booleanArrayLiteral(values: readonly boolean[]): string {
  return `{${values.map((value) => (value ? 't' : 'f')).join(',')}}`;
}
