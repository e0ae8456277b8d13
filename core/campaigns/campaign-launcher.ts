import { audienceCondition } from '../contacts/contact-audience.js';
import type { Platform } from '../messengers/messenger.js';
import type { RandomSource } from '../random.js';
import { loadAccountPacing } from '../delivery/account-pacing.js';
import { insertPlannedDeliveries } from '../delivery/delivery-insert.js';
import { unreachableRecipientCondition } from '../delivery/reachability/recipient-checks.js';
import type { Queryable } from '../delivery/sql.js';
import type { CampaignRecord } from './campaign.repository.js';
import type { LaunchResult } from './campaign.types.js';
import { planLaunch, type LaunchPlan, type LaunchRecipient } from './launch-plan.js';

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
 * Materialises the first step's deliveries of a campaign: selects the recipients set-based, plans them in
 * memory (`planLaunch`: warm first, recipients' zones, warm-up caps) and inserts the planned rows in one
 * statement. Runs inside the caller's transaction, with the campaign locked.
 */
export async function materialiseFirstStep(
  db: Queryable,
  campaign: CampaignRecord,
  firstStepId: number,
  now: Date,
  random: RandomSource,
): Promise<LaunchResult> {
  const { plan, skipped } = await planCampaignLaunch(db, campaign, now, random);
  const queued = await insertPlannedDeliveries(db, { userId: campaign.userId, campaignId: campaign.id, stepId: firstStepId, now }, plan.rows);
  return { queued, skipped, unplanned: plan.unplanned, accounts: plan.accounts };
}

/** What launching now would plan, without writing anything: the same selection and planning as a launch. */
export async function previewFirstStep(db: Queryable, campaign: CampaignRecord, now: Date, random: RandomSource): Promise<LaunchResult> {
  const { plan, skipped } = await planCampaignLaunch(db, campaign, now, random);
  return { queued: plan.rows.contactIds.length, skipped, unplanned: plan.unplanned, accounts: plan.accounts };
}

async function planCampaignLaunch(db: Queryable, campaign: CampaignRecord, now: Date, random: RandomSource): Promise<{ plan: LaunchPlan; skipped: number }> {
  const accounts = await loadAccountPacing(db, await usableAccountIds(db, campaign, now), now);
  const recipients = await selectRecipients(db, campaign, accounts, now);
  const matched = await matchedCount(db, campaign);
  const plan = planLaunch({ recipients, accounts, schedule: campaign.schedule, now, random });
  return { plan, skipped: Math.max(0, matched - recipients.length) };
}

/**
 * The recipients with what planning needs, in contact id order: the contact's place only when the campaign
 * sends in recipients' local time, and which of `accounts` already know the recipient (`account_peers`).
 * Recipients cached unreachable for every account of their channel are left out (they count as skipped).
 */
async function selectRecipients(
  db: Queryable,
  campaign: CampaignRecord,
  accounts: readonly { id: number; platform: Platform }[],
  now: Date,
): Promise<LaunchRecipient[]> {
  const enabled = {
    telegram: campaign.channel !== 'whatsapp' && accounts.some((a) => a.platform === 'telegram'),
    whatsapp: campaign.channel !== 'telegram' && accounts.some((a) => a.platform === 'whatsapp'),
  };
  if (!enabled.telegram && !enabled.whatsapp) return [];
  const recipients = recipientsSql(campaign, enabled);
  const p = recipients.params.length;
  const local = campaign.schedule.recipientLocalTime;
  // The full test runs correlated subqueries per row; it can only hold for a recipient with some unexpired
  // "unreachable" answer of the owner, so one hashed lookup first keeps it off the other 99 % of a big audience.
  const cached = `r.recipient IN (SELECT rc.recipient FROM recipient_checks rc
                                  WHERE rc.user_id = $${p + 1} AND NOT rc.reachable AND rc.expires_at > $${p + 3}::timestamptz)`;
  const unreachable = unreachableRecipientCondition({
    recipient: 'r.recipient',
    channel: 'r.channel',
    userId: `$${p + 1}`,
    accountIds: `$${p + 2}::int[]`,
    now: `$${p + 3}::timestamptz`,
  });
  // Room for the two sorts of a 100,000-row audience in memory (the default 4 MB spills them to disk); local to
  // the caller's transaction (launch and preview both run in one).
  await db.query(`SELECT set_config('work_mem', '64MB', true)`);
  const { rows } = await db.query<LaunchRecipient>(
    `WITH ${recipients.sql},
     known AS (
       SELECT peer, array_agg(account_id ORDER BY account_id) AS known_by FROM account_peers
       WHERE user_id = $${p + 1} AND account_id = ANY ($${p + 2}::int[]) GROUP BY peer)
     SELECT r.contact_id::text AS "contactId", r.channel, r.recipient, k.known_by AS "knownBy"
            ${local ? ', c.time_zone AS "timeZone", c.country, c.city' : ''}
     FROM recipients r LEFT JOIN known k ON k.peer = r.recipient
          ${local ? 'JOIN contacts c ON c.id = r.contact_id' : ''}
     WHERE NOT (${cached} AND ${unreachable})
     ORDER BY r.contact_id`,
    [...recipients.params, campaign.userId, accounts.map((a) => a.id), now],
  );
  return rows;
}

async function matchedCount(db: Queryable, campaign: CampaignRecord): Promise<number> {
  const where = audienceCondition(campaign.userId, {
    listIds: campaign.audience.listIds,
    tags: campaign.audience.tags,
    excludedTags: campaign.audience.excludeTags,
  });
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where.sql}`, where.params);
  return rows[0]!.n;
}

/** Ids of the campaign's chosen accounts that may send now (active, not limited), ascending. */
export async function usableAccountIds(db: Queryable, campaign: CampaignRecord, now: Date): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT a.id FROM sender_accounts a
     WHERE a.user_id = $1 AND a.id = ANY ($2::int[]) AND a.status = 'active' AND (a.limited_until IS NULL OR a.limited_until <= $3)
     ORDER BY a.id`,
    [campaign.userId, campaign.accountIds, now],
  );
  return rows.map((row) => row.id);
}
