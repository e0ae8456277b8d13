import type { RandomSource } from '../../random.js';
import { planAccountQueue, type QueuedSend } from './account-queue.js';
import { ianaZone, startOfLocalDay, startOfNextLocalDay } from './local-time.js';
import type { SendWindow } from './send-window.js';
import type { SendDelay } from './slot-planner.js';

/** When an overdue send is too late to go out at all. */
export interface CatchUpPolicy {
  /** A send planned longer ago than this is stale: skipped instead of sent. */
  readonly maxAgeMs: number;
  /** The same for follow-ups (steps after the first), which read out of context much sooner. */
  readonly followUpMaxAgeMs: number;
}

/** Three days for first messages, one day for follow-ups (`CATCH_UP_MAX_AGE_HOURS`, `FOLLOW_UP_MAX_AGE_HOURS`). */
export const DEFAULT_CATCH_UP_POLICY: CatchUpPolicy = Object.freeze({ maxAgeMs: 72 * 3_600_000, followUpMaxAgeMs: 24 * 3_600_000 });

/** One queued send of an account. */
export interface CatchUpItem extends QueuedSend {
  readonly id: number;
  readonly plannedAt: Date;
  /** A step after the first: judged by `followUpMaxAgeMs`. */
  readonly followUp: boolean;
}

/** One campaign's share of the account's queue, with that campaign's pacing. */
export interface CatchUpCampaign {
  readonly campaignId: number;
  /** In queue order (planned time, then id). */
  readonly items: readonly CatchUpItem[];
  readonly window: SendWindow;
  readonly delay: SendDelay;
  /** The account's cap for this campaign per local day of the window's zone (campaign ∧ account ∧ warm-up). */
  readonly dailyCap: (dayStartMs: number) => number;
  readonly startAt: Date | null;
  readonly endAt: Date | null;
}

export interface CatchUpInput {
  readonly campaigns: readonly CatchUpCampaign[];
  readonly now: Date;
  /** The account may not send before this (a platform limit). */
  readonly notBefore?: Date | null;
  /** The account's latest real send. */
  readonly lastSentAt: Date | null;
  /** Sends and checks already counted on the account today. */
  readonly usedToday: number;
  readonly policy: CatchUpPolicy;
  readonly random: RandomSource;
}

export interface CatchUpPlan {
  readonly replanned: readonly { id: number; campaignId: number; at: Date }[];
  readonly stale: readonly { id: number; campaignId: number; followUp: boolean }[];
  /** No slot left before the campaign's end. */
  readonly ended: readonly { id: number; campaignId: number }[];
}

/**
 * Plans one account's whole queue again from `now`, so that whatever fell behind (downtime, a pause, a limit,
 * deliveries moved in from another account) goes out at the normal pace instead of in a burst. Sends that are
 * older than the policy allows come back as stale. Campaigns go one after the other, the one with the earliest
 * send first, each with its own window, cap and delay; the next starts after the previous one's last slot and
 * counts that day's slots against its cap, as the launcher queues a new campaign behind the account's others.
 */
export function planCatchUp(input: CatchUpInput): CatchUpPlan {
  const nowMs = input.now.getTime();
  const replanned: { id: number; campaignId: number; at: Date }[] = [];
  const stale: { id: number; campaignId: number; followUp: boolean }[] = [];
  const ended: { id: number; campaignId: number }[] = [];
  const plans: { campaign: CatchUpCampaign; fresh: CatchUpItem[] }[] = [];
  for (const campaign of input.campaigns) {
    const fresh: CatchUpItem[] = [];
    for (const item of campaign.items) {
      if (isStale(item, nowMs, input.policy)) stale.push({ id: item.id, campaignId: campaign.campaignId, followUp: item.followUp });
      else fresh.push(item);
    }
    if (fresh.length > 0) plans.push({ campaign, fresh });
  }
  plans.sort((a, b) => a.fresh[0]!.plannedAt.getTime() - b.fresh[0]!.plannedAt.getTime());

  const slots: number[] = [];
  let lastSentAt = input.lastSentAt;
  let floor = Math.max(nowMs, input.notBefore?.getTime() ?? nowMs);
  for (const { campaign, fresh } of plans) {
    const start = Math.max(floor, campaign.startAt?.getTime() ?? floor);
    const planned = planAccountQueue({
      items: fresh,
      window: campaign.window,
      dailyCap: campaign.dailyCap,
      delay: campaign.delay,
      endAt: campaign.endAt,
      start: new Date(start),
      lastSentAt,
      sentToday: usedOnDayOf(start, campaign.window.zone, slots, nowMs, input.usedToday),
      random: input.random,
    });
    planned.forEach((at, i) => {
      const item = fresh[i]!;
      if (at === null) {
        ended.push({ id: item.id, campaignId: campaign.campaignId });
        return;
      }
      replanned.push({ id: item.id, campaignId: campaign.campaignId, at });
      slots.push(at.getTime());
      if (lastSentAt === null || at.getTime() > lastSentAt.getTime()) lastSentAt = at;
    });
    // The next campaign starts where this one ends, so its first day's usage includes this one's slots.
    if (lastSentAt !== null) floor = Math.max(floor, lastSentAt.getTime());
  }
  return { replanned, stale, ended };
}

function isStale(item: CatchUpItem, nowMs: number, policy: CatchUpPolicy): boolean {
  const maxAge = item.followUp ? Math.min(policy.followUpMaxAgeMs, policy.maxAgeMs) : policy.maxAgeMs;
  return nowMs - item.plannedAt.getTime() > maxAge;
}

/**
 * The account's usage on the local day (in `zone`) of `start`: slots already planned for earlier campaigns,
 * plus today's real usage when that day is today. The real usage is counted per UTC day
 * (`account_daily_usage`), so near midnight in a far zone it is an estimate; it errs on the side of fewer sends.
 */
function usedOnDayOf(start: number, zone: string, slots: readonly number[], nowMs: number, usedToday: number): number {
  const tz = ianaZone(zone);
  const dayStart = startOfLocalDay(start, tz);
  const dayEnd = startOfNextLocalDay(start, tz);
  const planned = slots.filter((slot) => slot >= dayStart && slot < dayEnd).length;
  return planned + (nowMs >= dayStart && nowMs < dayEnd ? usedToday : 0);
}
