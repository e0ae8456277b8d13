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
