import { DateTime } from 'luxon';
import { ValidationError } from '../../errors.js';
import { ianaZone } from './local-time.js';
import { nextWindowOpening } from './send-window.js';
import type { SendWindow } from './send-window.js';

/** How long after the previous step a follow-up is due. */
export interface FollowUpDelay {
  /** Calendar days in the window's zone: "2 days after Friday 10:00" is Sunday 10:00 local, DST or not. */
  readonly days?: number;
  /** Elapsed hours, added after the days. */
  readonly hours?: number;
}

/**
 * When a follow-up to a message sent at `prevSentAt` may go out: the delay after it, then pushed to the
 * next moment the window is open.
 * @throws ValidationError for a negative or fractional delay, or no delay at all.
 */
export function followUpDueAt(prevSentAt: Date, delay: FollowUpDelay, window: SendWindow): Date {
  const days = delay.days ?? 0;
  const hours = delay.hours ?? 0;
  if (![days, hours].every((n) => Number.isInteger(n) && n >= 0) || days + hours === 0) {
    throw new ValidationError('invalid follow-up delay', ['days and hours must be whole numbers ≥ 0, not both 0']);
  }
  const due = DateTime.fromJSDate(prevSentAt, { zone: ianaZone(window.zone) })
    .plus({ days })
    .plus({ hours });
  return nextWindowOpening(due.toJSDate(), window);
}
