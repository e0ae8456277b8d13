import chardet from 'chardet';
import iconv from 'iconv-lite';
import { BinaryFileError, EmptyFileError } from './import.errors.js';
import { mostPlausibleCodePage } from './code-page.js';

/** Encodings the reader produces; single-byte ones are whatever chardet named (iconv-lite spelling). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | (string & {});

/** A detected encoding and how many bytes of byte-order mark to skip. */
export interface EncodingGuess {
  encoding: TextEncoding;
  bomLength: number;
}

// ISO-8859-1 is what chardet calls Western text, but Excel writes Windows-1252, its superset.
const SINGLE_BYTE_ALIASES: Record<string, string> = { 'ISO-8859-1': 'windows-1252', 'ISO-8859-15': 'windows-1252' };

/**
 * Detects the encoding of text from its first bytes (BOM, UTF-16 zero-byte pattern, UTF-8 validity, then of
 * chardet's candidates and their twins (Mac, Windows-1250) the one the text reads best in).
 */
export function detectEncoding(head: Buffer): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = guessUtf16(head);
  if (utf16 !== null) return { encoding: utf16, bomLength: 0 };
  if (isUtf8Prefix(head)) return { encoding: 'utf-8', bomLength: 0 };
  const candidates = chardet
    .analyse(head)
    .filter((match) => !match.name.startsWith('UTF') && iconv.encodingExists(match.name))
    .map((match) => SINGLE_BYTE_ALIASES[match.name] ?? match.name);
  if (candidates.length === 0) throw new BinaryFileError();
  return { encoding: mostPlausibleCodePage(head, candidates), bomLength: 0 };
}

// Text in UTF-16 without a BOM has a zero byte in (almost) every other position for Latin text.
function guessUtf16(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length >> 1, 4096);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function isUtf8Prefix(head: Buffer): boolean {
  try {
    // stream: true tolerates a multi-byte character cut by the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

function makeDecoder(encoding: TextEncoding): Decoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    const decoder = new TextDecoder(encoding, { ignoreBOM: true });
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding);
  return { write: (bytes) => decoder.write(bytes), end: () => decoder.end() ?? '' };
}

/** Streams decoded text from bytes (the BOM skipped), never holding more than one chunk. */
export async function* decodeText(bytes: AsyncIterable<Buffer>, guess: EncodingGuess): AsyncGenerator<string> {
  let skip = guess.bomLength;
  const decoder = makeDecoder(guess.encoding);
  for await (let chunk of bytes) {
    if (skip > 0) {
      const cut = Math.min(skip, chunk.length);
      chunk = chunk.subarray(cut);
      skip -= cut;
    }
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/** Decodes the first bytes for sniffing; a character cut by the end of the sample is left out. */
export function decodeSample(head: Buffer, guess: EncodingGuess): string {
  return makeDecoder(guess.encoding).write(head.subarray(guess.bomLength));
}

/**
 * Refuses decoded text that is really binary junk: too many control characters or replacement characters.
 * Also refuses text that is only whitespace as an empty file.
 */
export function assertLooksLikeText(sample: string): void {
  let suspicious = 0;
  let visible = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) suspicious++;
    else if (c > 0x20) visible++;
  }
  if (visible === 0 && suspicious === 0) throw new EmptyFileError();
  if (suspicious > Math.max(2, (sample.length * 0.01) | 0)) throw new BinaryFileError();
}
