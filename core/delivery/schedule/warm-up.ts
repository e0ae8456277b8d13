import type { Zone } from 'luxon';
import { civilDateAt, ianaZone } from './local-time.js';

/** How a new or recently restricted account's daily cap grows. */
export interface WarmUpPolicy {
  /** Cap on the first day of a new account. */
  readonly startCap: number;
  /** Cap on the first day after a restriction: lower than `startCap`, the account has just been flagged. */
  readonly restartCap: number;
  /** Added to the cap for every healthy day. */
  readonly dailyIncrement: number;
}

/**
 * Default warm-up: a new account starts at 10 messages a day and gains 5 per healthy day (so it reaches a
 * user cap of 50 after 8 days); after a restriction it starts again from 5. The user's own cap is always
 * the ceiling.
 */
export const WARM_UP_DEFAULTS: WarmUpPolicy = Object.freeze({ startCap: 10, restartCap: 5, dailyIncrement: 5 });

export interface WarmUpInput {
  /** The cap the user chose for the account. */
  readonly userCap: number;
  /** Whole days since the account started sending through us. */
  readonly accountAgeDays: number;
  /** Whole days since its last restriction ended; `null`/absent when it was never restricted. */
  readonly healthyDaysSinceLastRestriction?: number | null;
  readonly policy?: Partial<WarmUpPolicy>;
}

/** Today's cap for an account: the warm-up allowance, never above the user's cap, never below 0. */
export function effectiveDailyCap(input: WarmUpInput): number {
  const policy = { ...WARM_UP_DEFAULTS, ...input.policy };
  const age = nonNegativeInteger(input.accountAgeDays);
  const restricted = input.healthyDaysSinceLastRestriction != null;
  const healthyDays = restricted ? Math.min(age, nonNegativeInteger(input.healthyDaysSinceLastRestriction ?? 0)) : age;
  const base = restricted ? policy.restartCap : policy.startCap;
  return Math.max(0, Math.min(nonNegativeInteger(input.userCap), base + policy.dailyIncrement * healthyDays));
}

function nonNegativeInteger(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** What an account's warm-up depends on (`sender_accounts.warmup_started_at`, `last_restricted_at`). */
export interface WarmUpState {
  /** When the account first became active with us; `null` = it starts today. */
  readonly warmupStartedAt: Date | null;
  /** The latest restriction or unhealthy signal; growth restarts from there. */
  readonly lastRestrictedAt: Date | null;
}

/**
 * The account's cap for the local day (in `zone`) that contains `dayStartMs`: `effectiveDailyCap` with the
 * account's age and healthy days counted in calendar days of that zone, so the cap a plan uses for a day
 * three days ahead is the one the account will have earned by then if it stays healthy.
 */
export function warmUpCapForDay(state: WarmUpState, userCap: number, dayStartMs: number, zone: string, policy?: Partial<WarmUpPolicy>): number {
  const tz = ianaZone(zone);
  const day = civilDayNumber(dayStartMs, tz);
  const accountAgeDays = state.warmupStartedAt === null ? 0 : day - civilDayNumber(state.warmupStartedAt.getTime(), tz);
  const healthyDaysSinceLastRestriction = state.lastRestrictedAt === null ? null : day - civilDayNumber(state.lastRestrictedAt.getTime(), tz);
  return effectiveDailyCap({ userCap, accountAgeDays, healthyDaysSinceLastRestriction, ...(policy ? { policy } : {}) });
}

// Days since the epoch of the calendar date shown in `zone` at `ms`: differences are whole calendar days.
function civilDayNumber(ms: number, zone: Zone): number {
  const date = civilDateAt(ms, zone);
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);
}
