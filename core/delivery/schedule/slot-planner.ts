import { ValidationError } from '../../errors.js';
import type { RandomSource } from '../../random.js';
import { civilDateAt, dateKey, ianaZone, startOfNextLocalDay } from './local-time.js';
import { nextWindowOpening } from './send-window.js';
import type { SendWindow } from './send-window.js';

/** Random pause between two messages of one account, in whole seconds, both bounds inclusive. */
export interface SendDelay {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** How many messages an account has sent on one calendar day (`yyyy-MM-dd` in the window's zone). */
export interface DayCount {
  readonly date: string;
  readonly count: number;
}

/** The pacing rules of one sender account. */
export interface PacingRules {
  readonly window: SendWindow;
  /** Messages per calendar day in the window's zone (0 = none). */
  readonly dailyCap: number;
  readonly delay: SendDelay;
  /** No slot at or after this instant. */
  readonly endAt?: Date | null;
}

export interface NextSlotInput extends PacingRules {
  /** No slot before this instant (usually now, or the campaign start). */
  readonly notBefore: Date;
  /** The account's previous send; the next one waits a random delay after it. */
  readonly lastSentAt?: Date | null;
  /** Sends already made on some day; counts against the cap only when the slot falls on that day. */
  readonly sentOnDay?: DayCount | null;
  readonly random: RandomSource;
}

export interface PlanSlotsInput extends PacingRules {
  /** Earliest time for the first message. */
  readonly start: Date;
  /** How many messages to plan. */
  readonly count: number;
  /** Sends already made on the local day of `start`. */
  readonly sentToday?: number;
  readonly lastSentAt?: Date | null;
  readonly random: RandomSource;
}

// A cap of at least one per day always finds a slot within a year; the bound only stops a runaway loop.
const MAX_DAYS_SEARCHED = 400;

/** The `yyyy-MM-dd` key of the calendar day containing `t` in the window's zone. */
export function dayKeyInWindow(t: Date, window: SendWindow): string {
  return dateKey(civilDateAt(t.getTime(), ianaZone(window.zone)));
}

/**
 * The next moment one account may send: a random delay after its last send, not before `notBefore`, inside
 * the window, on a day whose cap is not used up. Returns `null` when that moment is at or after `endAt`
 * (or the cap is 0).
 * @throws ValidationError for a negative cap or an invalid delay.
 */
export function nextSlot(input: NextSlotInput): Date | null {
  assertPacing(input);
  if (input.dailyCap === 0) return null;
  const zone = ianaZone(input.window.zone);
  const endMs = input.endAt?.getTime() ?? Number.POSITIVE_INFINITY;
  let earliest = input.notBefore.getTime();
  if (input.lastSentAt) {
    const pause = input.random.int(input.delay.minSeconds, input.delay.maxSeconds) * 1000;
    earliest = Math.max(earliest, input.lastSentAt.getTime() + pause);
  }
  for (let day = 0; day < MAX_DAYS_SEARCHED; day += 1) {
    const opening = nextWindowOpening(new Date(earliest), input.window).getTime();
    if (opening >= endMs) return null;
    const key = dateKey(civilDateAt(opening, zone));
    const used = input.sentOnDay?.date === key ? input.sentOnDay.count : 0;
    if (used < input.dailyCap) return new Date(opening);
    earliest = startOfNextLocalDay(opening, zone);
  }
  return null;
}

/**
 * Planned send times for up to `count` messages of one account, in order. Fewer come back when the end date
 * cuts the plan short.
 */
export function planSlots(input: PlanSlotsInput): Date[] {
  const slots: Date[] = [];
  let lastSentAt = input.lastSentAt ?? null;
  let sentOnDay: DayCount = { date: dayKeyInWindow(input.start, input.window), count: input.sentToday ?? 0 };
  while (slots.length < input.count) {
    const slot = nextSlot({ ...input, notBefore: input.start, lastSentAt, sentOnDay });
    if (slot === null) break;
    slots.push(slot);
    lastSentAt = slot;
    const key = dayKeyInWindow(slot, input.window);
    sentOnDay = { date: key, count: key === sentOnDay.date ? sentOnDay.count + 1 : 1 };
  }
  return slots;
}

function assertPacing(rules: PacingRules): void {
  const problems: string[] = [];
  if (!Number.isInteger(rules.dailyCap) || rules.dailyCap < 0) problems.push('dailyCap must be a whole number ≥ 0');
  const { minSeconds, maxSeconds } = rules.delay;
  if (!Number.isInteger(minSeconds) || !Number.isInteger(maxSeconds) || minSeconds < 0 || maxSeconds < minSeconds) {
    problems.push('delay must be whole seconds with 0 ≤ min ≤ max');
  }
  if (problems.length > 0) throw new ValidationError('invalid pacing rules', problems);
}
