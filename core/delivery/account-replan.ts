import pg from 'pg';
import type { RandomSource } from '../random.js';
import { scheduleWindow } from '../campaigns/campaign-window.js';
import type { Schedule } from '../campaigns/campaign.types.js';
import { dailyCapOf, loadAccountPacing } from './account-pacing.js';
import { DEFAULT_CATCH_UP_POLICY, planCatchUp, type CatchUpCampaign, type CatchUpItem, type CatchUpPlan, type CatchUpPolicy } from './schedule/index.js';
import { inTransaction, type Queryable } from './sql.js';

/** What a re-plan did: deliveries given a new time, skipped as `STALE`, skipped as `SCHEDULE_ENDED`. */
export interface ReplanCounts {
  replanned: number;
  stale: number;
  ended: number;
}

export interface ReplanSummary {
  /** One entry per account asked for that exists, in id order. */
  accounts: (ReplanCounts & { accountId: number })[];
  /** One entry per campaign that had deliveries in those queues, in id order. */
  campaigns: (ReplanCounts & { campaignId: number })[];
}

/** Error code of a delivery too old to send (see `CatchUpPolicy`). */
export const STALE = 'STALE';
/** Error code of a delivery left without a slot before its campaign's end date. */
export const SCHEDULE_ENDED = 'SCHEDULE_ENDED';

// First key of the two-key advisory lock (the second is the account id); other features use other first keys.
const REPLAN_LOCK = 719_045_131;
const HOUR_MS = 3_600_000;

interface QueueRow {
  id: number;
  account_id: number;
  campaign_id: number;
  planned_at: Date;
  time_zone: string | null;
  warm: boolean;
  follow_up: boolean;
}

/**
 * Plans the queues of `accountIds` again from `now` (see `planCatchUp`): every queued delivery of their
 * scheduled or running campaigns gets a new time at the normal pace (window, caps, warm-up, delays, one
 * campaign after the other), except those older than the policy allows (skipped, `STALE`) and those left
 * without a slot before their campaign's end (skipped, `SCHEDULE_ENDED`). A delivery waiting out a retry
 * backoff keeps its time. Run it after anything that can leave a queue overdue or over its caps: downtime, a
 * resumed campaign, an account coming back from a limit, deliveries moved in from another account.
 *
 * Given a pool it runs in a transaction of its own; given a client it must be inside the caller's
 * transaction. Either way it holds one advisory lock per account until that transaction ends, taken in id
 * order, so two processes never plan the same queue at once: two interleaved plans would each be paced but
 * together not. Every update is conditional on the delivery being still queued on the same account, so a
 * delivery a dispatcher claimed (or another account took over) meanwhile is left alone.
 */
export async function replanAccountQueues(
  db: Queryable,
  accountIds: readonly number[],
  now: Date,
  random: RandomSource,
  policy: Partial<CatchUpPolicy> = {},
): Promise<ReplanSummary> {
  const ids = [...new Set(accountIds)].sort((a, b) => a - b);
  if (ids.length === 0) return { accounts: [], campaigns: [] };
  const rules: CatchUpPolicy = { ...DEFAULT_CATCH_UP_POLICY, ...policy };
  const work = async (tx: Queryable): Promise<ReplanSummary> => {
    for (const id of ids) await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [REPLAN_LOCK, id]);
    return replanLocked(tx, ids, now, random, rules);
  };
  return db instanceof pg.Pool ? inTransaction(db, work) : work(db);
}

async function replanLocked(db: Queryable, ids: readonly number[], now: Date, random: RandomSource, policy: CatchUpPolicy): Promise<ReplanSummary> {
  const { rows } = await db.query<QueueRow>(
    `SELECT d.id, d.account_id, d.campaign_id, d.planned_at, d.time_zone, d.warm, s.position > 1 AS follow_up
     FROM deliveries d
     JOIN campaigns c ON c.id = d.campaign_id AND c.status IN ('scheduled', 'running')
     JOIN campaign_steps s ON s.id = d.step_id
     WHERE d.account_id = ANY ($1::int[]) AND d.status = 'queued' AND NOT (d.error_code IS NOT NULL AND d.planned_at > $2)
     ORDER BY d.account_id, d.planned_at, d.id`,
    [ids, now],
  );
  const campaignIds = [...new Set(rows.map((row) => row.campaign_id))];
  const { rows: campaigns } = await db.query<{ id: number; schedule: Schedule }>('SELECT id, schedule FROM campaigns WHERE id = ANY ($1::int[])', [campaignIds]);
  const schedules = new Map(campaigns.map((c) => [c.id, c.schedule]));
  const { rows: limits } = await db.query<{ id: number; limited_until: Date | null }>('SELECT id, limited_until FROM sender_accounts WHERE id = ANY ($1::int[])', [ids]);
  const limitedUntil = new Map(limits.map((row) => [row.id, row.limited_until]));

  const plans = new Map<number, CatchUpPlan>();
  for (const account of await loadAccountPacing(db, ids, now)) {
    const queue = groupByCampaign(rows.filter((row) => row.account_id === account.id));
    plans.set(
      account.id,
      planCatchUp({
        campaigns: [...queue].map(([campaignId, items]): CatchUpCampaign => {
          const schedule = schedules.get(campaignId)!;
          return {
            campaignId,
            items,
            window: scheduleWindow(schedule),
            delay: { minSeconds: schedule.delaySeconds.min, maxSeconds: schedule.delaySeconds.max },
            dailyCap: dailyCapOf(account, schedule.dailyCapPerAccount, schedule.timeZone),
            startAt: schedule.startAt === null ? null : new Date(schedule.startAt),
            endAt: schedule.endAt === null ? null : new Date(schedule.endAt),
          };
        }),
        now,
        notBefore: limitedUntil.get(account.id) ?? null,
        lastSentAt: account.lastSentAt,
        usedToday: account.usedToday,
        policy,
        random,
      }),
    );
  }
  return writePlans(db, plans, now, policy);
}

