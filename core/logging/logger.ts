import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import { DailyFileStream } from './daily-file-stream.js';
import { scrubText, scrubValue } from './redact.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Folder of the daily files; none = no files. */
  dir?: string;
  stdout: boolean;
  clock?: Clock;
  /** Extra destination (tests capture lines here). */
  extra?: NodeJS.WritableStream;
}

/** JSON logs to stdout and daily files, with every line scrubbed of personal data and secrets. */
export function createLogger(options: LoggerOptions): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.stdout) streams.push({ stream: process.stdout, level: options.level as pino.Level });
  if (options.dir) streams.push({ stream: new DailyFileStream(options.dir, options.clock ?? systemClock), level: options.level as pino.Level });
  if (options.extra) streams.push({ stream: options.extra, level: options.level as pino.Level });
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (e: Error) => scrubValue(pino.stdSerializers.err(e)) },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    pino.multistream(streams),
  );
}
