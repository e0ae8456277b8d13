import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../errors.js';
import type { JobQueue } from '../jobs.js';
import { seededRandom, type RandomSource } from '../random.js';
import { countsByCampaign } from '../delivery/delivery-counts.js';
import { skipQueued } from '../delivery/reply-handler.js';
import { inClientTransaction, inTransaction } from '../delivery/sql.js';
import { audienceReport, previewStep, sampleContacts, validateCampaign } from './campaign-checks.js';
import { completeLaunch, prepareLaunch, previewFirstStep } from './campaign-launcher.js';
import { withLaunchLock } from './launch-lock.js';
import { withConnectionBudget } from '../db/connection-budget.js';
import { replanQueued } from './campaign-replan.js';
import { notifyCatchUp } from '../delivery/catch-up-notice.js';
import { DEFAULT_CATCH_UP_POLICY, type CatchUpPolicy } from '../delivery/schedule/index.js';
import type { Notifier } from '../notifier.js';
import { campaignStats, deliveriesCsv, overallStats } from './campaign-stats.js';
import { parseSettingsPatch, parseSteps } from './campaign-settings.schema.js';
import { MessageRenderer } from '../delivery/delivery-renderer.js';
import { DIRECT_MESSAGE_JOB, type DirectMessagePayload } from './direct-message.js';
import {
  insertCampaign,
  loadCampaign,
  loadSteps,
  requireStatus,
  saveSettings,
  transition,
  type CampaignRecord,
} from './campaign.repository.js';
import {
  defaultSchedule,
  type AudienceReport,
  type CampaignSettings,
  type CampaignStats,
  type CampaignSummary,
  type CampaignView,
  type Issue,
  type LaunchResult,
  type OverallStats,
  type StepInput,
  type ValidationReport,
} from './campaign.types.js';

/** The job that sends a campaign's test message through a connected account (run by the worker holding it). */

/** A launch was refused because `validate` found errors. */
export class CampaignInvalidError extends DomainError {
  readonly code = 'CAMPAIGN_INVALID';
  constructor(readonly issues: readonly Issue[]) {
    super(`campaign has ${issues.length} error(s): ${issues.map((issue) => issue.code).join(', ')}`);
  }
}

export interface CampaignServiceDeps {
  db: Database;
  clock: Clock;
  random: RandomSource;
  /** Needed only by `sendTest`. */
  jobs?: JobQueue;
  /** When a resume skips messages as too old (default `DEFAULT_CATCH_UP_POLICY`). */
  catchUp?: Partial<CatchUpPolicy>;
  /** Tells the user what a resume skipped as too old; without it the skips are silent. */
  notifier?: Notifier;
}

const PAGE_SIZE = 10;
const EDITABLE = ['draft', 'paused'] as const;

/**
 * Campaigns of one user: drafting, validation, launch (set-based materialisation of deliveries), lifecycle,
 * statistics and export. Every method takes the owner's user id and scopes its queries by it, so a foreign
 * campaign id gives `NotFoundError`.
 */
export class CampaignService {
  constructor(private readonly deps: CampaignServiceDeps) {}

  private get pool(): Database['pool'] {
    return this.deps.db.pool;
  }

  async createDraft(userId: number, name: string): Promise<{ id: number }> {
    const settings = parseSettingsPatch({ name });
    const { rows } = await this.pool.query<{ time_zone: string }>('SELECT time_zone FROM users WHERE id = $1', [userId]);
    const user = rows[0];
    if (user === undefined) throw new NotFoundError(`user ${userId} not found`);
    const draft: CampaignSettings = {
      name: settings.name ?? name,
      channel: 'telegram',
      preferredChannel: 'telegram',
      accountIds: [],
      audience: { listIds: [], tags: [], excludeTags: [] },
      schedule: defaultSchedule(user.time_zone),
      allowOverlap: false,
    };
    return { id: await insertCampaign(this.pool, userId, draft, this.deps.clock.now()) };
  }

  /** Replaces the given settings (each one whole). Only in draft or paused. */
  async update(userId: number, campaignId: number, patch: Partial<CampaignSettings>): Promise<void> {
    const changes = parseSettingsPatch(patch);
    await inTransaction(this.pool, async (client) => {
      const campaign = await loadCampaign(client, userId, campaignId, true);
      requireStatus(campaign, EDITABLE);
      await saveSettings(client, { ...campaign, ...changes }, this.deps.clock.now());
    });
  }

