import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { FileTooLargeError } from './import.errors.js';

/** Where contact bytes come from: a file path, a Node stream, or any async iterable of byte chunks. */
export type ContactSource = string | Readable | AsyncIterable<Uint8Array>;

/** The first bytes of a source, plus the whole source (head included) still to be consumed. */
export interface PeekedSource {
  head: Buffer;
  /** Yields every byte of the file from the start, exactly once. */
  bytes: AsyncIterable<Buffer>;
  /** The path, when the source was one (xlsx reading wants random access). */
  path: string | null;
  /** Releases the source when `bytes` will not be read to the end. */
  close(): Promise<void>;
}

/**
 * Streams the source's bytes, failing with {@link FileTooLargeError} as soon as more than `maxBytes`
 * arrive (a path is checked with `stat` first, so an oversized file is refused without reading it).
 */
export async function* limitedBytes(source: ContactSource, maxBytes: number): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    const info = await stat(source);
    if (info.size > maxBytes) throw new FileTooLargeError(maxBytes);
  }
  const iterable: AsyncIterable<Uint8Array> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 256 * 1024 }) : source;
  let total = 0;
  for await (const chunk of iterable) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.length;
    if (total > maxBytes) {
      destroyQuietly(iterable);
      throw new FileTooLargeError(maxBytes);
    }
    if (buffer.length > 0) yield buffer;
  }
}

/** Reads at least `size` bytes (or the whole file when shorter) without losing them for later reading. */
export async function peekSource(source: ContactSource, maxBytes: number, size = 64 * 1024): Promise<PeekedSource> {
  const iterator = limitedBytes(source, maxBytes)[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.(undefined);
    }
  }
  const close = async (): Promise<void> => {
    await iterator.return?.(undefined);
  };
  return { head, bytes: replay(), path: typeof source === 'string' ? source : null, close };
}

function destroyQuietly(iterable: AsyncIterable<Uint8Array>): void {
  const maybe = iterable as { destroy?: () => void };
  if (typeof maybe.destroy === 'function') maybe.destroy();
}
