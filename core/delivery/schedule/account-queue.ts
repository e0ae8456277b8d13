import type { RandomSource } from '../../random.js';
import { ianaZone, startOfLocalDay, startOfNextLocalDay } from './local-time.js';
import { nextSendingInterval, type SendWindow } from './send-window.js';
import type { SendDelay } from './slot-planner.js';

/** One message waiting in an account's queue, as the planner sees it. */
export interface QueuedSend {
  /** The zone its window applies in (the recipient's local time); `null` = the window's own zone. */
  readonly zone: string | null;
  /** The recipient already knows the account (a dialog or its address book). */
  readonly warm: boolean;
}

export interface AccountQueueInput {
  /** In priority order: earlier items get earlier slots whenever their window is open. */
  readonly items: readonly QueuedSend[];
  /** The campaign's window. Its zone is also the zone of the account's days (daily caps). */
  readonly window: SendWindow;
  /** The account's cap for the local day that starts at `dayStartMs` (warm-up grows it day by day). */
  readonly dailyCap: (dayStartMs: number) => number;
  readonly delay: SendDelay;
  /** The pause after a message to a cold recipient is this many times longer: cold contacts go out thinner. */
  readonly coldDelayFactor?: number;
  /** No slot at or after this instant. */
  readonly endAt?: Date | null;
  /** Earliest time for the first message. */
  readonly start: Date;
  /** The account's previous send (or planned send of another campaign): the first slot keeps the pace after it. */
  readonly lastSentAt?: Date | null;
  /** Sends (and reachability checks) already made on the account's local day of `start`. */
  readonly sentToday?: number;
  readonly random: RandomSource;
}

/** Cold recipients get twice the pause of warm ones unless the caller says otherwise. */
export const COLD_DELAY_FACTOR = 2;

// A day without any allowance (a cap of 0) is skipped; this bounds the search when every day is 0.
const MAX_EMPTY_DAYS = 400;

interface ZoneQueue {
  readonly window: SendWindow;
  readonly indices: number[];
  head: number;
  opens: number;
  closes: number;
}

/**
 * Planned send times for one account's queue: one message at a time, a random pause between two (longer
 * after a cold recipient), each message inside its own window (the recipient's zone when it has one), at most
 * the day's cap per local day of the account. Whenever several messages could go, the earliest in `items`
 * goes first, so warm-first and original order survive; a message whose window is closed waits without
 * holding up the others. Returns one entry per item, `null` when no slot is left before `endAt`.
 */
export function planAccountQueue(input: AccountQueueInput): (Date | null)[] {
  return Array.from(planAccountQueueTimes(input), (ms) => (Number.isNaN(ms) ? null : new Date(ms)));
}

/**
 * `planAccountQueue` as epoch milliseconds, `NaN` for an item without a slot: no object per message, for plans of
 * 100,000 messages.
 */
export function planAccountQueueTimes(input: AccountQueueInput): Float64Array {
  const planned = new Float64Array(input.items.length).fill(Number.NaN);
  if (input.items.length === 0) return planned;
  const dayZone = ianaZone(input.window.zone);
  const endMs = input.endAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const coldFactor = input.coldDelayFactor ?? COLD_DELAY_FACTOR;
  const pause = (warm: boolean): number => input.random.int(input.delay.minSeconds, input.delay.maxSeconds) * 1000 * (warm ? 1 : coldFactor);
  let queues = groupByZone(input.items, input.window);

  let t = input.start.getTime();
  if (input.lastSentAt) t = Math.max(t, input.lastSentAt.getTime() + pause(true));
  let dayStart = startOfLocalDay(t, dayZone);
  let dayEnd = startOfNextLocalDay(t, dayZone);
  let used = dayStart === startOfLocalDay(input.start.getTime(), dayZone) ? (input.sentToday ?? 0) : 0;
  let cap = input.dailyCap(dayStart);
  let emptyDays = 0;
  let remaining = input.items.length;

  while (remaining > 0 && t < endMs) {
    if (t >= dayEnd) {
      dayStart = startOfLocalDay(t, dayZone);
      dayEnd = startOfNextLocalDay(t, dayZone);
      used = 0;
      cap = input.dailyCap(dayStart);
    }
    if (used >= cap) {
      if (cap <= 0 && ++emptyDays > MAX_EMPTY_DAYS) break;
      t = dayEnd;
      continue;
    }
    const next = openQueueAt(queues, t);
    if (typeof next === 'number') {
      t = next;
      continue;
    }
    const index = next.indices[next.head]!;
    next.head += 1;
    if (next.head === next.indices.length) queues = queues.filter((queue) => queue !== next);
    planned[index] = t;
    used += 1;
    remaining -= 1;
    emptyDays = 0;
    t += pause(input.items[index]!.warm);
  }
  return planned;
}

function groupByZone(items: readonly QueuedSend[], window: SendWindow): ZoneQueue[] {
  const byZone = new Map<string, ZoneQueue>();
  items.forEach((item, index) => {
    const zone = item.zone ?? window.zone;
    let queue = byZone.get(zone);
    if (queue === undefined) {
      queue = { window: zone === window.zone ? window : { ...window, zone }, indices: [], head: 0, opens: 0, closes: Number.NEGATIVE_INFINITY };
      byZone.set(zone, queue);
    }
    queue.indices.push(index);
  });
  return [...byZone.values()];
}

/** The open queue whose next item comes first in the plan, or else the earliest instant one opens. */
function openQueueAt(queues: readonly ZoneQueue[], t: number): ZoneQueue | number {
  let best: ZoneQueue | undefined;
  let nextOpening = Number.POSITIVE_INFINITY;
  for (const queue of queues) {
    if (queue.closes <= t) {
      const interval = nextSendingInterval(new Date(t), queue.window);
      queue.opens = interval.opensAt.getTime();
      queue.closes = interval.closesAt.getTime();
    }
    if (queue.opens > t) {
      nextOpening = Math.min(nextOpening, queue.opens);
    } else if (best === undefined || queue.indices[queue.head]! < best.indices[best.head]!) {
      best = queue;
    }
  }
  return best ?? nextOpening;
}