  /** Replaces the steps. Only in draft or paused; a paused campaign keeps the steps that already have deliveries. */
  async setSteps(userId: number, campaignId: number, steps: StepInput[]): Promise<void> {
    const input = parseSteps(steps);
    await inTransaction(this.pool, async (client) => {
      const campaign = await loadCampaign(client, userId, campaignId, true);
      requireStatus(campaign, EDITABLE);
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
         WHERE s.campaign_id = $1 AND s.position > $2`,
        [campaignId, input.length],
      );
      if (rows[0]!.n > 0) throw new ConflictError('steps that already have deliveries cannot be removed');
      await client.query('DELETE FROM campaign_steps WHERE campaign_id = $1 AND position > $2', [campaignId, input.length]);
      await client.query(
        `INSERT INTO campaign_steps (campaign_id, user_id, position, template, delay_seconds)
         SELECT $1, $2, v.position, v.template, v.delay FROM unnest($3::int[], $4::text[], $5::int[]) AS v(position, template, delay)
         ON CONFLICT (campaign_id, position) DO UPDATE SET template = excluded.template, delay_seconds = excluded.delay_seconds`,
        [campaignId, userId, input.map((_, i) => i + 1), input.map((s) => s.template), input.map((s, i) => (i === 0 ? 0 : s.delaySeconds))],
      );
      await client.query('UPDATE campaigns SET updated_at = $2 WHERE id = $1', [campaignId, this.deps.clock.now()]);
    });
  }

  async get(userId: number, campaignId: number): Promise<CampaignView> {
    const campaign = await loadCampaign(this.pool, userId, campaignId);
    const [steps, counts] = await Promise.all([loadSteps(this.pool, campaignId), countsByCampaign(this.pool, userId, [campaignId])]);
    return {
      id: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      preferredChannel: campaign.preferredChannel,
      accountIds: campaign.accountIds,
      audience: campaign.audience,
      schedule: campaign.schedule,
      allowOverlap: campaign.allowOverlap,
      status: campaign.status,
      steps,
      counts: counts.get(campaignId)!,
      createdAt: campaign.createdAt.toISOString(),
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
    };
  }

  /** Newest first, `PAGE_SIZE` (10) per page; `page` is 0-based. */
  async list(userId: number, page: number): Promise<{ items: CampaignSummary[]; total: number }> {
    const offset = Math.max(0, Math.floor(page)) * PAGE_SIZE;
    const { rows } = await this.pool.query<{ id: number; name: string; status: CampaignSummary['status']; channel: CampaignSummary['channel']; steps: number; created_at: Date; total: number }>(
      `SELECT c.id, c.name, c.status, c.channel, c.created_at, count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM campaign_steps s WHERE s.campaign_id = c.id) AS steps
       FROM campaigns c WHERE c.user_id = $1 ORDER BY c.id DESC LIMIT $2 OFFSET $3`,
      [userId, PAGE_SIZE, offset],
    );
    const counts = await countsByCampaign(this.pool, userId, rows.map((row) => row.id));
    let total = rows[0]?.total;
    if (total === undefined) {
      const { rows: all } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns WHERE user_id = $1', [userId]);
      total = all[0]!.n;
    }
    return {
      items: rows.map((row) => ({
        id: row.id, name: row.name, status: row.status, channel: row.channel, steps: row.steps,
        counts: counts.get(row.id)!, createdAt: row.created_at.toISOString(),
      })),
      total,
    };
  }

  async audience(userId: number, campaignId: number): Promise<AudienceReport> {
    return audienceReport(this.pool, await loadCampaign(this.pool, userId, campaignId));
  }

  async validate(userId: number, campaignId: number): Promise<ValidationReport> {
    const campaign = await loadCampaign(this.pool, userId, campaignId);
    return validateCampaign(this.pool, campaign, await loadSteps(this.pool, campaignId), this.deps.clock.now());
  }

  /** Step `stepPosition` (1-based) rendered for the first `count` (≤ 20) sendable contacts. */
  async preview(userId: number, campaignId: number, stepPosition: number, count: number): Promise<{ contactLabel: string; text: string }[]> {
    const campaign = await loadCampaign(this.pool, userId, campaignId);
    const step = (await loadSteps(this.pool, campaignId)).find((s) => s.position === stepPosition);
    if (step === undefined) throw new NotFoundError(`step ${stepPosition} not found`);
    return previewStep(this.pool, campaign, step, count);
  }

  /**
   * Renders step 1 for the first sendable contact and queues it to the user's own Telegram username through
   * the given account (the worker holding the account sends it with a stored client message id).
   * @throws ValidationError `TEST_RECIPIENT_UNKNOWN`-style details when the user has no username.
   */
  async sendTest(userId: number, campaignId: number, accountId: number): Promise<void> {
    const campaign = await loadCampaign(this.pool, userId, campaignId);
    const step = (await loadSteps(this.pool, campaignId))[0];
    if (step === undefined) throw new ConflictError('the campaign has no steps');
    const { rows: accounts } = await this.pool.query<{ platform: string; status: string }>(
      'SELECT platform, status FROM sender_accounts WHERE id = $1 AND user_id = $2',
      [accountId, userId],
    );
    if (accounts[0] === undefined) throw new NotFoundError(`account ${accountId} not found`);
    if (accounts[0].platform !== 'telegram' || accounts[0].status !== 'active') throw new ConflictError('the account cannot send a test now');
    const { rows: users } = await this.pool.query<{ username: string | null }>('SELECT username FROM users WHERE id = $1', [userId]);
    const username = users[0]?.username ?? null;
    if (username === null) throw new ValidationError('the user has no Telegram username to send a test to', ['TEST_RECIPIENT_UNKNOWN']);
    const [sample] = await sampleContacts(this.pool, campaign, 1);
    const contact = sample ?? { id: 0, first_name: null, last_name: null, company: null, position: null, city: null, country: null, username: null, phone: null, email: null, custom: {} };
    const text = new MessageRenderer().render(step.id, step.template, contact.id, contact);
    if (this.deps.jobs === undefined) throw new ConflictError('no job queue to send the test through');
    const payload: DirectMessagePayload = { userId, campaignId, accountId, recipient: `username:${username}`, text, purpose: 'test' };
    await this.deps.jobs.enqueue(DIRECT_MESSAGE_JOB, { ...payload });
  }

  /**
   * Answers a contact who replied: `text` goes to the delivery's recipient through the account that sent the
   * delivery (and received the reply), by the worker holding that account. Returns the contact's label.
   */
  async replyToContact(userId: number, deliveryId: number, text: string): Promise<{ contactLabel: string }> {
    const body = text.trim();
    if (body === '' || body.length > 4096) throw new ValidationError('a reply must have 1 to 4096 characters', ['REPLY_LENGTH']);
    const { rows } = await this.pool.query<{ campaign_id: number; account_id: number | null; recipient: string; first_name: string | null; last_name: string | null; username: string | null; phone: string | null }>(
      `SELECT d.campaign_id, d.account_id, d.recipient, ct.first_name, ct.last_name, ct.username, ct.phone
       FROM deliveries d JOIN contacts ct ON ct.id = d.contact_id
       WHERE d.id = $1 AND d.user_id = $2 AND d.status IN ('sent', 'replied')`,
      [deliveryId, userId],
    );
    const row = rows[0];
    if (row === undefined) throw new NotFoundError(`delivery ${deliveryId} not found`);
    if (row.account_id === null) throw new ConflictError('the account that sent this message is gone');
    if (this.deps.jobs === undefined) throw new ConflictError('no job queue to send the reply through');
    const payload: DirectMessagePayload = { userId, campaignId: row.campaign_id, accountId: row.account_id, recipient: row.recipient, text: body, purpose: 'reply' };
    await this.deps.jobs.enqueue(DIRECT_MESSAGE_JOB, { ...payload });
    const name = [row.first_name, row.last_name].filter(Boolean).join(' ');
    return { contactLabel: name || (row.username ? `@${row.username}` : (row.phone ?? '')) };
  }

  /**
   * Validates, then materialises the first step's deliveries and starts the campaign (or schedules it): one launch
   * of a campaign at a time (`withLaunchLock`), planned while validating, written by `completeLaunch`.
   * @throws ConflictError when the campaign is already being launched, not a draft, or changed meanwhile.
   */
  async launch(userId: number, campaignId: number): Promise<LaunchResult> {
    // Several connections at once (the lock's session, validation, selection, the insert's ranges): in turn.
    return withConnectionBudget(this.pool, () => this.launchLocked(userId, campaignId));
  }

  private async launchLocked(userId: number, campaignId: number): Promise<LaunchResult> {
    return withLaunchLock(this.pool, campaignId, async (session) => {
      const now = this.deps.clock.now();
      // Validation reads on its own connection while the plan is made: an invalid campaign is refused before
      // anything is written, and its errors take precedence over the planning's.
      const [report, prepared] = await Promise.allSettled([
        this.validate(userId, campaignId),
        inClientTransaction(session, (client) => prepareLaunch(client, userId, campaignId, now, this.deps.random, this.pool)),
      ]);
      if (report.status === 'rejected') throw report.reason;
      if (report.value.errors.length > 0) throw new CampaignInvalidError(report.value.errors);
      if (prepared.status === 'rejected') throw prepared.reason;
      return completeLaunch(this.pool, session, prepared.value, now);
    });
  }

  /**
   * What launching now would plan, per account (warm, cold, until when) and left unplanned, without writing
   * anything. Its random pauses come from a source seeded by the campaign id: a preview neither draws from
   * the service's source nor changes between two looks.
   */
  async planPreview(userId: number, campaignId: number): Promise<LaunchResult> {
    return withConnectionBudget(this.pool, () =>
      inTransaction(this.pool, async (client) => {
        const campaign = await loadCampaign(client, userId, campaignId);
        return previewFirstStep(client, campaign, this.deps.clock.now(), seededRandom(campaignId), this.pool);
      }),
    );
  }

  async pause(userId: number, campaignId: number): Promise<void> {
    await this.move(userId, campaignId, ['scheduled', 'running'], 'paused');
  }

  /**
   * Resumes a paused campaign. The queues of its accounts are re-planned from now at once (not only when a
   * worker next looks), so what fell due while paused goes out paced; what became too old is skipped.
   */
  async resume(userId: number, campaignId: number): Promise<void> {
    const policy = { ...DEFAULT_CATCH_UP_POLICY, ...this.deps.catchUp };
    const summary = await inTransaction(this.pool, async (client) => {
      const campaign = await loadCampaign(client, userId, campaignId, true);
      requireStatus(campaign, ['paused']);
      const now = this.deps.clock.now();
      // Running first: the re-plan takes the deliveries of running and scheduled campaigns only.
      await transition(client, campaignId, ['paused'], 'running', now);
      return replanQueued(client, campaign, now, this.deps.random, policy);
    });
    await notifyCatchUp(this.pool, this.deps.notifier, summary, policy);
  }

  /** Cancels the campaign; its queued deliveries become skipped (`CANCELLED`). Returns how many. */
  async cancel(userId: number, campaignId: number): Promise<{ skipped: number }> {
    return inTransaction(this.pool, async (client) => {
      const campaign = await loadCampaign(client, userId, campaignId, true);
      requireStatus(campaign, ['draft', 'scheduled', 'running', 'paused']);
      const now = this.deps.clock.now();
      await transition(client, campaignId, [campaign.status], 'cancelled', now, ', finished_at = $3');
      return { skipped: await skipQueued(client, 'campaign_id = $1 AND user_id = $2', [campaignId, userId], 'CANCELLED', now) };
    });
  }

  /** A new draft with the same settings and steps. */
  async duplicate(userId: number, campaignId: number): Promise<{ id: number }> {
    return inTransaction(this.pool, async (client) => {
      const campaign = await loadCampaign(client, userId, campaignId);
      const id = await insertCampaign(client, userId, campaign, this.deps.clock.now());
      await client.query(
        `INSERT INTO campaign_steps (campaign_id, user_id, position, template, delay_seconds)
         SELECT $1, user_id, position, template, delay_seconds FROM campaign_steps WHERE campaign_id = $2 AND user_id = $3`,
        [id, campaignId, userId],
      );
      return { id };
    });
  }

  async stats(userId: number, campaignId: number): Promise<CampaignStats> {
    return campaignStats(this.pool, await loadCampaign(this.pool, userId, campaignId));
  }

  async overallStats(userId: number): Promise<OverallStats> {
    return overallStats(this.pool, userId);
  }

  async exportDeliveriesCsv(userId: number, campaignId: number): Promise<Buffer> {
    return deliveriesCsv(this.pool, await loadCampaign(this.pool, userId, campaignId));
  }

  private async move(userId: number, campaignId: number, from: CampaignRecord['status'][], to: CampaignRecord['status']): Promise<void> {
    const campaign = await loadCampaign(this.pool, userId, campaignId);
    requireStatus(campaign, from);
    if (!(await transition(this.pool, campaignId, from, to, this.deps.clock.now()))) {
      throw new ConflictError(`campaign ${campaignId} changed meanwhile`);
    }
  }
}
