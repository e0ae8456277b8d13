import type { Queryable } from './sql.js';
import type { DeliveryCounts } from '../campaigns/campaign.notifications.js';
import { emptyCounts, type DeliveryStatus } from '../campaigns/campaign.types.js';

/** Folds `(status, n)` rows into counts. */
export function foldCounts(rows: readonly { status: string; n: number }[]): DeliveryCounts {
  const counts = emptyCounts();
  for (const row of rows) {
    counts[row.status as DeliveryStatus] += row.n;
    counts.total += row.n;
  }
  return counts;
}

/** Delivery counts per campaign for `campaignIds`, scoped by the owner. */
export async function countsByCampaign(db: Queryable, userId: number, campaignIds: readonly number[]): Promise<Map<number, DeliveryCounts>> {
  const { rows } = await db.query<{ campaign_id: number; status: string; n: number }>(
    `SELECT campaign_id, status, count(*)::int AS n FROM deliveries
     WHERE user_id = $1 AND campaign_id = ANY ($2::int[]) GROUP BY campaign_id, status`,
    [userId, [...campaignIds]],
  );
  return new Map(campaignIds.map((id) => [id, foldCounts(rows.filter((row) => row.campaign_id === id))]));
}
