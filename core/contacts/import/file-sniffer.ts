import { BinaryFileError, EmptyFileError, UnsupportedFormatError } from './import.errors.js';

/** What the first bytes say a file is. */
export type SniffedKind = 'zip' | 'text';

const MAGIC: ReadonlyArray<{ bytes: number[]; name: string; unsupported?: boolean }> = [
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'xls', unsupported: true },
  { bytes: [0x25, 0x50, 0x44, 0x46], name: 'pdf' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'png' },
  { bytes: [0xff, 0xd8, 0xff], name: 'jpeg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'gif' },
  { bytes: [0x1f, 0x8b], name: 'gzip' },
  { bytes: [0x52, 0x61, 0x72, 0x21], name: 'rar' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], name: '7z' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'executable' },
  { bytes: [0x4d, 0x5a], name: 'executable' },
];

/**
 * Classifies a file by its first bytes: a zip container (maybe xlsx), or text to be decoded.
 * Throws {@link EmptyFileError} for no bytes, {@link UnsupportedFormatError} for legacy `.xls`, and
 * {@link BinaryFileError} for well-known binary formats.
 */
export function sniffKind(head: Buffer): SniffedKind {
  if (head.length === 0) throw new EmptyFileError();
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  for (const magic of MAGIC) {
    if (magic.bytes.every((byte, i) => head[i] === byte)) {
      throw magic.unsupported === true ? new UnsupportedFormatError(magic.name) : new BinaryFileError(magic.name);
    }
  }
  return 'text';
}
