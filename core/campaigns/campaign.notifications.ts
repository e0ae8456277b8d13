/**
 * What the campaign engine tells the user in the bot chat. The bot renders each kind
 * (bot/notifications/campaigns.ts); core only supplies data.
 */
import type { Platform } from '../messengers/messenger.js';

/** Delivery counts of one campaign, by status. */
export interface DeliveryCounts {
  queued: number;
  sending: number;
  sent: number;
  replied: number;
  failed: number;
  skipped: number;
  total: number;
}

/** The live progress message (sent once, then edited in place at most every few seconds). */
export interface CampaignProgressNotification {
  campaignId: number;
  name: string;
  status: 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
  counts: DeliveryCounts;
  /** When the next queued delivery is planned (ISO), null when none is queued. */
  nextPlannedAt: string | null;
}

/** The summary sent once when a campaign has no delivery left to carry out. */
export interface CampaignCompletedNotification {
  campaignId: number;
  name: string;
  counts: DeliveryCounts;
  /** replied / (sent + replied), 0..1; 0 when nothing was delivered. */
  replyRate: number;
  /** Most frequent failure codes, largest first. */
  topErrors: { code: string; count: number }[];
  startedAt: string | null;
  finishedAt: string;
}

/** A contact answered a campaign message. The bot shows buttons: open contact, mark opted-out, reply. */
export interface DeliveryReplyNotification {
  deliveryId: number;
  campaignId: number;
  campaignName: string;
  contactId: number;
  /** A short human label for the contact (name, else username, else phone). */
  contactLabel: string;
  accountId: number;
  /** The reply as received (truncated to 1,000 characters). */
  text: string;
  /** The reply contained a stop word: the contact is now opted out and its queued messages skipped. */
  optedOut: boolean;
}

/** What the engine did about a sender account that the platform limited. */
export type AccountLimitAction =
  /** FLOOD_WAIT: the account pauses until `until`, its deliveries move after it. */
  | 'paused_until'
  /** PEER_FLOOD or RESTRICTED: the account is marked limited; its queued deliveries go to the campaign's other accounts. */
  | 'moved_to_other_accounts'
  /** PEER_FLOOD or RESTRICTED with no other account available: its deliveries wait until `until` (or, without one, stay queued). */
  | 'waiting';

export interface AccountLimitedNotification {
  accountId: number;
  /** The account's label or display name. */
  accountLabel: string;
  platform: Platform;
  /** RESTRICTED: the session itself reported a restriction (a ban, a time lock), not a send. */
  reason: 'FLOOD_WAIT' | 'PEER_FLOOD' | 'RESTRICTED';
  /** Until when the account does not send (ISO); null for a restriction without an end. */
  until: string | null;
  action: AccountLimitAction;
  /** How many queued deliveries were moved (to later or to other accounts). */
  movedDeliveries: number;
  /** Names of the accounts that took the moved deliveries over (`moved_to_other_accounts`); absent or empty otherwise. */
  takenOverBy?: string[];
}

/**
 * A catch-up (after downtime, a pause or a limit) re-planned a campaign's overdue messages at the normal pace
 * and skipped some as too late to send. Sent once per catch-up that skipped anything as stale.
 */
export interface CampaignCaughtUpNotification {
  campaignId: number;
  name: string;
  /** Messages given new times at the normal pace. */
  replanned: number;
  /** Skipped as too old (`STALE`). */
  stale: number;
  /** Skipped for lack of a slot before the campaign's end date (`SCHEDULE_ENDED`). */
  ended: number;
  /** The ages beyond which a first message or a follow-up counts as stale. */
  maxAgeHours: number;
  followUpMaxAgeHours: number;
}

declare module '../notifier.js' {
  interface NotificationMap {
    'campaign.progress': CampaignProgressNotification;
    'campaign.completed': CampaignCompletedNotification;
    'delivery.reply': DeliveryReplyNotification;
    'account.limited': AccountLimitedNotification;
    'campaign.caught_up': CampaignCaughtUpNotification;
  }
}
