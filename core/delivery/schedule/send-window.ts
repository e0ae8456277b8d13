import { ValidationError } from '../../errors.js';
import { addDays, civilDateAt, firstInstantAtLocal, ianaZone, isoWeekday } from './local-time.js';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * When an account may send: on the given weekdays, from `startMinute` to `endMinute` (minutes after local
 * midnight, end exclusive) in the IANA `zone`. An end earlier than the start runs across midnight
 * (`22:00–02:00`); the weekday is the day the window opens, so Friday 22:00–02:00 ends Saturday 02:00.
 * An end of 1440 means midnight at the end of the day (`00:00–24:00` is the whole day).
 * Build one with `createSendWindow`, which validates it.
 */
export interface SendWindow {
  readonly zone: string;
  readonly days: readonly Weekday[];
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A stretch of time during which sending is allowed, as instants. */
export interface SendingInterval {
  readonly opensAt: Date;
  readonly closesAt: Date;
}

/** What a user sets: zone, weekdays and hours as `HH:mm–HH:mm` (any dash; end may be `24:00`). */
export interface SendWindowSpec {
  readonly zone: string;
  readonly days: readonly number[];
  readonly hours: string;
}

/** Every day of the week, for windows that do not skip weekends. */
export const ALL_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const HOURS_PATTERN = /^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$/u;

/**
 * Validates a user's window settings and returns the window.
 * @throws ValidationError for an unknown zone, no or invalid weekdays, malformed hours, or start = end.
 */
export function createSendWindow(spec: SendWindowSpec): SendWindow {
  ianaZone(spec.zone);
  const problems: string[] = [];
  const days = [...new Set(spec.days)].sort((a, b) => a - b);
  if (days.length === 0 || !days.every(isWeekday)) problems.push('days must be a non-empty set of 1…7');
  const match = HOURS_PATTERN.exec(spec.hours);
  const start = match ? minuteOf(match[1], match[2], false) : undefined;
  const end = match ? minuteOf(match[3], match[4], true) : undefined;
  if (start === undefined || end === undefined) problems.push('hours must look like 09:00–18:00');
  else if (start === end) {
    problems.push('a window must not start and end at the same time');
  }
  if (problems.length > 0 || start === undefined || end === undefined) {
    throw new ValidationError('invalid sending window', problems);
  }
  return { zone: spec.zone, days: days.filter(isWeekday), startMinute: start, endMinute: end };
}

/** Whether sending is allowed at instant `t`. */
export function isInWindow(t: Date, window: SendWindow): boolean {
  const ms = t.getTime();
  for (const [opens, closes] of intervalsFrom(ms, window, -1, 1)) {
    if (opens <= ms && ms < closes) return true;
  }
  return false;
}

/**
 * The interval that contains `now`, or else the next one to open.
 * @throws ValidationError when the window never opens (no valid weekday).
 */
export function nextSendingInterval(now: Date, window: SendWindow): SendingInterval {
  const ms = now.getTime();
  // Two weeks cover any weekday set even when one opening falls entirely inside a DST gap.
  for (const [opens, closes] of intervalsFrom(ms, window, -1, 15)) {
    if (closes > ms) return { opensAt: new Date(opens), closesAt: new Date(closes) };
  }
  throw new ValidationError('the sending window never opens', [window.zone]);
}

/** `now` when sending is allowed now, else the next moment the window opens. */
export function nextWindowOpening(now: Date, window: SendWindow): Date {
  const { opensAt } = nextSendingInterval(now, window);
  return opensAt.getTime() > now.getTime() ? opensAt : now;
}

// Non-empty [opens, closes) intervals for windows opening on local days `from`…`to` around `ms`, in order,
// computed lazily because callers usually stop at the first or second one.
function* intervalsFrom(ms: number, window: SendWindow, from: number, to: number): Generator<[number, number]> {
  const zone = ianaZone(window.zone);
  const today = civilDateAt(ms, zone);
  const crossesMidnight = window.endMinute <= window.startMinute;
  for (let offset = from; offset <= to; offset += 1) {
    const date = addDays(today, offset);
    if (!window.days.includes(isoWeekday(date) as Weekday)) continue;
    const opens = firstInstantAtLocal(date, window.startMinute, zone);
    const closes = firstInstantAtLocal(crossesMidnight ? addDays(date, 1) : date, window.endMinute, zone);
    if (closes > opens) yield [opens, closes];
  }
}

function isWeekday(day: number): day is Weekday {
  return Number.isInteger(day) && day >= 1 && day <= 7;
}

function minuteOf(hours: string | undefined, minutes: string | undefined, isEnd: boolean): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59) return undefined;
  if (h === 24 && m === 0 && isEnd) return 1440;
  return h <= 23 ? h * 60 + m : undefined;
}
