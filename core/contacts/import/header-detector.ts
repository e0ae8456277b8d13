import type { RawRow } from './contact-draft.js';
import { matchHeader } from './header-synonyms.js';
import { looksLike } from './identity.normaliser.js';

/** Where the header is among the first rows of a table, or that there is none. */
export interface HeaderLocation {
  /** Index into the sample rows of the header row, or -1 when the table has no header. */
  index: number;
  /** Index into the sample rows of the first data row. */
  dataStart: number;
}

const SCAN_ROWS = 30;

/**
 * Finds the header row, skipping preamble lines such as LinkedIn's "Notes:" block: the row among the
 * first ones whose cells name the most known fields. When no row names any, the first multi-cell row is
 * taken for a header unless it already holds phones, emails or usernames (then there is no header).
 */
export function locateHeader(rows: readonly RawRow[]): HeaderLocation {
  let bestIndex = -1;
  let bestScore = 0;
  const limit = Math.min(rows.length, SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = rows[i]!;
    if (holdsIdentifiers(row.values)) continue;
    const score = row.values.filter((cell) => matchHeader(cell) !== null).length;
    if (score > bestScore) {
      bestScore = score;
      bestIndex = i;
    }
  }
  if (bestIndex >= 0) return { index: bestIndex, dataStart: bestIndex + 1 };
  const widest = modalWidth(rows.slice(0, limit));
  const first = rows.findIndex((row) => row.values.length === widest);
  if (first < 0) return { index: -1, dataStart: 0 };
  return holdsIdentifiers(rows[first]!.values) ? { index: -1, dataStart: first } : { index: first, dataStart: first + 1 };
}

function modalWidth(rows: readonly RawRow[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const row of rows) {
    const count = (counts.get(row.values.length) ?? 0) + 1;
    counts.set(row.values.length, count);
    if (count > bestCount || (count === bestCount && row.values.length > best)) {
      best = row.values.length;
      bestCount = count;
    }
  }
  return best;
}

function holdsIdentifiers(values: readonly string[]): boolean {
  return values.some((value) => {
    const cell = value.trim();
    return looksLike.phone(cell) || looksLike.email(cell) || looksLike.username(cell);
  });
}
