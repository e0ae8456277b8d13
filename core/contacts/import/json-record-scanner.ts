import { CorruptJsonError } from './import.errors.js';

/** The keys leading to an array (a string per object key, undefined per array). */
export type ArrayPath = ReadonlyArray<string | undefined>;

/** An object (a record of named values), or an array (a row of a table: `[["Name", "Phone"], ["Anna", …]]`). */
export type JsonRecord = Record<string, unknown> | unknown[];

// A container the scanner is in (outside records).
interface Frame {
  array: boolean;
  /** Objects: the key of the member being read (undefined before the first). */
  key: string | undefined;
  /** Objects: a key comes next (after `{` or `,`). */
  expectKey: boolean;
  /** Arrays: their objects (and arrays: rows of a table) are records. */
  records: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

// A record (one contact) larger than this is no contact: the file is refused rather than held in memory.
const MAX_RECORD_CHARS = 4 << 20;
// Keys are read only near the top (where the contact arrays are named); a longer one names none of them.
const MAX_KEY_CHARS = 1024;

/**
 * Finds the objects (and arrays) in chosen arrays of a JSON text as it streams past, and parses each alone (`JSON.parse`,
 * which also checks it): a file of any size is read holding one record at a time. Outside records the scanner
 * follows only the nesting, the strings and the keys of the top two levels; a file cut short, a bracket closing
 * the wrong container, or anything after the top-level value is refused as damaged ({@link CorruptJsonError}),
 * except more objects: then the file is JSON Lines, and each top-level object a record (path `[]`).
 */
export class JsonRecordScanner {
  private readonly stack: Frame[] = [];
  private started = false;
  private ended = false;
  // JSON Lines (`mongoexport` and many tools): objects one after another at the top level, each a record. The first
  // is read as a document (its text kept while small enough) until a second one shows the file is such a sequence.
  private sequence = false;
  private rootPieces: string[] | null = null;
  private rootChars = 0;
  private rootText: string | null = null;
  private inString = false;
  private escaped = false;
  // The record being read: its nesting inside itself, and its text from earlier chunks.
  private recordDepth = 0;
  private recordPieces: string[] = [];
  private recordChars = 0;
  // The key being read (a string in key position near the top), from earlier chunks; null when not reading one.
  private keyPieces: string[] | null = null;

  constructor(
    /** Whether the objects (and arrays) in the array at this path are records. */
    private readonly wants: (path: ArrayPath) => boolean,
    private readonly onRecord: (record: JsonRecord, path: ArrayPath) => void,
  ) {}

