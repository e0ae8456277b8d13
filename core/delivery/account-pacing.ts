import type { Platform } from '../messengers/messenger.js';
import { warmUpCapForDay, type WarmUpState } from './schedule/index.js';
import type { Queryable } from './sql.js';

/** What every planner needs to know about a sender account to keep it safe. */
export interface AccountPacing {
  id: number;
  platform: Platform;
  /** The account's own limit (`sender_accounts.daily_limit`); a campaign's cap applies on top. */
  dailyLimit: number;
  warmUp: WarmUpState;
  /** The account's latest send. */
  lastSentAt: Date | null;
  /** The latest time already planned for it (any campaign), so a new plan queues up behind it. */
  lastPlannedAt: Date | null;
  /** Sends and reachability checks counted today (`account_daily_usage`, UTC day). */
  usedToday: number;
}

interface PacingRow {
  id: number;
  platform: Platform;
  daily_limit: number;
  warmup_started_at: Date | null;
  last_restricted_at: Date | null;
  last_sent: Date | null;
  last_planned: Date | null;
  used_today: number;
}

/** Pacing facts of the given accounts (any status), in id order. */
export async function loadAccountPacing(db: Queryable, accountIds: readonly number[], now: Date): Promise<AccountPacing[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await db.query<PacingRow>(
    `SELECT a.id, a.platform, a.daily_limit, a.warmup_started_at, a.last_restricted_at,
            (SELECT max(d.sent_at) FROM deliveries d WHERE d.account_id = a.id AND d.sent_at IS NOT NULL) AS last_sent,
            (SELECT max(d.planned_at) FROM deliveries d WHERE d.account_id = a.id AND d.status = 'queued') AS last_planned,
            coalesce((SELECT u.sent + u.checks FROM account_daily_usage u WHERE u.account_id = a.id AND u.day = $2::date), 0)::int AS used_today
     FROM sender_accounts a WHERE a.id = ANY ($1::int[]) ORDER BY a.id`,
    [[...accountIds], now.toISOString().slice(0, 10)],
  );
  return rows.map((row) => ({
    id: row.id,
    platform: row.platform,
    dailyLimit: row.daily_limit,
    warmUp: { warmupStartedAt: row.warmup_started_at, lastRestrictedAt: row.last_restricted_at },
    lastSentAt: row.last_sent,
    lastPlannedAt: row.last_planned,
    usedToday: row.used_today,
  }));
}

/**
 * The account's cap per local day (in `zone`) for a campaign capped at `campaignCap`: the lower of the two
 * caps, held down by the account's warm-up.
 */
export function dailyCapOf(account: AccountPacing, campaignCap: number, zone: string): (dayStartMs: number) => number {
  const userCap = Math.min(campaignCap, account.dailyLimit);
  return (dayStartMs) => warmUpCapForDay(account.warmUp, userCap, dayStartMs, zone);
}
