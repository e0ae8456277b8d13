import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '../clock.js';

export const LOG_FILE_PREFIX = 'contactd-';
export const LOG_FILE_SUFFIX = '.log';

/** `contactd-YYYY-MM-DD.log` for the UTC day of `at`. */
export function logFileName(at: Date): string {
  return `${LOG_FILE_PREFIX}${at.toISOString().slice(0, 10)}${LOG_FILE_SUFFIX}`;
}

/** Appends log lines to one file per UTC day in `dir`, switching files at midnight. */
export class DailyFileStream extends Writable {
  private current?: { name: string; stream: WriteStream };

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    super();
    mkdirSync(dir, { recursive: true });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const name = logFileName(this.clock.now());
    if (this.current?.name !== name) {
      this.current?.stream.end();
      this.current = { name, stream: createWriteStream(path.join(this.dir, name), { flags: 'a', mode: 0o640 }) };
    }
    this.current.stream.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.current) return callback();
    this.current.stream.end(callback);
  }
}
