import type { Notifier } from '../notifier.js';
import type { CampaignCaughtUpNotification } from '../campaigns/campaign.notifications.js';
import type { ReplanSummary } from './account-replan.js';
import type { CatchUpPolicy } from './schedule/index.js';
import type { Queryable } from './sql.js';

const HOUR_MS = 3_600_000;

/**
 * Tells each owner about the campaigns of a catch-up that skipped messages as stale: how many were re-planned
 * and how many skipped, and why. A re-plan that skipped nothing stays silent (pacing is not news), and a
 * stale delivery is skipped only once (its update is conditional on `queued`), so each is told once.
 */
export async function notifyCatchUp(db: Queryable, notifier: Notifier | undefined, summary: ReplanSummary, policy: CatchUpPolicy): Promise<void> {
  const skipped = summary.campaigns.filter((c) => c.stale > 0);
  if (notifier === undefined || skipped.length === 0) return;
  const { rows } = await db.query<{ id: number; name: string; chat_id: number }>(
    'SELECT c.id, c.name, u.chat_id FROM campaigns c JOIN users u ON u.id = c.user_id WHERE c.id = ANY ($1::int[])',
    [skipped.map((c) => c.campaignId)],
  );
  const campaigns = new Map(rows.map((row) => [row.id, row]));
  for (const counts of skipped) {
    const campaign = campaigns.get(counts.campaignId);
    if (campaign === undefined) continue;
    const data: CampaignCaughtUpNotification = {
      campaignId: campaign.id,
      name: campaign.name,
      replanned: counts.replanned,
      stale: counts.stale,
      ended: counts.ended,
      maxAgeHours: Math.round(policy.maxAgeMs / HOUR_MS),
      followUpMaxAgeHours: Math.round(Math.min(policy.followUpMaxAgeMs, policy.maxAgeMs) / HOUR_MS),
    };
    await notifier.send(campaign.chat_id, 'campaign.caught_up', data);
  }
}
