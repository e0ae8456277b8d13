import type { RawRow } from './contact-draft.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A quoted field longer than this is taken for a stray quote, so one bad `"` cannot swallow the file. */
const MAX_QUOTED_CHARS = 256 * 1024;

/**
 * Streaming RFC 4180 tokenizer, lenient the way spreadsheet users need: any one-character delimiter,
 * quotes with `""` escapes and embedded delimiters/newlines, CRLF or LF or CR line ends.
 * A quote left open (at the end of the file, or for more than {@link MAX_QUOTED_CHARS}) makes that
 * record's first line a defective row and parsing resumes on the next line, so the good rows survive.
 * Row numbers are the 1-based physical line on which each record starts. Blank lines are skipped.
 */
export class CsvTokenizer {
  private buffer = '';
  private line = 1;
  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds a chunk of text; returns the records completed by it. */
  push(text: string): RawRow[] {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    const out: RawRow[] = [];
    const consumed = this.parse(out, false);
    this.buffer = consumed === this.buffer.length ? '' : this.buffer.slice(consumed);
    return out;
  }

  /** Signals the end of the text; returns the last records. */
  end(): RawRow[] {
    const out: RawRow[] = [];
    this.parse(out, true);
    this.buffer = '';
    return out;
  }

  // Parses as many whole records as the buffer holds; returns the offset where the unfinished one starts.
  private parse(out: RawRow[], final: boolean): number {
    const s = this.buffer;
    const n = s.length;
    const d = this.delimiter;
    let pos = 0;
    while (pos < n) {
      const start = pos;
      const startLine = this.line;
      let lines = 0;
      const fields: string[] = [];
      let i = pos;
      let complete = false;
      let broken = false;
      for (;;) {
        if (i < n && s.charCodeAt(i) === QUOTE) {
          const q = this.readQuoted(s, i + 1, final);
          if (q === null) {
            broken = final || n - i > MAX_QUOTED_CHARS;
            break;
          }
          lines += q.lines;
          let j = q.end;
          let value = q.value;
          // Text after the closing quote ("a"b) is kept rather than dropped.
          let k = j;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          if (k > j) value += s.slice(j, k);
          j = k;
          fields.push(value);
          i = j;
        } else {
          let k = i;
          while (k < n) {
            const c = s.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          fields.push(s.slice(i, k));
          i = k;
        }
        if (i >= n) {
          if (final) {
            complete = true;
            pos = n;
          }
          break;
        }
        const c = s.charCodeAt(i);
        if (c === d) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= n && !final) break;
          i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        lines++;
        complete = true;
        pos = i;
        break;
      }
      if (broken) {
        pos = this.emitBrokenLine(s, start, startLine, out);
        continue;
      }
      if (!complete) return start;
      this.line = startLine + lines;
      if (fields.length === 1 && fields[0] === '') continue;
      out.push({ rowNumber: startLine, values: fields });
    }
    return pos;
  }

  private readQuoted(s: string, from: number, final: boolean): { value: string; end: number; lines: number } | null {
    let value = '';
    let i = from;
    for (;;) {
      const q = s.indexOf('"', i);
      if (q < 0) return null;
      if (q + 1 >= s.length && !final) return null;
      if (s.charCodeAt(q + 1) === QUOTE) {
        value += s.slice(i, q + 1);
        i = q + 2;
        continue;
      }
      value += s.slice(i, q);
      return { value, end: q + 1, lines: countLines(value) };
    }
  }

  // The record starting at `start` has a quote that never closes: reject its first line, resume after it.
  private emitBrokenLine(s: string, start: number, startLine: number, out: RawRow[]): number {
    let end = start;
    while (end < s.length && s.charCodeAt(end) !== LF && s.charCodeAt(end) !== CR) end++;
    const text = s.slice(start, end);
    out.push({ rowNumber: startLine, values: text.split(String.fromCharCode(this.delimiter)), defect: 'UNTERMINATED_QUOTE' });
    if (s.charCodeAt(end) === CR && s.charCodeAt(end + 1) === LF) end += 2;
    else if (end < s.length) end++;
    this.line = startLine + 1;
    return end;
  }
}

function countLines(value: string): number {
  let count = 0;
  let i = value.indexOf('\n');
  while (i >= 0) {
    count++;
    i = value.indexOf('\n', i + 1);
  }
  if (count === 0 && value.indexOf('\r') >= 0) {
    for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === CR) count++;
  }
  return count;
}
