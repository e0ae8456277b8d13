import type { RandomSource } from '../random.js';
import { nextSendingInterval, type PlanSlotsInput, type SendWindow } from '../delivery/schedule/index.js';
import { ianaZone, startOfNextLocalDay } from '../delivery/schedule/local-time.js';
import type { Schedule } from './campaign.types.js';

/** A sender account as the planner sees it. */
export interface PlannedAccount {
  id: number;
  /** The account's own daily limit (`sender_accounts.daily_limit`); the campaign cap applies on top. */
  dailyLimit: number;
  /** The account's latest planned or made send, so campaigns sharing it keep its pace. */
  lastSentAt: Date | null;
  /** Sends already made today. */
  sentToday: number;
}

/**
 * Planned times for `count` deliveries rotated over `accounts`: delivery `i` (0-based) goes to account
 * `i % n` and gets that account's `⌊i / n⌋`-th slot within the window, cap and delays. An entry is null
 * when the account has no slot left before the schedule's end (the delivery is not materialised).
 */
export function planRotation(
  accounts: readonly PlannedAccount[],
  count: number,
  schedule: Schedule,
  window: SendWindow,
  start: Date,
  random: RandomSource,
): (string | null)[] {
  const n = accounts.length;
  const planned: (string | null)[] = new Array<string | null>(count).fill(null);
  if (n === 0) return planned;
  const endAt = schedule.endAt === null ? null : new Date(schedule.endAt);
  accounts.forEach((account, k) => {
    const share = k < count ? Math.ceil((count - k) / n) : 0;
    if (share === 0) return;
    const slots = fastPlanSlots({
      window,
      dailyCap: Math.min(schedule.dailyCapPerAccount, account.dailyLimit),
      delay: { minSeconds: schedule.delaySeconds.min, maxSeconds: schedule.delaySeconds.max },
      endAt,
      start,
      count: share,
      sentToday: account.sentToday,
      lastSentAt: account.lastSentAt,
      random,
    });
    slots.forEach((slot, j) => {
      planned[j * n + k] = slot.toISOString();
    });
  });
  return planned;
}

/**
 * The same slots as `planSlots` (same rules, same random draws in the same order), found interval by
 * interval instead of searching the window again for every slot: a launch plans 100,000 slots.
 */
export function fastPlanSlots(input: PlanSlotsInput): Date[] {
  const slots: Date[] = [];
  if (input.dailyCap <= 0 || input.count <= 0) return slots;
  const zone = ianaZone(input.window.zone);
  const endMs = input.endAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const pause = (): number => input.random.int(input.delay.minSeconds, input.delay.maxSeconds) * 1000;
  let t = input.start.getTime();
  if (input.lastSentAt) t = Math.max(t, input.lastSentAt.getTime() + pause());
  let dayEnd = startOfNextLocalDay(input.start.getTime(), zone);
  let used = input.sentToday ?? 0;
  while (slots.length < input.count) {
    const interval = nextSendingInterval(new Date(t), input.window);
    let slot = Math.max(t, interval.opensAt.getTime());
    const closes = interval.closesAt.getTime();
    if (slot >= endMs) break;
    if (slot >= dayEnd) {
      used = 0;
      dayEnd = startOfNextLocalDay(slot, zone);
    }
    if (used >= input.dailyCap) {
      t = dayEnd;
      continue;
    }
    while (slots.length < input.count && slot < closes && slot < dayEnd && slot < endMs && used < input.dailyCap) {
      slots.push(new Date(slot));
      used += 1;
      t = slot + pause();
      slot = t;
    }
    if (slots.length < input.count && slot >= closes) t = Math.max(t, closes);
  }
  return slots;
}
