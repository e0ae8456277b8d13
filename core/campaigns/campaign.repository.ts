import { ConflictError, NotFoundError } from '../errors.js';
import type { Queryable } from '../delivery/sql.js';
import type { Audience, CampaignSettings, CampaignStatus, CampaignStep, Channel, Schedule } from './campaign.types.js';
import type { Platform } from '../messengers/messenger.js';

/** A campaign row as the service works with it. */
export interface CampaignRecord extends CampaignSettings {
  id: number;
  userId: number;
  status: CampaignStatus;
  createdAt: Date;
  launchedAt: Date | null;
  finishedAt: Date | null;
}

interface CampaignRow {
  id: number;
  user_id: number;
  name: string;
  status: CampaignStatus;
  channel: Channel;
  preferred_channel: Platform;
  audience: Partial<Audience>;
  account_ids: number[];
  schedule: Schedule;
  allow_overlap: boolean;
  created_at: Date;
  launched_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id, user_id, name, status, channel, preferred_channel, audience, account_ids, schedule, allow_overlap,
  created_at, launched_at, finished_at`;

function toRecord(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    status: row.status,
    channel: row.channel,
    preferredChannel: row.preferred_channel,
    audience: { listIds: row.audience.listIds ?? [], tags: row.audience.tags ?? [], excludeTags: row.audience.excludeTags ?? [] },
    accountIds: row.account_ids,
    schedule: row.schedule,
    allowOverlap: row.allow_overlap,
    createdAt: row.created_at,
    launchedAt: row.launched_at,
    finishedAt: row.finished_at,
  };
}

/**
 * The owner's campaign, optionally locked for update.
 * @throws NotFoundError when it does not exist or belongs to someone else.
 */
export async function loadCampaign(db: Queryable, userId: number, campaignId: number, lock = false): Promise<CampaignRecord> {
  if (!Number.isSafeInteger(campaignId)) throw new NotFoundError(`campaign ${campaignId} not found`);
  const { rows } = await db.query<CampaignRow>(
    `SELECT ${COLUMNS} FROM campaigns WHERE id = $1 AND user_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [campaignId, userId],
  );
  const row = rows[0];
  if (row === undefined) throw new NotFoundError(`campaign ${campaignId} not found`);
  return toRecord(row);
}

/** Throws ConflictError unless the campaign is in one of `allowed`. */
export function requireStatus(campaign: CampaignRecord, allowed: readonly CampaignStatus[]): void {
  if (!allowed.includes(campaign.status)) {
    throw new ConflictError(`campaign ${campaign.id} is ${campaign.status}, expected ${allowed.join(' or ')}`);
  }
}

export async function saveSettings(db: Queryable, campaign: CampaignRecord, now: Date): Promise<void> {
  await db.query(
    `UPDATE campaigns SET name = $3, channel = $4, preferred_channel = $5, audience = $6, account_ids = $7, schedule = $8,
       allow_overlap = $9, updated_at = $10 WHERE id = $1 AND user_id = $2`,
    [
      campaign.id,
      campaign.userId,
      campaign.name,
      campaign.channel,
      campaign.preferredChannel,
      JSON.stringify(campaign.audience),
      campaign.accountIds,
      JSON.stringify(campaign.schedule),
      campaign.allowOverlap,
      now,
    ],
  );
}

export async function insertCampaign(db: Queryable, userId: number, settings: CampaignSettings, now: Date): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO campaigns (user_id, name, channel, preferred_channel, audience, account_ids, schedule, allow_overlap, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [userId, settings.name, settings.channel, settings.preferredChannel, JSON.stringify(settings.audience), settings.accountIds,
      JSON.stringify(settings.schedule), settings.allowOverlap, now],
  );
  return rows[0]!.id;
}

export async function loadSteps(db: Queryable, campaignId: number): Promise<CampaignStep[]> {
  const { rows } = await db.query<{ id: number; position: number; template: string; delay_seconds: number }>(
    'SELECT id, position, template, delay_seconds FROM campaign_steps WHERE campaign_id = $1 ORDER BY position',
    [campaignId],
  );
  return rows.map((row) => ({ id: row.id, position: row.position, template: row.template, delaySeconds: row.delay_seconds }));
}

/** Sets a status with a conditional UPDATE; returns whether the campaign was in one of `from`. */
export async function transition(
  db: Queryable,
  campaignId: number,
  from: readonly CampaignStatus[],
  to: CampaignStatus,
  now: Date,
  extra = '',
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE campaigns SET status = $2, updated_at = $3${extra} WHERE id = $1 AND status = ANY ($4::text[])`,
    [campaignId, to, now, [...from]],
  );
  return (rowCount ?? 0) > 0;
}
