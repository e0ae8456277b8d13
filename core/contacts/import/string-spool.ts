import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipBombError } from './import.errors.js';

// Strings are stored one after another in pages; a string may span pages.
const PAGE_BYTES = 64 * 1024;
// Where a string ends is kept in 32 bits.
const MAX_BYTES = 0xffffffff;

export interface StringSpoolLimits {
  /** Pages kept in memory before the next ones go to a temporary file. */
  memoryBytes: number;
  /** Pages read back from the file that are kept for the next lookups (least recently used go first). */
  cacheBytes: number;
  /** The most strings held (4 bytes of index each, always in memory). */
  maxStrings: number;
  /** Where the temporary file goes (the system's temporary directory when not given). */
  directory?: string;
}

export const DEFAULT_STRING_SPOOL_LIMITS: StringSpoolLimits = { memoryBytes: 32 << 20, cacheBytes: 8 << 20, maxStrings: 16_000_000 };

/**
 * A numbered list of strings, added as latin1 text (UTF-8 bytes read one character per byte) and given back
 * as UTF-8, whose memory stays bounded however many it holds: past {@link StringSpoolLimits.memoryBytes} the
 * pages go to a temporary file, unlinked as soon as it is opened (nothing is left behind, even by a crash). Lookups in the order strings
 * were added, or of the same few strings again and again, stay in memory.
 */
export class StringSpool {
  private readonly pages: (Buffer | null)[] = [];
  private current = Buffer.allocUnsafe(PAGE_BYTES);
  private used = 0;
  private ends = new Uint32Array(1024);
  private size = 0;
  private file: number | null = null;
  private readonly cache = new Map<number, Buffer>();

  constructor(private readonly limits: StringSpoolLimits = DEFAULT_STRING_SPOOL_LIMITS) {}

  get count(): number {
    return this.size;
  }

  add(text: string): void {
    if (this.size >= this.limits.maxStrings) throw new ZipBombError(`more than ${this.limits.maxStrings} shared strings`);
    let written = 0;
    while (written < text.length) {
      if (this.used === PAGE_BYTES) this.seal();
      const length = Math.min(PAGE_BYTES - this.used, text.length - written);
      this.current.write(text.slice(written, written + length), this.used, length, 'latin1');
      this.used += length;
      written += length;
    }
    if (this.size === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    const end = this.pages.length * PAGE_BYTES + this.used;
    if (end > MAX_BYTES) throw new ZipBombError('shared strings of more than 4 GiB');
    this.ends[this.size++] = end;
  }

  /** String `index` (from 0), its bytes read as UTF-8, or null when there is no such string. */
  get(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return null;
    const start = index === 0 ? 0 : (this.ends[index - 1] as number);
    const end = this.ends[index] as number;
    const first = Math.floor(start / PAGE_BYTES);
    if (end <= (first + 1) * PAGE_BYTES) return this.page(first).toString('utf8', start - first * PAGE_BYTES, end - first * PAGE_BYTES);
    // Across pages: the bytes are put together first, so that a character cut between pages stays whole.
    const parts: Buffer[] = [];
    for (let at = start; at < end; ) {
      const page = Math.floor(at / PAGE_BYTES);
      const to = Math.min(PAGE_BYTES, end - page * PAGE_BYTES);
      parts.push(Buffer.from(this.page(page).subarray(at - page * PAGE_BYTES, to)));
      at = page * PAGE_BYTES + to;
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Frees the memory and the temporary file. */
  close(): void {
    if (this.file !== null) closeSync(this.file);
    this.file = null;
    this.pages.length = 0;
    this.cache.clear();
  }

  private seal(): void {
    const inMemory = this.pages.length + 1;
    if (inMemory * PAGE_BYTES <= this.limits.memoryBytes) {
      this.pages.push(this.current);
    } else {
      writeSync(this.spillFile(), this.current, 0, PAGE_BYTES, this.pages.length * PAGE_BYTES);
      this.pages.push(null);
    }
    this.current = Buffer.allocUnsafe(PAGE_BYTES);
    this.used = 0;
  }

  private page(number: number): Buffer {
    if (number === this.pages.length) return this.current;
    const kept = this.pages[number];
    if (kept !== null && kept !== undefined) return kept;
    const cached = this.cache.get(number);
    if (cached !== undefined) {
      this.cache.delete(number);
      this.cache.set(number, cached);
      return cached;
    }
    const page = this.cache.size > 0 && this.cache.size * PAGE_BYTES >= this.limits.cacheBytes ? this.evicted() : Buffer.allocUnsafe(PAGE_BYTES);
    readSync(this.spillFile(), page, 0, PAGE_BYTES, number * PAGE_BYTES);
    this.cache.set(number, page);
    return page;
  }

  // The least recently used cached page, taken out of the cache for reuse.
  private evicted(): Buffer {
    const [oldest, page] = this.cache.entries().next().value as [number, Buffer];
    this.cache.delete(oldest);
    return page;
  }

  private spillFile(): number {
    if (this.file === null) {
      const path = join(this.limits.directory ?? tmpdir(), `contactd-strings-${randomUUID()}`);
      this.file = openSync(path, 'wx+', 0o600);
      unlinkSync(path);
    }
    return this.file;
  }
}
