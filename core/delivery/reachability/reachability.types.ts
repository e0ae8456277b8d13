/**
 * Reachability pre-flight: shared names and shapes. A lookup (Telegram username/phone resolution, WhatsApp
 * registration check) costs one unit of the sender account's daily budget, like a send; its answer is cached per
 * (account, recipient) until it expires.
 */
import type { Platform } from '../../messengers/messenger.js';

/** The job that checks a campaign's audience, run by the worker(s) holding the campaign's accounts. */
export const PREFLIGHT_JOB = 'campaign.preflight';

/** Payload of `PREFLIGHT_JOB`. `accountIds` absent = every usable account of the campaign. */
export interface PreflightPayload {
  userId: number;
  campaignId: number;
  accountIds?: number[];
  /** How many times the job passed itself on to find the workers holding the accounts. */
  hop?: number;
  /** Lookups and stops of the earlier legs of this run (reported together at the end). */
  checked?: number;
  stops?: CheckStop[];
}

/** Campaign statuses that may still send, so checking their audience is worth a lookup. */
export function isCheckable(status: string): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'running' || status === 'paused';
}

/** `deliveries.error_code` of a delivery skipped because its recipient is cached unreachable. */
export const UNREACHABLE = 'UNREACHABLE';

export interface ReachabilityOptions {
  /** How long a cached answer is trusted. */
  ttlMs: number;
  /** Random pause between two lookups of one account (inclusive bounds). */
  checkDelayMs: { min: number; max: number };
}

export const DEFAULT_REACHABILITY_OPTIONS: ReachabilityOptions = {
  ttlMs: 7 * 86_400_000,
  checkDelayMs: { min: 3_000, max: 8_000 },
};

/** One cached answer, as stored in `recipient_checks`. */
export interface RecipientCheck {
  accountId: number;
  userId: number;
  platform: Platform;
  recipient: string;
  reachable: boolean;
  /** The answer holds for every account of the platform (the recipient does not exist there). */
  everywhere: boolean;
  address: string | null;
  platformUserId: string | null;
  errorCode: string | null;
  checkedAt: Date;
  expiresAt: Date;
}

/** A campaign audience's reachability on one channel. */
export interface ChannelReachability {
  channel: Platform;
  /** Checked and reachable through at least one of the campaign's accounts. */
  reachable: number;
  /** Checked and unreachable through every account that could send to them. */
  unreachable: number;
  /** Not (freshly) checked: they are checked when sending. */
  unchecked: number;
  /** Why the unreachable ones are, most frequent first (at most three). */
  topReasons: { code: string; count: number }[];
}

/** What the review screen and the pre-flight report show. */
export interface ReachabilitySummary {
  campaignId: number;
  channels: ChannelReachability[];
}

/** Why an account stopped checking before its share of the audience was done. */
export type CheckStop = 'budget' | 'flood_wait' | 'not_connected' | 'error';

/** Sent once a pre-flight run has gone through every account of the campaign. */
export interface PreflightDoneNotification {
  campaignId: number;
  name: string;
  /** Lookups made by this run. */
  checked: number;
  /** Stops of this run, one per reason (no duplicates). */
  stops: CheckStop[];
  summary: ReachabilitySummary;
}

declare module '../../notifier.js' {
  interface NotificationMap {
    'campaign.preflight_done': PreflightDoneNotification;
  }
}
