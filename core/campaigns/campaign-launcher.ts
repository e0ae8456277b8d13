import { audienceCondition } from '../contacts/contact-audience.js';
import type { Platform } from '../messengers/messenger.js';
import type { RandomSource } from '../random.js';
import type { Queryable } from '../delivery/sql.js';
import { planRotation, type PlannedAccount } from './campaign-planner.js';
import type { CampaignRecord } from './campaign.repository.js';
import { scheduleWindow } from './campaign-window.js';
import type { LaunchResult } from './campaign.types.js';

interface AccountRow {
  id: number;
  platform: Platform;
  daily_limit: number;
  last_planned: Date | null;
  sent_today: number;
}

/**
 * The SQL that picks the campaign's recipients, one row per sendable contact with its channel and recipient:
 * matches the audience, drops opted-out and unreachable contacts, contacts already in another active campaign
 * of the user (unless overlap is allowed) and duplicate recipients. Parameters from `$1`.
 */
export function recipientsSql(campaign: CampaignRecord, enabled: Record<Platform, boolean>): { sql: string; params: unknown[] } {
  const where = audienceCondition(campaign.userId, {
    listIds: campaign.audience.listIds,
    tags: campaign.audience.tags,
    excludedTags: campaign.audience.excludeTags,
  });
  const params: unknown[] = [...where.params];
  if (!campaign.allowOverlap) params.push(campaign.id);
  const campaignParam = `$${params.length}`;
  const tgOk = enabled.telegram ? '(c.username IS NOT NULL OR c.phone IS NOT NULL)' : 'false';
  const waOk = enabled.whatsapp ? 'c.phone IS NOT NULL' : 'false';
  const preferTelegram = campaign.channel === 'telegram' || (campaign.channel === 'any' && campaign.preferredChannel === 'telegram');
  const channel = preferTelegram
    ? `CASE WHEN ${tgOk} THEN 'telegram' WHEN ${waOk} THEN 'whatsapp' END`
    : `CASE WHEN ${waOk} THEN 'whatsapp' WHEN ${tgOk} THEN 'telegram' END`;
  const overlap = campaign.allowOverlap
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM deliveries o JOIN campaigns oc ON oc.id = o.campaign_id
         WHERE o.contact_id = c.id AND o.user_id = c.user_id AND oc.id <> ${campaignParam}
           AND oc.status IN ('scheduled', 'running', 'paused'))`;
  const sql = `
    cand AS (
      SELECT c.id AS contact_id, ${channel} AS channel, c.username, c.phone
      FROM contacts c
      WHERE ${where.sql} AND c.reachable AND c.opted_out_at IS NULL ${overlap}),
    recipients AS (
      SELECT DISTINCT ON (channel, recipient) contact_id, channel, recipient FROM (
        SELECT contact_id, channel,
               CASE WHEN channel = 'telegram' AND username IS NOT NULL THEN 'username:' || lower(username) ELSE 'phone:' || phone END AS recipient
        FROM cand WHERE channel IS NOT NULL) AS r
      ORDER BY channel, recipient, contact_id)`;
  return { sql, params };
}

/**
 * Materialises the first step's deliveries of a campaign in one `INSERT … SELECT`: recipients are rotated
 * over the campaign's usable accounts of their channel, each getting that account's next planned slot.
 * Runs inside the caller's transaction, with the campaign locked.
 */
export async function materialiseFirstStep(
  db: Queryable,
  campaign: CampaignRecord,
  firstStepId: number,
  now: Date,
  random: RandomSource,
): Promise<LaunchResult> {
  const accounts = await usableAccounts(db, campaign, now);
  const byPlatform: Record<Platform, PlannedAccount[]> = { telegram: [], whatsapp: [] };
  for (const row of accounts) {
    byPlatform[row.platform].push({ id: row.id, dailyLimit: row.daily_limit, lastSentAt: row.last_planned, sentToday: row.sent_today });
  }
  const enabled = {
    telegram: byPlatform.telegram.length > 0 && campaign.channel !== 'whatsapp',
    whatsapp: byPlatform.whatsapp.length > 0 && campaign.channel !== 'telegram',
  };
  const recipients = recipientsSql(campaign, enabled);
  const { rows: counts } = await db.query<{ channel: Platform; n: number }>(
    `WITH ${recipients.sql} SELECT channel, count(*)::int AS n FROM recipients GROUP BY channel`,
    recipients.params,
  );
  const countOf = (platform: Platform): number => counts.find((row) => row.channel === platform)?.n ?? 0;
  const window = scheduleWindow(campaign.schedule);
  const startAt = campaign.schedule.startAt === null ? now : new Date(Math.max(now.getTime(), Date.parse(campaign.schedule.startAt)));
  const plans = {
    telegram: planRotation(byPlatform.telegram, countOf('telegram'), campaign.schedule, window, startAt, random),
    whatsapp: planRotation(byPlatform.whatsapp, countOf('whatsapp'), campaign.schedule, window, startAt, random),
  };
  const p = recipients.params.length;
  const { rowCount } = await db.query(
    `WITH ${recipients.sql},
     numbered AS (SELECT r.*, row_number() OVER (PARTITION BY channel ORDER BY contact_id) AS rn FROM recipients r),
     planned AS (
       SELECT n.*,
         CASE n.channel WHEN 'telegram' THEN ($${p + 1}::int[])[1 + ((n.rn - 1) % greatest(cardinality($${p + 1}::int[]), 1))::int]
                        ELSE ($${p + 2}::int[])[1 + ((n.rn - 1) % greatest(cardinality($${p + 2}::int[]), 1))::int] END AS account_id,
         CASE n.channel WHEN 'telegram' THEN ($${p + 3}::timestamptz[])[n.rn] ELSE ($${p + 4}::timestamptz[])[n.rn] END AS planned_at
       FROM numbered n)
     INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, status, planned_at, queued_at, updated_at)
     SELECT $${p + 5}, $${p + 6}, $${p + 7}, contact_id, account_id, channel, recipient, 'queued', planned_at, $${p + 8}, $${p + 8}
     FROM planned WHERE planned_at IS NOT NULL AND account_id IS NOT NULL
     ON CONFLICT (step_id, contact_id) DO NOTHING`,
    [
      ...recipients.params,
      byPlatform.telegram.map((a) => a.id),
      byPlatform.whatsapp.map((a) => a.id),
      plans.telegram,
      plans.whatsapp,
      campaign.userId,
      campaign.id,
      firstStepId,
      now,
    ],
  );
  const where = audienceCondition(campaign.userId, {
    listIds: campaign.audience.listIds,
    tags: campaign.audience.tags,
    excludedTags: campaign.audience.excludeTags,
  });
  const { rows: matched } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where.sql}`, where.params);
  const queued = rowCount ?? 0;
  return { queued, skipped: Math.max(0, matched[0]!.n - queued) };
}

/** The campaign's chosen accounts that may send now, with what the planner needs to keep their pace. */
export async function usableAccounts(db: Queryable, campaign: CampaignRecord, now: Date): Promise<AccountRow[]> {
  const { rows } = await db.query<AccountRow>(
    `SELECT a.id, a.platform, a.daily_limit,
            (SELECT max(d.planned_at) FROM deliveries d WHERE d.account_id = a.id AND d.status = 'queued') AS last_planned,
            coalesce((SELECT u.sent FROM account_daily_usage u WHERE u.account_id = a.id AND u.day = $4::date), 0) AS sent_today
     FROM sender_accounts a
     WHERE a.user_id = $1 AND a.id = ANY ($2::int[]) AND a.status = 'active' AND (a.limited_until IS NULL OR a.limited_until <= $3)
     ORDER BY a.id`,
    [campaign.userId, campaign.accountIds, now, now.toISOString().slice(0, 10)],
  );
  return rows;
}
