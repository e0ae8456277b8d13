import { safeCsvLine } from '../../shared/csv-safe.js';
import type { Rejection } from './contact-draft.js';

/**
 * Writes rejected rows as CSV text for the user to fix and re-upload: the original header plus
 * `row` and `reason` columns, cells neutralised against formula injection. UTF-8 with a BOM, so Excel
 * opens non-Latin text correctly. Streams: yields one chunk per batch of rejections.
 */
export async function* writeRejectionsCsv(headers: readonly string[], rejections: AsyncIterable<readonly Rejection[]> | Iterable<readonly Rejection[]>): AsyncGenerator<string> {
  yield `\ufeff${safeCsvLine([...headers, 'row', 'reason'])}`;
  for await (const batch of rejections) {
    let chunk = '';
    for (const rejection of batch) {
      const cells = headers.map((_, i) => rejection.values[i] ?? '');
      // Cells beyond the header (ragged rows) are kept, so nothing the user wrote is lost.
      for (let i = headers.length; i < rejection.values.length; i++) cells.push(rejection.values[i] ?? '');
      chunk += safeCsvLine([...cells.slice(0, headers.length), String(rejection.rowNumber), rejection.reason, ...cells.slice(headers.length)]);
    }
    if (chunk.length > 0) yield chunk;
  }
}
