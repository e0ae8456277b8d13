import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { Notifier } from '../notifier.js';
import { scheduleWindow } from '../campaigns/campaign-window.js';
import { replyRate, type Schedule } from '../campaigns/campaign.types.js';
import type { CampaignProgressNotification } from '../campaigns/campaign.notifications.js';
import { foldCounts } from './delivery-counts.js';
import { cryptoRandom, type RandomSource } from '../random.js';
import { replanAccountQueues } from './account-replan.js';
import { nextWindowOpening, type CatchUpPolicy } from './schedule/index.js';

export interface MaintenanceOptions {
  /** Least time between two edits of one campaign's progress message. */
  progressIntervalMs: number;
  /** The ages beyond which re-planned sends are skipped (the engine's catch-up settings). */
  catchUp?: Partial<CatchUpPolicy>;
  /** Pauses of re-planned queues; default: crypto randomness. */
  random?: RandomSource;
}

interface ActiveCampaign {
  id: number;
  user_id: number;
  name: string;
  status: 'scheduled' | 'running';
  schedule: Schedule;
  steps: number;
  chat_id: number;
  progress_message_id: number | null;
  launched_at: Date | null;
}

/**
 * The engine's periodic duties over active campaigns, safe to run in several workers at once (each step is a
 * conditional statement, so only one worker wins a transition or a progress edit): materialise due
 * follow-ups, refresh live progress, and complete campaigns with nothing left to do.
 */
