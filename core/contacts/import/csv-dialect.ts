import { CsvTokenizer } from './csv-tokenizer.js';

/** Delimiters we try, in order of preference when the evidence is equal. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

/** One of {@link CSV_DELIMITERS}. */
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Picks the delimiter that splits the most sample records into the same number (> 1) of fields;
 * preamble lines (a LinkedIn "Notes:" block) simply do not vote.
 */
export function sniffDelimiter(sample: string): CsvDelimiter {
  // Cut the sample at its last line end so a half record does not count.
  const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  const text = cut > 0 ? sample.slice(0, cut + 1) : sample;
  let best: CsvDelimiter = ',';
  let bestVotes = 0;
  let bestWidth = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const tokenizer = new CsvTokenizer(delimiter);
    const rows = [...tokenizer.push(text), ...tokenizer.end()].slice(0, 200);
    const widths = new Map<number, number>();
    for (const row of rows) {
      if (row.values.length > 1) widths.set(row.values.length, (widths.get(row.values.length) ?? 0) + 1);
    }
    for (const [width, votes] of widths) {
      if (votes > bestVotes || (votes === bestVotes && width > bestWidth)) {
        best = delimiter;
        bestVotes = votes;
        bestWidth = width;
      }
    }
  }
  return best;
}
