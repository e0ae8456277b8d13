import type { Notifier } from '../notifier.js';
import type { RandomSource } from '../random.js';
import { accountPausedSql } from './account-limits.js';
import { replanAccountQueues, type ReplanSummary } from './account-replan.js';
import { notifyCatchUp } from './catch-up-notice.js';
import type { CatchUpPolicy } from './schedule/index.js';
import type { Queryable } from './sql.js';

export interface CatchUpGuardOptions {
  /**
   * Lateness that counts as falling behind. A running loop is late by well under a second; anything later
   * means the queue was not being served (downtime, a lost lease, a limit), and its planned times are stale.
   */
  graceMs: number;
  policy: CatchUpPolicy;
}

/**
 * The dispatcher's guard against bursts: before a claim, the held accounts that have queued deliveries overdue
 * by more than the grace get their whole queue re-planned from now (`replanAccountQueues`), so a restart
 * after downtime, an account taken over from another worker, or an account back from a limit resumes at the
 * normal pace, and deliveries too old to send are skipped, with a word to their owner.
 */
export class CatchUpGuard {
  constructor(
    private readonly db: Queryable,
    private readonly random: RandomSource,
    private readonly notifier: Notifier | undefined,
    private readonly options: CatchUpGuardOptions,
  ) {}

  /** Re-plans the accounts among `accountIds` that fell behind; `null` when none did. */
  async run(accountIds: readonly number[], now: Date): Promise<ReplanSummary | null> {
    const behind = await this.behind(accountIds, now);
    if (behind.length === 0) return null;
    const summary = await replanAccountQueues(this.db, behind, now, this.random, this.options.policy);
    await notifyCatchUp(this.db, this.notifier, summary, this.options.policy);
    return summary;
  }

  /** Accounts with a delivery the dispatcher could claim now that is later than the grace allows. */
  private async behind(accountIds: readonly number[], now: Date): Promise<number[]> {
    if (accountIds.length === 0) return [];
    const { rows } = await this.db.query<{ id: number }>(
      `SELECT a.id FROM unnest($1::int[]) AS a(id)
       WHERE EXISTS (SELECT 1 FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id AND c.status IN ('scheduled', 'running')
                     WHERE d.account_id = a.id AND d.status = 'queued'
                       AND d.planned_at < $2::timestamptz - make_interval(secs => $3::double precision / 1000))
         AND NOT EXISTS (SELECT 1 FROM sender_accounts s WHERE s.id = a.id AND ${accountPausedSql('s', '$2')})
       ORDER BY a.id`,
      [[...accountIds], now, this.options.graceMs],
    );
    return rows.map((row) => row.id);
  }
}