  write(chunk: string): void {
    let text = chunk;
    if (!this.started && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let recordStart = this.recordDepth > 0 ? 0 : -1;
    let keyStart = this.keyPieces !== null ? 0 : -1;
    let rootStart = this.rootPieces !== null ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (keyStart >= 0) {
            this.keyRead(text.slice(keyStart, i));
            keyStart = -1;
          }
        }
        continue;
      }
      if (this.recordDepth > 0) {
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.recordDepth++;
        else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --this.recordDepth === 0) {
          this.recordRead(text.slice(recordStart, i + 1));
          recordStart = -1;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.ended) {
        if (c !== OPEN_OBJECT || !this.startSequence()) throw new CorruptJsonError(`unexpected ${JSON.stringify(text[i])} after the end`);
        recordStart = this.beginRecord(i);
        continue;
      }
      this.started = true;
      const top = this.stack.at(-1);
      if (c === QUOTE) {
        this.inString = true;
        if (top !== undefined && !top.array && top.expectKey && this.stack.length <= 2) {
          top.key = undefined;
          this.keyPieces = [];
          keyStart = i + 1;
        }
      } else if ((c === OPEN_OBJECT || c === OPEN_ARRAY) && top?.records === true) {
        recordStart = this.beginRecord(i);
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const array = c === OPEN_ARRAY;
        const records = array && this.wants(this.path());
        if (this.stack.length === 0 && !array) {
          this.rootPieces = [];
          rootStart = i;
        }
        this.stack.push({ array, key: undefined, expectKey: !array, records });
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (top === undefined || top.array !== (c === CLOSE_ARRAY)) throw new CorruptJsonError(`unexpected ${JSON.stringify(text[i])}`);
        this.stack.pop();
        if (this.stack.length === 0) {
          this.ended = true;
          if (this.rootPieces !== null && rootStart >= 0) this.rootText = this.rootPieces.join('') + text.slice(rootStart, i + 1);
          this.rootPieces = null;
          rootStart = -1;
        }
      } else if (top === undefined) {
        throw new CorruptJsonError('not an object or an array');
      } else if (c === COLON && !top.array) {
        top.expectKey = false;
      } else if (c === COMMA && !top.array) {
        top.expectKey = true;
      }
    }
    if (recordStart >= 0) this.keepRecordPiece(text.slice(recordStart));
    if (keyStart >= 0) this.keepKeyPiece(text.slice(keyStart));
    if (rootStart >= 0) this.keepRootPiece(text.slice(rootStart));
  }

  /** The text is over: it must have ended with its top-level value (or its last object, in a sequence). */
  end(): void {
    if (!this.ended || this.inString || this.recordDepth > 0) throw new CorruptJsonError('the file ends in the middle');
  }

  // A record starts at `at` of the chunk: returns where its text starts.
  private beginRecord(at: number): number {
    this.recordDepth = 1;
    this.recordPieces = [];
    this.recordChars = 0;
    return at;
  }

  // A second top-level object: the file is a sequence of records, the first of them read already as a document.
  private startSequence(): boolean {
    if (this.sequence) return true;
    if (this.rootText === null) return false;
    this.sequence = true;
    const first = this.rootText;
    this.rootText = null;
    this.parsed(first, []);
    return true;
  }

  private keepRootPiece(piece: string): void {
    if (this.rootPieces === null) return;
    this.rootChars += piece.length;
    if (this.rootChars > MAX_RECORD_CHARS) this.rootPieces = null;
    else this.rootPieces.push(piece);
  }

  private keepRecordPiece(piece: string): void {
    this.recordChars += piece.length;
    if (this.recordChars > MAX_RECORD_CHARS) throw new CorruptJsonError(`a record of more than ${MAX_RECORD_CHARS} characters`);
    this.recordPieces.push(piece);
  }

  private keepKeyPiece(piece: string): void {
    if (this.keyPieces === null) return;
    this.keyPieces.push(piece);
    if (this.keyPieces.reduce((sum, p) => sum + p.length, 0) > MAX_KEY_CHARS) this.keyPieces = null;
  }

  private recordRead(last: string): void {
    this.keepRecordPiece(last);
    const text = this.recordPieces.join('');
    this.recordPieces = [];
    // The path of the array holding the record (the top frame); none in a sequence.
    this.parsed(text, this.path(1));
  }

  private parsed(text: string, path: ArrayPath): void {
    let record: JsonRecord;
    try {
      record = JSON.parse(text) as JsonRecord;
    } catch (error) {
      throw new CorruptJsonError(error instanceof Error ? error.message.slice(0, 120) : 'not JSON');
    }
    this.onRecord(record, path);
  }

  // The keys leading to the innermost container but `skip` of them.
  private path(skip = 0): ArrayPath {
    return this.stack.slice(0, this.stack.length - skip).map((frame) => (frame.array ? undefined : frame.key));
  }

  private keyRead(last: string): void {
    const pieces = this.keyPieces;
    this.keyPieces = null;
    const top = this.stack.at(-1);
    if (pieces === null || top === undefined) return;
    try {
      top.key = JSON.parse(`"${pieces.join('')}${last}"`) as string;
    } catch {
      throw new CorruptJsonError('a damaged key');
    }
  }
}
