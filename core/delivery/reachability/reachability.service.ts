import type { Clock } from '../../clock.js';
import { ConflictError, DomainError } from '../../errors.js';
import type { JobQueue } from '../../jobs.js';
import { loadCampaign } from '../../campaigns/campaign.repository.js';
import type { Queryable } from '../sql.js';
import { campaignCheckAccounts, reachabilitySummary } from './preflight-audience.js';
import { PREFLIGHT_JOB, isCheckable, type PreflightPayload, type ReachabilitySummary } from './reachability.types.js';

/** A pre-flight cannot start: the campaign has no active account to check with. */
export class NoCheckAccountsError extends DomainError {
  readonly code = 'NO_CHECK_ACCOUNTS';
  constructor() {
    super('the campaign has no active account to check recipients with');
  }
}

/** What the bot asks about reachability: the review screen's counts and the "Check reachability" button. */
export class ReachabilityService {
  constructor(private readonly deps: { db: Queryable; clock: Clock; jobs?: JobQueue }) {}

  /** Per channel, how many of the campaign's recipients are reachable, unreachable (top reasons) and unchecked. */
  async summary(userId: number, campaignId: number): Promise<ReachabilitySummary> {
    const campaign = await loadCampaign(this.deps.db, userId, campaignId);
    const now = this.deps.clock.now();
    return reachabilitySummary(this.deps.db, campaign, await campaignCheckAccounts(this.deps.db, campaign, now), now);
  }

  /**
   * Asks the workers holding the campaign's accounts to check its unchecked recipients (the job reports back in
   * the chat). A pending request of the same campaign is replaced, so pressing twice does not check twice.
   * @throws NotFoundError for another user's campaign; ConflictError when it cannot send any more, has no usable
   * account (`NoCheckAccountsError`) or there is no job queue.
   */
  async requestCheck(userId: number, campaignId: number): Promise<void> {
    const campaign = await loadCampaign(this.deps.db, userId, campaignId);
    if (!isCheckable(campaign.status)) throw new ConflictError(`campaign ${campaignId} is ${campaign.status}`);
    if ((await campaignCheckAccounts(this.deps.db, campaign, this.deps.clock.now())).length === 0) throw new NoCheckAccountsError();
    if (this.deps.jobs === undefined) throw new ConflictError('no job queue to run the check');
    await this.deps.jobs.cancel(PREFLIGHT_JOB, { userId, campaignId });
    const payload: PreflightPayload = { userId, campaignId, hop: 0 };
    await this.deps.jobs.enqueue(PREFLIGHT_JOB, { ...payload });
  }
}
