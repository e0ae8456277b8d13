import { audienceCondition } from '../contacts/contact-audience.js';
import { DomainError } from '../errors.js';
import type { Queryable } from '../delivery/sql.js';
import { CONTACT_COLUMNS, contactLabel, MessageRenderer, templateContact, type ContactRow } from '../delivery/delivery-renderer.js';
import { validateTemplate } from './template/index.js';
import type { CampaignRecord } from './campaign.repository.js';
import { scheduleWindow } from './campaign-window.js';
import { SAFE_LIMITS, type AudienceReport, type CampaignStep, type Issue, type ValidationReport } from './campaign.types.js';

const SAMPLE_SIZE = 50;

function filterOf(campaign: CampaignRecord): { listIds: number[]; tags: string[]; excludedTags: string[] } {
  return { listIds: campaign.audience.listIds, tags: campaign.audience.tags, excludedTags: campaign.audience.excludeTags };
}

/** Sizes of the campaign's audience, per channel, and how much of it is already taken. */
export async function audienceReport(db: Queryable, campaign: CampaignRecord): Promise<AudienceReport> {
  return audienceCounts(db, campaign, true);
}

/**
 * The audience's sizes; with `contacted`, also how many are already in another active campaign (a lookup per
 * contact, which validation does not need).
 */
async function audienceCounts(db: Queryable, campaign: CampaignRecord, contacted: boolean): Promise<AudienceReport> {
  const where = audienceCondition(campaign.userId, filterOf(campaign));
  const params: unknown[] = [...where.params];
  if (contacted) params.push(campaign.id);
  const { rows } = await db.query<{ matched: number; telegram: number; whatsapp: number; opted_out: number; contacted: number }>(
    `SELECT count(*)::int AS matched,
       (count(*) FILTER (WHERE c.reachable AND c.opted_out_at IS NULL AND (c.username IS NOT NULL OR c.phone IS NOT NULL)))::int AS telegram,
       (count(*) FILTER (WHERE c.reachable AND c.opted_out_at IS NULL AND c.phone IS NOT NULL))::int AS whatsapp,
       (count(*) FILTER (WHERE c.opted_out_at IS NOT NULL))::int AS opted_out,
       ${contacted
         ? `(count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deliveries o JOIN campaigns oc ON oc.id = o.campaign_id
              WHERE o.contact_id = c.id AND o.user_id = c.user_id AND oc.id <> $${params.length}
                AND oc.status IN ('scheduled', 'running', 'paused'))))::int`
         : '0'} AS contacted
     FROM contacts c WHERE ${where.sql}`,
    params,
  );
  const row = rows[0]!;
  return { matched: row.matched, reachable: { telegram: row.telegram, whatsapp: row.whatsapp }, optedOut: row.opted_out, alreadyContacted: row.contacted };
}

/** Up to `limit` sendable contacts of the audience (lowest ids first), with their ids. */
export async function sampleContacts(db: Queryable, campaign: CampaignRecord, limit: number): Promise<(ContactRow & { id: number })[]> {
  const where = audienceCondition(campaign.userId, filterOf(campaign), 'ct');
  const { rows } = await db.query<ContactRow & { id: number }>(
    `SELECT ct.id, ${CONTACT_COLUMNS} FROM contacts ct WHERE ${where.sql} AND ct.reachable AND ct.opted_out_at IS NULL
     ORDER BY ct.id LIMIT $${where.params.length + 1}`,
    [...where.params, limit],
  );
  return rows;
}

async function customKeys(db: Queryable, campaign: CampaignRecord): Promise<string[]> {
  const where = audienceCondition(campaign.userId, filterOf(campaign));
  const { rows } = await db.query<{ key: string }>(
    `SELECT DISTINCT k.key FROM (SELECT c.custom FROM contacts c WHERE ${where.sql} LIMIT 1000) AS s, jsonb_object_keys(s.custom) AS k(key)`,
    where.params,
  );
  return rows.map((row) => row.key);
}

