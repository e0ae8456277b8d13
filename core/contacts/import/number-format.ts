// What a spreadsheet's number format (`styles.xml`) tells the reader: whether a number is a date, or how an
// integer is shown when the format is a template of digits and literal text, as phone columns are formatted
// (`+7 (000) 000-00-00`, `"+"0`, `000000` for codes with leading zeros).

/** How a number in a cell of some style reads: as a date, or through a digit template. */
export type CellFormat = { kind: 'date' } | { kind: 'digits'; render: (digits: string) => string };

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

// One piece of a format section: literal text, or a digit placeholder (`0` shows a digit or 0, `#` a digit or
// nothing, `?` a digit or a space).
type Piece = { literal: string } | { placeholder: '0' | '#' | '?' };

/**
 * The template of a format made only of digit placeholders and literal text (its first section, which shows
 * positive numbers), as a function from an integer's digits to the text Excel shows; null for any other format
 * (decimals, thousands separators, percent, exponents, text, colours, conditions, dates, General).
 */
export function digitTemplate(code: string): ((digits: string) => string) | null {
  const section = firstSection(code);
  if (section === null) return null;
  const pieces: Piece[] = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return null;
      pieces.push({ literal: section.slice(i + 1, end) });
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= section.length) return null;
      pieces.push({ literal: section[i + 1]! });
      i += 1;
    } else if (c === '0' || c === '#' || c === '?') pieces.push({ placeholder: c });
    else if (/[\d\s()+\-/:]/.test(c)) pieces.push({ literal: c });
    else return null;
  }
  const placeholders = pieces.filter((piece) => 'placeholder' in piece).length;
  if (placeholders === 0) return null;
  return (digits) => render(pieces, placeholders, digits);
}

// A format's first section (up to an unquoted `;`), or null when it has colours or conditions.
function firstSection(code: string): string | null {
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    if (code[i] === '"') quoted = !quoted;
    else if (code[i] === '\\') i += 1;
    else if (!quoted && code[i] === '[') return null;
    else if (!quoted && code[i] === ';') return code.slice(0, i);
  }
  return code;
}

// Digits fill the placeholders from the right; more digits than placeholders go into the first one, as Excel does.
function render(pieces: readonly Piece[], placeholders: number, digits: string): string {
  let next = digits.length - 1;
  let seen = 0;
  const out: string[] = [];
  for (let p = pieces.length - 1; p >= 0; p--) {
    const piece = pieces[p]!;
    if ('literal' in piece) {
      out.push(piece.literal);
      continue;
    }
    seen += 1;
    let text = next >= 0 ? digits[next--]! : piece.placeholder === '0' ? '0' : piece.placeholder === '?' ? ' ' : '';
    if (seen === placeholders && next >= 0) text = digits.slice(0, next + 1) + text;
    out.push(text);
  }
  return out.reverse().join('');
}