export class CampaignMaintenance {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly notifier: Notifier | undefined,
    private readonly options: MaintenanceOptions = { progressIntervalMs: 4_000 },
  ) {}

  async run(): Promise<void> {
    const { rows } = await this.pool.query<ActiveCampaign>(
      `SELECT c.id, c.user_id, c.name, c.status, c.schedule, u.chat_id, c.progress_message_id, c.launched_at,
              (SELECT count(*)::int FROM campaign_steps s WHERE s.campaign_id = c.id) AS steps
       FROM campaigns c JOIN users u ON u.id = c.user_id WHERE c.status IN ('scheduled', 'running')`,
    );
    for (const campaign of rows) {
      if (campaign.steps > 1) await this.materialiseFollowUps(campaign);
      if (!(await this.complete(campaign))) await this.progress(campaign);
    }
  }

  /**
   * Inserts the next step for contacts whose previous step was sent (no reply) long enough ago. The previous
   * step's row is locked as the reply handler locks it: a reply being recorded is skipped until next time, and
   * one recorded after this insert waits for it and then skips the new follow-up. Without the lock, a reply
   * committed while this statement ran left a follow-up queued for a contact who had answered.
   */
  async materialiseFollowUps(campaign: ActiveCampaign): Promise<number> {
    const now = this.clock.now();
    const plannedAt = nextWindowOpening(now, scheduleWindow(campaign.schedule));
    const { rows: inserted } = await this.pool.query<{ account_id: number | null }>(
      `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, recipient_user_id,
                               time_zone, warm, status, planned_at, queued_at, updated_at)
       SELECT d.user_id, d.campaign_id, s2.id, d.contact_id, d.account_id, d.channel, d.recipient, d.recipient_user_id,
              d.time_zone, true, 'queued', $2, $3, $3
       FROM deliveries d
       JOIN campaign_steps s1 ON s1.id = d.step_id
       JOIN campaign_steps s2 ON s2.campaign_id = d.campaign_id AND s2.position = s1.position + 1
       JOIN contacts ct ON ct.id = d.contact_id AND ct.opted_out_at IS NULL
       WHERE d.campaign_id = $1 AND d.status = 'sent' AND d.sent_at + make_interval(secs => s2.delay_seconds) <= $3
       FOR UPDATE OF d SKIP LOCKED
       ON CONFLICT (step_id, contact_id) DO NOTHING
       RETURNING account_id`,
      [campaign.id, plannedAt, now],
    );
    // Follow-ups fall due in batches; re-planning their accounts' queues spreads them at the normal pace
    // (and in each recipient's own window) instead of sending the batch back to back.
    const accountIds = [...new Set(inserted.flatMap((row) => (row.account_id === null ? [] : [row.account_id])))];
    if (accountIds.length > 0) await replanAccountQueues(this.pool, accountIds, now, this.options.random ?? cryptoRandom, this.options.catchUp);
    return inserted.length;
  }

  /** Completes the campaign when nothing is queued or sending and no follow-up can still become due. */
  private async complete(campaign: ActiveCampaign): Promise<boolean> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE campaigns c SET status = 'completed', finished_at = $2, updated_at = $2
       WHERE c.id = $1 AND c.status IN ('scheduled', 'running')
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id AND d.status IN ('queued', 'sending'))
         AND NOT EXISTS (
           SELECT 1 FROM deliveries d
           JOIN campaign_steps s1 ON s1.id = d.step_id
           JOIN campaign_steps s2 ON s2.campaign_id = d.campaign_id AND s2.position = s1.position + 1
           JOIN contacts ct ON ct.id = d.contact_id AND ct.opted_out_at IS NULL
           WHERE d.campaign_id = c.id AND d.status = 'sent'
             AND NOT EXISTS (SELECT 1 FROM deliveries n WHERE n.step_id = s2.id AND n.contact_id = d.contact_id))
       RETURNING c.id`,
      [campaign.id, now],
    );
    if (rows.length === 0) return false;
    const counts = await this.counts(campaign.id);
    if (campaign.progress_message_id !== null) {
      await this.notifier?.edit(campaign.chat_id, campaign.progress_message_id, 'campaign.progress', this.progressData(campaign, 'completed', counts, null));
    }
    const { rows: errors } = await this.pool.query<{ code: string; count: number }>(
      `SELECT error_code AS code, count(*)::int AS count FROM deliveries
       WHERE campaign_id = $1 AND status = 'failed' AND error_code IS NOT NULL GROUP BY error_code ORDER BY count DESC, error_code LIMIT 5`,
      [campaign.id],
    );
    await this.notifier?.send(campaign.chat_id, 'campaign.completed', {
      campaignId: campaign.id,
      name: campaign.name,
      counts,
      replyRate: replyRate(counts),
      topErrors: errors,
      startedAt: campaign.launched_at?.toISOString() ?? null,
      finishedAt: now.toISOString(),
    });
    return true;
  }

  /** Sends the progress message once, then edits it, at most once per interval (one worker wins each turn). */
  private async progress(campaign: ActiveCampaign): Promise<void> {
    if (this.notifier === undefined) return;
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ id: number }>(
      `UPDATE campaigns SET progress_updated_at = $2
       WHERE id = $1 AND (progress_updated_at IS NULL OR progress_updated_at <= $2::timestamptz - make_interval(secs => $3::double precision / 1000))
       RETURNING id`,
      [campaign.id, now, this.options.progressIntervalMs],
    );
    if (rows.length === 0) return;
    const counts = await this.counts(campaign.id);
    const { rows: next } = await this.pool.query<{ at: Date | null }>(
      `SELECT min(planned_at) AS at FROM deliveries WHERE campaign_id = $1 AND status = 'queued'`,
      [campaign.id],
    );
    const data = this.progressData(campaign, campaign.status, counts, next[0]?.at ?? null);
    if (campaign.progress_message_id !== null) {
      await this.notifier.edit(campaign.chat_id, campaign.progress_message_id, 'campaign.progress', data);
      return;
    }
    const { messageId } = await this.notifier.send(campaign.chat_id, 'campaign.progress', data);
    await this.pool.query('UPDATE campaigns SET progress_message_id = $2 WHERE id = $1', [campaign.id, messageId]);
  }

  private async counts(campaignId: number): Promise<ReturnType<typeof foldCounts>> {
    const { rows } = await this.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY status',
      [campaignId],
    );
    return foldCounts(rows);
  }

  private progressData(
    campaign: ActiveCampaign,
    status: CampaignProgressNotification['status'],
    counts: ReturnType<typeof foldCounts>,
    nextAt: Date | null,
  ): CampaignProgressNotification {
    return { campaignId: campaign.id, name: campaign.name, status, counts, nextPlannedAt: nextAt?.toISOString() ?? null };
  }
}
