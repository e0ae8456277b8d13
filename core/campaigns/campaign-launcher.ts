import { audienceCondition } from '../contacts/contact-audience.js';
import type { RandomSource } from '../random.js';
import { loadAccountPacing } from '../delivery/account-pacing.js';
import type pg from 'pg';
import { ConflictError } from '../errors.js';
import { insertFreshDeliveries } from '../delivery/delivery-insert.js';
import { inClientTransaction, type Queryable } from '../delivery/sql.js';
import { LAUNCH_LOCK_KEY } from './launch-lock.js';
import { loadCampaign, loadSteps, requireStatus, transition, type CampaignRecord } from './campaign.repository.js';
import type { CampaignStep, LaunchResult } from './campaign.types.js';
import { planLaunch, type LaunchPlan } from './launch-plan.js';
import { selectRecipients } from './launch-recipients.js';

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
 * none otherwise). The caller holds the launch lock. `alongside`: a pool whose connections may read at the same
 * time (`selectRecipients`).
 * @throws ConflictError unless the campaign is a draft with steps.
 */
export async function prepareLaunch(
  db: Queryable,
  userId: number,
  campaignId: number,
  now: Date,
  random: RandomSource,
  alongside?: pg.Pool,
): Promise<PreparedLaunch> {
  const campaign = await loadCampaign(db, userId, campaignId, true);
  requireStatus(campaign, ['draft']);
  const steps = await loadSteps(db, campaignId);
  if (steps[0] === undefined) throw new ConflictError(`campaign ${campaignId} has no steps`);
  await discardUnlaunched(db, campaignId);
  const { plan, skipped } = await planCampaignLaunch(db, campaign, now, random, alongside);
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
export async function previewFirstStep(
  db: Queryable,
  campaign: CampaignRecord,
  now: Date,
  random: RandomSource,
  alongside?: pg.Pool,
): Promise<LaunchResult> {
  const { plan, skipped } = await planCampaignLaunch(db, campaign, now, random, alongside);
  return { queued: plan.rows.contactIds.length, skipped, unplanned: plan.unplanned, accounts: plan.accounts };
}

async function planCampaignLaunch(
  db: Queryable,
  campaign: CampaignRecord,
  now: Date,
  random: RandomSource,
  alongside?: pg.Pool,
): Promise<{ plan: LaunchPlan; skipped: number }> {
  const accounts = await loadAccountPacing(db, await usableAccountIds(db, campaign, now), now);
  const [recipients, matched] = await Promise.all([
    selectRecipients(db, campaign, accounts, now, alongside),
    matchedCount(alongside ?? db, campaign),
  ]);
  const plan = planLaunch({ recipients, accounts, schedule: campaign.schedule, now, random });
  return { plan, skipped: Math.max(0, matched - recipients.length) };
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