/** Everything that blocks a launch (errors) or deserves a second look (warnings). */
export async function validateCampaign(db: Queryable, campaign: CampaignRecord, steps: readonly CampaignStep[], now: Date): Promise<ValidationReport> {
  const issues: Issue[] = [];
  const add = (code: string, severity: Issue['severity'], data: Issue['data'] = {}, extra: Partial<Issue> = {}): void => {
    issues.push({ code, severity, data, ...extra });
  };
  if (steps.length === 0) add('CAMPAIGN_NO_STEPS', 'error');
  const platform = campaign.channel === 'any' ? campaign.preferredChannel : campaign.channel;
  const [keys, samples] = await Promise.all([customKeys(db, campaign), sampleContacts(db, campaign, SAMPLE_SIZE)]);
  for (const step of steps) {
    const result = validateTemplate(step.template, { platform, knownFields: keys, sampleContacts: samples.map(templateContact) });
    for (const issue of result.issues) {
      add(issue.code, issue.severity, { ...issue.data }, { step: step.position, line: issue.line, column: issue.column });
    }
    if (step.position > 1 && step.delaySeconds <= 0) add('CAMPAIGN_FOLLOW_UP_WITHOUT_DELAY', 'error', {}, { step: step.position });
  }
  await checkAccounts(db, campaign, add);
  if (!(await hasSendableContact(db, campaign))) add('CAMPAIGN_EMPTY_AUDIENCE', 'error', { matched: (await audienceCounts(db, campaign, false)).matched });
  const { schedule } = campaign;
  try {
    scheduleWindow(schedule);
  } catch (error) {
    add('CAMPAIGN_INVALID_SCHEDULE', 'error', { detail: error instanceof DomainError ? error.message : String(error) });
  }
  if (schedule.endAt !== null && Date.parse(schedule.endAt) <= now.getTime()) add('CAMPAIGN_END_IN_PAST', 'error', { endAt: schedule.endAt });
  if (schedule.dailyCapPerAccount > SAFE_LIMITS.dailyCapPerAccount) {
    add('CAMPAIGN_CAP_ABOVE_SAFE', 'warning', { cap: schedule.dailyCapPerAccount, safe: SAFE_LIMITS.dailyCapPerAccount });
  }
  if (schedule.delaySeconds.min < SAFE_LIMITS.minDelaySeconds) {
    add('CAMPAIGN_DELAY_BELOW_SAFE', 'warning', { min: schedule.delaySeconds.min, safe: SAFE_LIMITS.minDelaySeconds });
  }
  return { errors: issues.filter((i) => i.severity === 'error'), warnings: issues.filter((i) => i.severity === 'warning') };
}

/**
 * Whether anyone in the audience can be messaged on the campaign's channel (`any`: Telegram, which reaches every
 * phone WhatsApp would). One row is enough: validation runs alongside every launch, and counting a 100,000-contact
 * audience there took CPU the launch's own selection needed.
 */
async function hasSendableContact(db: Queryable, campaign: CampaignRecord): Promise<boolean> {
  const where = audienceCondition(campaign.userId, filterOf(campaign));
  const reachable = campaign.channel === 'whatsapp' ? 'c.phone IS NOT NULL' : '(c.username IS NOT NULL OR c.phone IS NOT NULL)';
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM contacts c WHERE ${where.sql} AND c.reachable AND c.opted_out_at IS NULL AND ${reachable}) AS found`,
    where.params,
  );
  return rows[0]!.found;
}

async function checkAccounts(db: Queryable, campaign: CampaignRecord, add: (code: string, severity: Issue['severity'], data?: Issue['data']) => void): Promise<void> {
  if (campaign.accountIds.length === 0) {
    add('CAMPAIGN_NO_ACCOUNTS', 'error');
    return;
  }
  const { rows } = await db.query<{ id: number; platform: string; status: string }>(
    'SELECT id, platform, status FROM sender_accounts WHERE user_id = $1 AND id = ANY ($2::int[])',
    [campaign.userId, campaign.accountIds],
  );
  for (const accountId of campaign.accountIds) {
    const row = rows.find((r) => r.id === accountId);
    if (row === undefined || row.status !== 'active') add('CAMPAIGN_ACCOUNT_UNAVAILABLE', 'warning', { accountId, status: row?.status ?? 'missing' });
  }
  const usable = rows.filter((row) => row.status === 'active' && (campaign.channel === 'any' || row.platform === campaign.channel));
  if (usable.length === 0) add('CAMPAIGN_NO_ACCOUNT_FOR_CHANNEL', 'error', { channel: campaign.channel });
}

/** The step rendered for the audience's first `count` sendable contacts. */
export async function previewStep(
  db: Queryable,
  campaign: CampaignRecord,
  step: CampaignStep,
  count: number,
): Promise<{ contactLabel: string; text: string }[]> {
  const renderer = new MessageRenderer();
  const contacts = await sampleContacts(db, campaign, Math.max(1, Math.min(count, 20)));
  return contacts.map((contact) => ({ contactLabel: contactLabel(contact), text: renderer.render(step.id, step.template, contact.id, contact) }));
}
