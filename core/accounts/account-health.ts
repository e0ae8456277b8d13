import { IANAZone } from 'luxon';
import { warmUpCapForDay, type WarmUpPolicy, type WarmUpState } from '../delivery/schedule/warm-up.js';
import type { AccountStatus } from './account.types.js';

/**
 * How a sender account is doing, from the platforms' signals:
 * - `restricted`: the platform stopped it (PEER_FLOOD, spam restriction, WhatsApp forbidden); it sends nothing;
 * - `cautious`: warning signs (many or long flood waits, frequent disconnects, many failures, almost no replies);
 *   moving into it restarts the warm-up;
 * - `warming`: fine, but today's warm-up cap is still below the user's cap;
 * - `healthy`: fine, at the user's cap.
 */
export type HealthState = 'healthy' | 'warming' | 'cautious' | 'restricted';

/** Why the state is what it is (the bot words each one). */
export type HealthReason =
  | 'restricted'
  | 'long_flood_wait'
  | 'flood_waits'
  | 'flood_wait_time'
  | 'disconnects'
  | 'failure_rate'
  | 'low_reply_rate'
  | 'warming_up';

/** The thresholds of the health rules; `HEALTH_POLICY_DEFAULTS` holds the values used unless told otherwise. */
export interface HealthPolicy {
  /** Flood waits and disconnects count within this window before now. */
  readonly signalWindowMs: number;
  /** A single FLOOD_WAIT at least this long counts as a restriction: the warm-up restarts. */
  readonly longFloodWaitSeconds: number;
  /** This many flood waits within the window make the account cautious. */
  readonly cautiousFloodWaits: number;
  /** Flood waits adding up to this many seconds within the window make it cautious. */
  readonly cautiousFloodWaitSeconds: number;
  /** This many disconnects (dropped or taken over) within the window make it cautious. */
  readonly cautiousDisconnects: number;
  /** How many of the account's latest finished sends the failure and reply rates look at. */
  readonly rateSampleSize: number;
  /** The failure rate means something from this many finished sends on. */
  readonly minSendsForFailureRate: number;
  /** failed / finished sends at or above this make the account cautious. */
  readonly cautiousFailureRate: number;
  /** The reply rate means something from this many delivered messages on (replies come slowly). */
  readonly minSendsForReplyRate: number;
  /** replied / delivered below this: recipients ignore (or report) the account. */
  readonly minReplyRate: number;
}

/**
 * Defaults: a flood wait of an hour or more is a restriction; 3 flood waits or 30 minutes of waiting in a
 * day, 5 disconnects in a day, 30 % failures among the last 100 sends (at least 20), or under 1 % replies
 * among at least 100 delivered messages make an account cautious.
 */
export const HEALTH_POLICY_DEFAULTS: HealthPolicy = Object.freeze({
  signalWindowMs: 24 * 3_600_000,
  longFloodWaitSeconds: 3_600,
  cautiousFloodWaits: 3,
  cautiousFloodWaitSeconds: 1_800,
  cautiousDisconnects: 5,
  rateSampleSize: 100,
  minSendsForFailureRate: 20,
  cautiousFailureRate: 0.3,
  minSendsForReplyRate: 100,
  minReplyRate: 0.01,
});

/** What is recorded about an account, as `AccountHealthService` reads it. */
export interface HealthSignals extends WarmUpState {
  readonly status: AccountStatus;
  readonly limitedUntil: Date | null;
  /** The cap the user chose (`sender_accounts.daily_limit`). */
  readonly userCap: number;
  /** The user's time zone: warm-up days are the user's calendar days. */
  readonly zone: string;
  /** Flood waits within the policy's window. */
  readonly floodWaits: number;
  readonly floodWaitSeconds: number;
  readonly longestFloodWaitSeconds: number;
  /** Disconnects within the policy's window. */
  readonly disconnects: number;
  /** The latest finished sends (at most `rateSampleSize`): all of them, those that failed, those answered. */
  readonly finished: number;
  readonly failed: number;
  readonly replied: number;
}

