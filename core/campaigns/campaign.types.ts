/**
 * The campaign contract shared by the engine and the bot: settings, views, validation issues, stats.
 * Everything is data (codes, numbers, ISO strings); the bot turns it into words.
 */
import type { Platform } from '../messengers/messenger.js';
import type { DeliveryCounts } from './campaign.notifications.js';

export type { DeliveryCounts } from './campaign.notifications.js';

export type Channel = Platform | 'any';
export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'replied' | 'failed' | 'skipped';

export interface Audience {
  listIds: number[];
  tags: string[];
  excludeTags: string[];
}

export interface Schedule {
  /** ISO instant; null = as soon as launched. */
  startAt: string | null;
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  hours: { from: string; to: string };
  dailyCapPerAccount: number;
  delaySeconds: { min: number; max: number };
  endAt: string | null;
  /** The window applies in each recipient's own time zone (when known) instead of `timeZone`. */
  recipientLocalTime: boolean;
}

export interface CampaignSettings {
  name: string;
  channel: Channel;
  preferredChannel: Platform;
  accountIds: number[];
  audience: Audience;
  schedule: Schedule;
  allowOverlap: boolean;
}

export interface StepInput {
  template: string;
  /** Seconds after the previous step was sent; 0 for the first step. */
  delaySeconds: number;
}

export interface CampaignStep extends StepInput {
  id: number;
  /** 1-based. */
  position: number;
}

export interface CampaignView extends CampaignSettings {
  id: number;
  status: CampaignStatus;
  steps: CampaignStep[];
  counts: DeliveryCounts;
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
}

export interface CampaignSummary {
  id: number;
  name: string;
  status: CampaignStatus;
  channel: Channel;
  steps: number;
  counts: DeliveryCounts;
  createdAt: string;
}

/**
 * Stable codes of campaign problems found by `validate`, with the keys of their `data`:
 * - template codes (`TEMPLATE_*`, see core/campaigns/template) with `step`, `line`, `column` set;
 * - `CAMPAIGN_NO_STEPS` `{}`; `CAMPAIGN_NO_ACCOUNTS` `{}`;
 * - `CAMPAIGN_ACCOUNT_UNAVAILABLE` `{ accountId, status }` — chosen account not connected/active or foreign;
 * - `CAMPAIGN_NO_ACCOUNT_FOR_CHANNEL` `{ channel }` — no chosen account on the campaign's platform;
 * - `CAMPAIGN_EMPTY_AUDIENCE` `{ matched }` — nobody can be messaged;
 * - `CAMPAIGN_CAP_ABOVE_SAFE` `{ cap, safe }`, `CAMPAIGN_DELAY_BELOW_SAFE` `{ min, safe }` (warnings);
 * - `CAMPAIGN_INVALID_SCHEDULE` `{ detail }`; `CAMPAIGN_END_IN_PAST` `{ endAt }`;
 * - `CAMPAIGN_FOLLOW_UP_WITHOUT_DELAY` `{}` — a step after the first with delay 0 (error).
 */
export interface Issue {
  code: string;
  severity: 'error' | 'warning';
  /** 1-based step position for step issues. */
  step?: number;
  line?: number;
  column?: number;
  data: Record<string, string | number>;
}

export interface ValidationReport {
  errors: Issue[];
  warnings: Issue[];
}

export interface AudienceReport {
  matched: number;
  reachable: { telegram: number; whatsapp: number };
  optedOut: number;
  /** Matched contacts already messaged by another running/paused campaign of the user. */
  alreadyContacted: number;
}

/** How one sender account's share of a launch was planned. */
export interface AccountPlan {
  accountId: number;
  /** Planned messages to recipients who already know the account (sent first). */
  warm: number;
  /** Planned messages to first-time recipients (spread more thinly). */
  cold: number;
  /** ISO instants of the account's first and last planned message; null when nothing was planned. */
  firstAt: string | null;
  lastAt: string | null;
  /** Recipients given to the account for whom no slot was left before the campaign's end. */
  unplanned: number;
}

/** What a launch (or its dry run, `planPreview`) planned. */
export interface LaunchResult {
  /** Deliveries materialised (the dry run: that would be). */
  queued: number;
  /** Matched contacts left out: opted out, unreachable, already in another campaign, duplicate recipients. */
  skipped: number;
  /** Sendable recipients without a slot before the end date (not materialised). */
  unplanned: number;
  /** Per account, in account id order. */
  accounts: AccountPlan[];
}

export interface StepStats {
  position: number;
  counts: DeliveryCounts;
  replyRate: number;
}

export interface AccountStats {
  accountId: number | null;
  counts: DeliveryCounts;
  replyRate: number;
}

export interface CampaignStats {
  campaignId: number;
  status: CampaignStatus;
  counts: DeliveryCounts;
  /** replied / (sent + replied), 0..1. */
  replyRate: number;
  perStep: StepStats[];
  perAccount: AccountStats[];
  topErrors: { code: string; count: number }[];
}

export interface OverallStats {
  campaigns: Record<CampaignStatus, number>;
  counts: DeliveryCounts;
  replyRate: number;
  optedOut: number;
}

/** Conservative defaults that keep accounts out of trouble (the bot may let users go above, with a warning). */
export const SAFE_LIMITS = Object.freeze({ dailyCapPerAccount: 20, minDelaySeconds: 45, maxDelaySeconds: 120 });

/** The schedule a new draft gets: Mon–Fri 10:00–18:00 in the user's zone, safe cap and delays. */
export function defaultSchedule(timeZone: string): Schedule {
  return {
    startAt: null,
    timeZone,
    days: [1, 2, 3, 4, 5],
    hours: { from: '10:00', to: '18:00' },
    dailyCapPerAccount: SAFE_LIMITS.dailyCapPerAccount,
    delaySeconds: { min: SAFE_LIMITS.minDelaySeconds, max: SAFE_LIMITS.maxDelaySeconds },
    endAt: null,
    recipientLocalTime: false,
  };
}

/** Zero counts for every status. */
export function emptyCounts(): DeliveryCounts {
  return { queued: 0, sending: 0, sent: 0, replied: 0, failed: 0, skipped: 0, total: 0 };
}

/** replied / delivered (sent or replied); 0 when nothing was delivered. */
export function replyRate(counts: DeliveryCounts): number {
  const delivered = counts.sent + counts.replied;
  return delivered === 0 ? 0 : counts.replied / delivered;
}
