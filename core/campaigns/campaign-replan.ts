import type { RandomSource } from '../random.js';
import { replanAccountQueues, type ReplanSummary } from '../delivery/account-replan.js';
import type { CatchUpPolicy } from '../delivery/schedule/index.js';
import type { Queryable } from '../delivery/sql.js';
import type { CampaignRecord } from './campaign.repository.js';

/**
 * Re-plans the queues of the accounts that carry the campaign's queued deliveries (after a resume), so what
 * fell due while it was paused goes out paced from `now`, behind or ahead of the accounts' other campaigns by
 * their earliest delivery, and what is too old is skipped (`STALE`). The campaign must already be running (or
 * scheduled) in `db`'s view, or its deliveries are left out. See `replanAccountQueues`.
 */
export async function replanQueued(
  db: Queryable,
  campaign: CampaignRecord,
  now: Date,
  random: RandomSource,
  policy: Partial<CatchUpPolicy> = {},
): Promise<ReplanSummary> {
  const { rows } = await db.query<{ account_id: number }>(
    `SELECT DISTINCT account_id FROM deliveries WHERE campaign_id = $1 AND status = 'queued' AND account_id IS NOT NULL ORDER BY account_id`,
    [campaign.id],
  );
  return replanAccountQueues(db, rows.map((row) => row.account_id), now, random, policy);
}