/** The numbers behind a state, for the account card. */
export interface HealthFigures {
  floodWaits: number;
  floodWaitSeconds: number;
  longestFloodWaitSeconds: number;
  disconnects: number;
  finished: number;
  /** failed / finished, null without enough sends. */
  failureRate: number | null;
  /** replied / delivered, null without enough delivered messages. */
  replyRate: number | null;
}

export interface AccountHealth {
  state: HealthState;
  reasons: HealthReason[];
  figures: HealthFigures;
  /** The warm-up cap of the user's current day (never above `userCap`). */
  todayCap: number;
  userCap: number;
  /** Until when the account does not send (restriction or flood wait), null when it may send. */
  pausedUntil: Date | null;
}

/** Computes an account's health at `now` from its signals; pure, so every rule is unit-tested. */
export function assessHealth(
  signals: HealthSignals,
  now: Date,
  policy: Partial<HealthPolicy> = {},
  warmUp?: Partial<WarmUpPolicy>,
): AccountHealth {
  const p = { ...HEALTH_POLICY_DEFAULTS, ...policy };
  const delivered = signals.finished - signals.failed;
  const figures: HealthFigures = {
    floodWaits: signals.floodWaits,
    floodWaitSeconds: signals.floodWaitSeconds,
    longestFloodWaitSeconds: signals.longestFloodWaitSeconds,
    disconnects: signals.disconnects,
    finished: signals.finished,
    failureRate: signals.finished >= p.minSendsForFailureRate ? signals.failed / signals.finished : null,
    replyRate: delivered >= p.minSendsForReplyRate ? signals.replied / delivered : null,
  };
  const pausedUntil = signals.limitedUntil !== null && signals.limitedUntil > now ? signals.limitedUntil : null;
  const todayCap = warmUpCapForDay(signals, signals.userCap, now.getTime(), dayZone(signals.zone), warmUp);
  const base = { figures, todayCap, userCap: signals.userCap };

  // A limited account without an end stays restricted until someone looks at it (e.g. WhatsApp forbidden).
  if (signals.status === 'limited' && (signals.limitedUntil === null || pausedUntil !== null)) {
    return { ...base, state: 'restricted', reasons: ['restricted'], pausedUntil: signals.limitedUntil };
  }
  const warnings = warningSigns(figures, p);
  if (warnings.length > 0) return { ...base, state: 'cautious', reasons: warnings, pausedUntil };
  if (todayCap < signals.userCap) return { ...base, state: 'warming', reasons: ['warming_up'], pausedUntil };
  return { ...base, state: 'healthy', reasons: [], pausedUntil };
}

function warningSigns(f: HealthFigures, p: HealthPolicy): HealthReason[] {
  const reasons: HealthReason[] = [];
  if (f.longestFloodWaitSeconds >= p.longFloodWaitSeconds) reasons.push('long_flood_wait');
  if (f.floodWaits >= p.cautiousFloodWaits) reasons.push('flood_waits');
  if (f.floodWaitSeconds >= p.cautiousFloodWaitSeconds) reasons.push('flood_wait_time');
  if (f.disconnects >= p.cautiousDisconnects) reasons.push('disconnects');
  if (f.failureRate !== null && f.failureRate >= p.cautiousFailureRate) reasons.push('failure_rate');
  if (f.replyRate !== null && f.replyRate < p.minReplyRate) reasons.push('low_reply_rate');
  return reasons;
}

// A user's zone may be a fixed offset (`UTC+3`), which the day maths does not read: such users count UTC days.
function dayZone(zone: string): string {
  return IANAZone.isValidZone(zone) ? zone : 'UTC';
}

/** A move into `cautious` (from anything but `restricted`, which restarted the warm-up already) restarts it. */
export function restartsWarmUp(previous: HealthState | null, next: HealthState): boolean {
  return next === 'cautious' && previous !== 'cautious' && previous !== 'restricted';
}