function groupByCampaign(rows: readonly QueueRow[]): Map<number, CatchUpItem[]> {
  const byCampaign = new Map<number, CatchUpItem[]>();
  for (const row of rows) {
    const items = byCampaign.get(row.campaign_id) ?? [];
    items.push({ id: row.id, plannedAt: row.planned_at, followUp: row.follow_up, zone: row.time_zone, warm: row.warm });
    byCampaign.set(row.campaign_id, items);
  }
  return byCampaign;
}

interface Placed {
  accountId: number;
  campaignId: number;
}

/** One set-based statement per kind; the counts are what the statements really changed. */
async function writePlans(db: Queryable, plans: ReadonlyMap<number, CatchUpPlan>, now: Date, policy: CatchUpPolicy): Promise<ReplanSummary> {
  const where = new Map<number, Placed>();
  const moves: { id: number; accountId: number; at: Date }[] = [];
  const stale: { id: number; accountId: number; text: string }[] = [];
  const ended: { id: number; accountId: number; text: string }[] = [];
  const staleText = (followUp: boolean): string =>
    followUp
      ? `follow-up more than ${Math.round(Math.min(policy.followUpMaxAgeMs, policy.maxAgeMs) / HOUR_MS)} h overdue`
      : `more than ${Math.round(policy.maxAgeMs / HOUR_MS)} h overdue`;
  for (const [accountId, plan] of plans) {
    for (const item of plan.replanned) moves.push({ id: item.id, accountId, at: item.at });
    for (const item of plan.stale) stale.push({ id: item.id, accountId, text: staleText(item.followUp) });
    for (const item of plan.ended) ended.push({ id: item.id, accountId, text: 'no slot left before the campaign end date' });
    for (const item of [...plan.replanned, ...plan.stale, ...plan.ended]) where.set(item.id, { accountId, campaignId: item.campaignId });
  }
  const moved = await move(db, moves, now);
  const skippedStale = await skip(db, stale, STALE, now);
  const skippedEnded = await skip(db, ended, SCHEDULE_ENDED, now);
  return summarise([...plans.keys()], where, { replanned: moved, stale: skippedStale, ended: skippedEnded });
}

async function move(db: Queryable, moves: readonly { id: number; accountId: number; at: Date }[], now: Date): Promise<number[]> {
  if (moves.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `UPDATE deliveries d SET planned_at = v.at, updated_at = $4
     FROM unnest($1::bigint[], $2::int[], $3::timestamptz[]) AS v(id, account_id, at)
     WHERE d.id = v.id AND d.status = 'queued' AND d.account_id = v.account_id RETURNING d.id`,
    [moves.map((m) => m.id), moves.map((m) => m.accountId), moves.map((m) => m.at), now],
  );
  return rows.map((row) => row.id);
}

async function skip(db: Queryable, items: readonly { id: number; accountId: number; text: string }[], code: string, now: Date): Promise<number[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `UPDATE deliveries d SET status = 'skipped', error_code = $4, error_text = v.text, rendered_text = NULL, finished_at = $5, updated_at = $5
     FROM unnest($1::bigint[], $2::int[], $3::text[]) AS v(id, account_id, text)
     WHERE d.id = v.id AND d.status = 'queued' AND d.account_id = v.account_id RETURNING d.id`,
    [items.map((i) => i.id), items.map((i) => i.accountId), items.map((i) => i.text), code, now],
  );
  return rows.map((row) => row.id);
}

function summarise(accountIds: readonly number[], where: ReadonlyMap<number, Placed>, done: Record<keyof ReplanCounts, number[]>): ReplanSummary {
  const byAccount = new Map<number, ReplanCounts>(accountIds.map((id) => [id, { replanned: 0, stale: 0, ended: 0 }]));
  const byCampaign = new Map<number, ReplanCounts>();
  for (const kind of ['replanned', 'stale', 'ended'] as const) {
    for (const id of done[kind]) {
      const placed = where.get(id)!;
      byAccount.get(placed.accountId)![kind] += 1;
      const counts = byCampaign.get(placed.campaignId) ?? { replanned: 0, stale: 0, ended: 0 };
      counts[kind] += 1;
      byCampaign.set(placed.campaignId, counts);
    }
  }
  return {
    accounts: [...byAccount].sort(([a], [b]) => a - b).map(([accountId, counts]) => ({ accountId, ...counts })),
    campaigns: [...byCampaign].sort(([a], [b]) => a - b).map(([campaignId, counts]) => ({ campaignId, ...counts })),
  };
}
