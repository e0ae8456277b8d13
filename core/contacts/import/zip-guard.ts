import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { CorruptWorkbookError, UnsupportedFormatError, ZipBombError } from './import.errors.js';

/** Limits for what a zip may inflate to. */
export interface ZipLimits {
  /** Total uncompressed bytes allowed across all entries (declared and actual). */
  maxInflatedBytes: number;
  /** Largest uncompressed/compressed ratio allowed for an entry bigger than 1 MiB. */
  maxRatio: number;
  /** Most entries allowed. */
  maxEntries: number;
}

/** Defaults fit any real contact workbook: a million-row sheet inflates to ~200 MB at a ratio of ~10–30. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxInflatedBytes: 768 * 1024 * 1024, maxRatio: 500, maxEntries: 5000 };

/** One central-directory entry. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
const READ_CHUNK = 64 * 1024;
// Parts read whole (workbook, relationships, styles) are kilobytes in real workbooks.
const MAX_TEXT_PART_BYTES = 16 * 1024 * 1024;

/**
 * Opens a zip for checking: reads its central directory and refuses, before inflating anything, a zip
 * whose declared sizes exceed the limits. Then {@link inflateEntry} inflates with a hard cap, so a zip that
 * lies about its sizes is caught too.
 */
export class GuardedZip {
  private inflatedTotal = 0;

  private constructor(
    private readonly file: FileHandle,
    readonly entries: readonly ZipEntry[],
    private readonly limits: ZipLimits,
  ) {}

  /** Reads and checks the central directory of the zip at `path`. */
  static async open(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<GuardedZip> {
    const file = await open(path, 'r');
    try {
      const entries = await readCentralDirectory(file);
      checkDeclared(entries, limits);
      return new GuardedZip(file, entries, limits);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Finds an entry by exact name. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  /**
   * Inflates one entry, handing the output to `sink` chunk by chunk (pass none to only measure it);
   * stops with {@link ZipBombError} once it exceeds its declared size or the total cap.
   */
  async inflateEntry(entry: ZipEntry, sink?: (chunk: Buffer) => void): Promise<number> {
    let produced = 0;
    for await (const chunk of this.inflatedBytes(entry, this.limits.maxInflatedBytes - this.inflatedTotal)) {
      produced += chunk.length;
      sink?.(chunk);
    }
    this.inflatedTotal += produced;
    return produced;
  }

  /**
   * An entry's content, inflated as it is pulled; fails with {@link ZipBombError} past its declared size or
   * `cap`, whichever is smaller. Stopping early (return, break) stops reading the file before it resolves.
   */
  async *inflatedBytes(entry: ZipEntry, cap = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
    assertReadable(entry);
    const allowed = Math.min(entry.uncompressedSize, cap);
    const stored = Readable.from(this.storedBytes(entry, await this.dataStart(entry)));
    const inflater = entry.method === 0 ? new PassThrough() : createInflateRaw();
    stored.on('error', (error) => inflater.destroy(error));
    stored.pipe(inflater);
    let produced = 0;
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        produced += chunk.length;
        if (produced > allowed) throw new ZipBombError(`${entry.name} inflates beyond its declared ${entry.uncompressedSize} bytes or the total cap`);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ZipBombError || error instanceof CorruptWorkbookError) throw error;
      throw new CorruptWorkbookError(`${entry.name}: ${(error as Error).message}`);
    } finally {
      stored.destroy();
      inflater.destroy();
      await finished(stored).catch(() => undefined);
    }
  }

  /** Where an entry's stored bytes begin, past its local header. */
  private async dataStart(entry: ZipEntry): Promise<number> {
    const header = Buffer.alloc(30);
    const { bytesRead } = await this.file.read(header, 0, 30, entry.localHeaderOffset);
    if (bytesRead < 30 || header.readUInt32LE(0) !== LOCAL) throw new CorruptWorkbookError(`bad local header for ${entry.name}`);
    return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  }

  /** The entry's stored (compressed) bytes, read in chunks. */
  private async *storedBytes(entry: ZipEntry, start: number): AsyncGenerator<Buffer> {
    const end = start + entry.compressedSize;
    for (let position = start; position < end; ) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, end - position));
      const { bytesRead } = await this.file.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) throw new CorruptWorkbookError(`${entry.name} is cut short`);
      position += bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  }

  /** Inflates a small entry as text; one declaring more than `maxBytes` is refused as corrupt. */
  async readText(name: string, maxBytes = MAX_TEXT_PART_BYTES): Promise<string | null> {
    const entry = this.entry(name);
    if (entry === undefined) return null;
    if (entry.uncompressedSize > maxBytes) throw new CorruptWorkbookError(`${name} is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    await this.inflateEntry(entry, (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Inflates every entry once, discarding the output, to prove the whole archive stays within limits. */
  async verifyAll(): Promise<void> {
    for (const entry of this.entries) if (!entry.name.endsWith('/')) await this.inflateEntry(entry);
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.file.close();
  }
}

function assertReadable(entry: ZipEntry): void {
  if ((entry.flags & 1) !== 0) throw new CorruptWorkbookError(`${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new CorruptWorkbookError(`${entry.name} uses compression method ${entry.method}`);
}

/** Refuses zips that are not xlsx workbooks, naming the format when we know it. */
export function assertWorkbook(zip: GuardedZip): void {
  if (zip.entry('xl/workbook.xml') !== undefined) return;
  if (zip.entry('word/document.xml') !== undefined) throw new UnsupportedFormatError('docx');
  if (zip.entry('ppt/presentation.xml') !== undefined) throw new UnsupportedFormatError('pptx');
  if (zip.entry('content.xml') !== undefined) throw new UnsupportedFormatError('ods');
  throw new UnsupportedFormatError('zip');
}

async function readCentralDirectory(file: FileHandle): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new CorruptWorkbookError('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if ((cdOffset === MAX32 || count === 0xffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = Buffer.alloc(56);
    await file.read(record, 0, 56, Number(tail.readBigUInt64LE(eocd - 20 + 8)));
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || count > 100_000) throw new CorruptWorkbookError('central directory out of bounds');
  const cd = Buffer.alloc(cdSize);
  await file.read(cd, 0, cdSize, cdOffset);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new CorruptWorkbookError('bad central directory');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      flags: cd.readUInt16LE(p + 8),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    applyZip64(entry, cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// Sizes and offset of 0xFFFFFFFF live in the zip64 extra field (id 1), in this order, when present.
function applyZip64(entry: ZipEntry, extra: Buffer): void {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const next = (): number => {
        const value = q + 8 <= p + 4 + length ? Number(extra.readBigUInt64LE(q)) : MAX32;
        q += 8;
        return value;
      };
      if (entry.uncompressedSize === MAX32) entry.uncompressedSize = next();
      if (entry.compressedSize === MAX32) entry.compressedSize = next();
      if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = next();
      return;
    }
    p += 4 + length;
  }
}

function checkDeclared(entries: readonly ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) throw new ZipBombError(`${entries.length} entries`);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxInflatedBytes) throw new ZipBombError(`declares more than ${limits.maxInflatedBytes} uncompressed bytes`);
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
      throw new ZipBombError(`${entry.name} declares a compression ratio of ${Math.round(ratio)}`);
    }
  }
}
