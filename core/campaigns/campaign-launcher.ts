import { audienceCondition } from '../contacts/contact-audience.js';
import type { Platform } from '../messengers/messenger.js';
import type { RandomSource } from '../random.js';
import { loadAccountPacing } from '../delivery/account-pacing.js';
import type pg from 'pg';
import { ConflictError } from '../errors.js';
import { insertFreshDeliveries } from '../delivery/delivery-insert.js';
import { unreachableRecipientCondition } from '../delivery/reachability/recipient-checks.js';
import { inClientTransaction, type Queryable } from '../delivery/sql.js';
import { LAUNCH_LOCK_KEY } from './launch-lock.js';
import { loadCampaign, loadSteps, requireStatus, transition, type CampaignRecord } from './campaign.repository.js';
import type { CampaignStep, LaunchResult } from './campaign.types.js';
import { planLaunch, type LaunchPlan, type LaunchRecipient } from './launch-plan.js';

/**
 * The SQL that picks the campaign's recipients, one row per sendable contact with its channel and recipient:
 * matches the audience, drops opted-out and unreachable contacts and contacts already in another active campaign
 * of the user (unless overlap is allowed). No two rows share a recipient without a sort to remove duplicates: a
 * user's phones and lower-cased usernames are unique (`contacts_user_phone_unique`,
 * `contacts_user_username_unique`), and a Telegram recipient is the username whenever there is one. Parameters
 * from `$1`.
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
      SELECT contact_id, channel,
             CASE WHEN channel = 'telegram' AND username IS NOT NULL THEN 'username:' || lower(username) ELSE 'phone:' || phone END AS recipient
      FROM cand WHERE channel IS NOT NULL)`;
  return { sql, params };
}

/** How many transactions insert a launch's deliveries at once: two cores here; more contended for index pages. */
export const LAUNCH_PARALLELISM = 2;

/** A draft campaign planned for launch by `prepareLaunch`, not yet written. */
export interface PreparedLaunch {
  readonly campaign: CampaignRecord;
  readonly firstStepId: number;
  /** What `completeLaunch` checks is unchanged before the campaign leaves draft. */
  readonly fingerprint: string;
  readonly plan: LaunchPlan;
  readonly skipped: number;
}

/**
 * Plans the launch of a draft campaign (`planLaunch`: warm first, recipients' zones, warm-up caps) in the
 * caller's transaction, after removing deliveries an interrupted earlier launch may have left (a draft has
 * none otherwise). The caller holds the launch lock.
 * @throws ConflictError unless the campaign is a draft with steps.
 */
export async function prepareLaunch(db: Queryable, userId: number, campaignId: number, now: Date, random: RandomSource): Promise<PreparedLaunch> {
  const campaign = await loadCampaign(db, userId, campaignId, true);
  requireStatus(campaign, ['draft']);
  const steps = await loadSteps(db, campaignId);
  if (steps[0] === undefined) throw new ConflictError(`campaign ${campaignId} has no steps`);
  await discardUnlaunched(db, campaignId);
  const { plan, skipped } = await planCampaignLaunch(db, campaign, now, random);
  return { campaign, firstStepId: steps[0].id, fingerprint: launchFingerprint(campaign, steps), plan, skipped };
}

/**
 * Writes a prepared launch: inserts the first step's deliveries in parallel transactions
 * (`insertFreshDeliveries`), then, in one transaction on `session` (the launch lock's holder), moves the campaign
 * from draft to running (or scheduled, when it starts later) if it is still the draft that was planned. Nothing
 * sends from a draft, so until that last commit the new deliveries are inert; if any step fails, or the
 * campaign was edited meanwhile, they are removed and the campaign stays a draft. A crash in between leaves
 * inert rows that the next launch (`prepareLaunch`) or the hourly retention removes.
 * @throws ConflictError when the campaign changed while it was being launched.
 */
export async function completeLaunch(pool: pg.Pool, session: pg.PoolClient, prepared: PreparedLaunch, now: Date): Promise<LaunchResult> {
  const { campaign, plan } = prepared;
  try {
    const queued = await insertFreshDeliveries(pool, { userId: campaign.userId, campaignId: campaign.id, stepId: prepared.firstStepId, now }, plan.rows, LAUNCH_PARALLELISM);
    await inClientTransaction(session, async (client) => {
      const current = await loadCampaign(client, campaign.userId, campaign.id, true);
      if (current.status !== 'draft' || launchFingerprint(current, await loadSteps(client, campaign.id)) !== prepared.fingerprint) {
        throw new ConflictError(`campaign ${campaign.id} changed while it was being launched`);
      }
      const startsLater = campaign.schedule.startAt !== null && Date.parse(campaign.schedule.startAt) > now.getTime();
      await transition(client, campaign.id, ['draft'], startsLater ? 'scheduled' : 'running', now, ', launched_at = $3');
    });
    return { queued, skipped: prepared.skipped, unplanned: plan.unplanned, accounts: plan.accounts };
  } catch (error) {
    // What went wrong is what the caller hears; rows a failed clean-up leaves are inert and removed later.
    await discardUnlaunched(session, campaign.id).catch(() => undefined);
    throw error;
  }
}

/** Removes the deliveries of a campaign that is (still) a draft: rows of a launch that did not complete. */
async function discardUnlaunched(db: Queryable, campaignId: number): Promise<void> {
  await db.query(
    `DELETE FROM deliveries d WHERE d.campaign_id = $1 AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $1 AND c.status = 'draft')`,
    [campaignId],
  );
}

/**
 * Removes the deliveries that launches interrupted by a crash left in draft campaigns: queued before `before`
 * (launches take seconds) in a campaign whose launch lock nobody holds. Returns how many.
 */
export async function deleteAbandonedLaunches(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM deliveries d USING campaigns c
     WHERE c.id = d.campaign_id AND c.status = 'draft' AND d.queued_at < $1
       AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = $2 AND l.objid = c.id AND l.objsubid = 2)`,
    [before, LAUNCH_LOCK_KEY],
  );
  return rowCount ?? 0;
}

/** Everything a launch's plan was made from, in one comparable string. */
function launchFingerprint(campaign: CampaignRecord, steps: readonly CampaignStep[]): string {
  const { channel, preferredChannel, audience, accountIds, schedule, allowOverlap } = campaign;
  return JSON.stringify({ channel, preferredChannel, audience, accountIds, schedule, allowOverlap, steps });
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
