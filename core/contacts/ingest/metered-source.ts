import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ContactSource } from '../import/byte-source.js';
import { FileTooLargeError } from '../import/import.errors.js';

/** A source that hashes and counts its bytes as the pipeline reads them. */
export interface MeteredSource {
  source: AsyncIterable<Uint8Array>;
  /** Bytes read so far. */
  bytesRead(): number;
  /** SHA-256 (hex) of every byte read; call once the source has been read to its end. */
  digest(): string;
}

/**
 * Wraps any contact source so the import learns the file's SHA-256 (for idempotence) and how far it has
 * read (for progress) in the same single pass; a path over the size limit is refused before reading.
 */
export async function meterSource(source: ContactSource, maxBytes: number): Promise<MeteredSource> {
  if (typeof source === 'string' && (await stat(source)).size > maxBytes) throw new FileTooLargeError(maxBytes);
  const iterable: AsyncIterable<Uint8Array> = typeof source === 'string' ? createReadStream(source, { highWaterMark: 256 * 1024 }) : source;
  const hash = createHash('sha256');
  let bytes = 0;
  async function* tap(): AsyncGenerator<Uint8Array> {
    for await (const chunk of iterable) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return { source: tap(), bytesRead: () => bytes, digest: () => hash.digest('hex') };
}
