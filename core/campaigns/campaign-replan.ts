import type { RandomSource } from '../random.js';
import type { Queryable } from '../delivery/sql.js';
import { fastPlanSlots } from './campaign-planner.js';
import type { CampaignRecord } from './campaign.repository.js';
import { scheduleWindow } from './campaign-window.js';

/**
 * Re-plans the campaign's queued deliveries that are already due (after a pause), account by account, so
 * they go out paced from `now` instead of in one burst. Keeps their order. Returns how many moved.
 */
export async function replanQueued(db: Queryable, campaign: CampaignRecord, now: Date, random: RandomSource): Promise<number> {
  const { rows } = await db.query<{ id: number; account_id: number }>(
    `SELECT id, account_id FROM deliveries WHERE campaign_id = $1 AND status = 'queued' AND planned_at <= $2 AND account_id IS NOT NULL
     ORDER BY planned_at, id`,
    [campaign.id, now],
  );
  const byAccount = new Map<number, number[]>();
  for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row.id]);
  const window = scheduleWindow(campaign.schedule);
  const ids: number[] = [];
  const times: string[] = [];
  for (const list of byAccount.values()) {
    const slots = fastPlanSlots({
      window,
      dailyCap: campaign.schedule.dailyCapPerAccount,
      delay: { minSeconds: campaign.schedule.delaySeconds.min, maxSeconds: campaign.schedule.delaySeconds.max },
      endAt: campaign.schedule.endAt === null ? null : new Date(campaign.schedule.endAt),
      start: now,
      count: list.length,
      random,
    });
    // Without a slot before the schedule's end the delivery keeps its time: it goes out first, at the cap.
    list.forEach((id, i) => {
      const slot = slots[i];
      if (slot === undefined) return;
      ids.push(id);
      times.push(slot.toISOString());
    });
  }
  if (ids.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE deliveries d SET planned_at = v.at, updated_at = $3 FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at)
     WHERE d.id = v.id AND d.status = 'queued'`,
    [ids, times, now],
  );
  return rowCount ?? 0;
}
