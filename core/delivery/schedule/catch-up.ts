import type { RandomSource } from '../../random.js';
import { planSlots } from './slot-planner.js';
import type { PacingRules } from './slot-planner.js';

/** A send that should have happened already (the account was paused, or the workers were down). */
export interface OverdueSend<Id> {
  readonly id: Id;
  readonly plannedAt: Date;
}

export interface ReplanInput<Id> extends PacingRules {
  readonly items: readonly OverdueSend<Id>[];
  readonly now: Date;
  /** A send planned longer ago than this is stale: too late to send without a fresh decision. */
  readonly maxAgeMs: number;
  readonly lastSentAt?: Date | null;
  /** Sends already made on the local day of `now`. */
  readonly sentToday?: number;
  readonly random: RandomSource;
}

export interface ReplannedSend<Id> {
  readonly id: Id;
  readonly plannedAt: Date;
  readonly originalAt: Date;
}

export interface DroppedSend<Id> {
  readonly id: Id;
  readonly originalAt: Date;
}

export interface ReplanResult<Id> {
  /** New times, in the order the sends were first planned. */
  readonly replanned: readonly ReplannedSend<Id>[];
  /** Older than the maximum age: mark them, do not send them. */
  readonly stale: readonly DroppedSend<Id>[];
  /** No slot before the end date. */
  readonly unscheduled: readonly DroppedSend<Id>[];
}

/**
 * Moves overdue sends forward from `now` at the normal pace (random delay, window, daily cap), keeping
 * their original order, so a pause or an outage never ends in a burst. Sends planned more than `maxAgeMs`
 * before `now` come back as stale instead.
 */
export function replanOverdue<Id>(input: ReplanInput<Id>): ReplanResult<Id> {
  const nowMs = input.now.getTime();
  const ordered = input.items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.plannedAt.getTime() - b.item.plannedAt.getTime() || a.index - b.index)
    .map(({ item }) => item);
  const stale = ordered.filter((item) => nowMs - item.plannedAt.getTime() > input.maxAgeMs);
  const fresh = ordered.filter((item) => nowMs - item.plannedAt.getTime() <= input.maxAgeMs);
  const slots = planSlots({ ...input, start: input.now, count: fresh.length });
  return {
    replanned: slots.map((plannedAt, index) => {
      const item = fresh[index] as OverdueSend<Id>;
      return { id: item.id, plannedAt, originalAt: item.plannedAt };
    }),
    stale: stale.map(dropped),
    unscheduled: fresh.slice(slots.length).map(dropped),
  };
}

function dropped<Id>(item: OverdueSend<Id>): DroppedSend<Id> {
  return { id: item.id, originalAt: item.plannedAt };
}
