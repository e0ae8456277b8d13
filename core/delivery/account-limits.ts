import type { Clock } from '../clock.js';
import type { Notifier } from '../notifier.js';
import type { RandomSource } from '../random.js';
import type { Platform } from '../messengers/messenger.js';
import { AccountHealthService } from '../accounts/account-health.service.js';
import type { HealthEvent } from '../accounts/account-health-signals.js';
import { ACCOUNT_NAME_SQL } from '../accounts/account.types.js';
import type { AccountLimitedNotification } from '../campaigns/campaign.notifications.js';
import { replanAccountQueues } from './account-replan.js';
import type { CatchUpPolicy } from './schedule/index.js';
import type { Queryable } from './sql.js';

/** The account a limit applies to, as the dispatcher knows it. */
export interface LimitedAccount {
  accountId: number;
  userId: number;
  chatId: number;
  platform: Platform;
}

/** Where an account's deliveries went: other accounts (round robin), or later on the same one. */
export interface LimitResult {
  until: Date;
  /** Accounts that take over, in rotation order; empty when the deliveries wait. */
  alternates: number[];
  moved: number;
}

/** Where a restricted account's deliveries went; `until` is null for a restriction without an end. */
export interface RestrictionResult extends Omit<LimitResult, 'until'> {
  until: Date | null;
}

/** The health signals that hand an account's deliveries over. */
type Restriction = Extract<HealthEvent, { kind: 'peer_flood' | 'restricted' }>;

/**
 * SQL condition on the sender account aliased `alias`: it may not send at the time in parameter `now` (a limit
 * still running, or a restriction without an end). The dispatcher claims nothing of such an account.
 */
export function accountPausedSql(alias: string, now: string): string {
  return `(${alias}.limited_until > ${now} OR (${alias}.status = 'limited' AND ${alias}.limited_until IS NULL))`;
}

/**
 * What the engine does when a platform limits a sender account. FLOOD_WAIT pauses it until the given time and
 * moves its queued deliveries later by the wait. PEER_FLOOD, like a restriction the session reports itself,
 * marks it `limited` and hands its queued deliveries
 * to the campaigns' other healthy accounts on the same platform (or, with none, to `until`); the receiving
 * accounts' queues are then re-planned (`replanChangedQueues`, after the round) so each keeps its pace and
 * daily caps. Every limit is recorded as a health signal: a restriction, or a flood wait past the policy's
 * threshold, restarts the account's warm-up, and its own queue is re-planned at that lower cap too. The user
 * hears about it once per event.
 */
export class AccountLimits {
  private readonly health: AccountHealthService;
  private readonly toReplan = new Set<number>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly notifier: Notifier | undefined,
    private readonly peerFloodPauseMs: number,
    private readonly random: RandomSource,
    private readonly catchUp: Partial<CatchUpPolicy> = {},
    health?: AccountHealthService,
  ) {
    this.health = health ?? new AccountHealthService(db, clock);
  }

  async floodWait(account: LimitedAccount, waitSeconds: number): Promise<LimitResult> {
    const now = this.clock.now();
    const seconds = Math.max(1, waitSeconds);
    const until = new Date(now.getTime() + seconds * 1000);
    await this.db.query('UPDATE sender_accounts SET limited_until = $2, updated_at = $3 WHERE id = $1', [account.accountId, until, now]);
    const { rowCount } = await this.db.query(
      `UPDATE deliveries SET planned_at = greatest(planned_at + make_interval(secs => $2), $3), updated_at = $4
       WHERE account_id = $1 AND status = 'queued'`,
      [account.accountId, seconds, until, now],
    );
    const { warmUpRestarted } = await this.health.record(account.accountId, { kind: 'flood_wait', waitSeconds: seconds, until });
    // A long wait (or one too many) restarted the warm-up: the queue was planned with a cap the account lost.
    if (warmUpRestarted) this.toReplan.add(account.accountId);
    const result = { until, alternates: [], moved: rowCount ?? 0 };
    await this.notify(account, 'FLOOD_WAIT', result, []);
    return result;
  }

  /** `inFlight`: the account's deliveries this worker holds in `sending` and will requeue; they move too. */
  async peerFlood(account: LimitedAccount, reason: string, inFlight: readonly number[] = []): Promise<LimitResult> {
    const until = new Date(this.clock.now().getTime() + this.peerFloodPauseMs);
    const { result, receivers } = await this.handOver(account, { kind: 'peer_flood', detail: reason, until }, inFlight);
    await this.notify(account, 'PEER_FLOOD', result, receivers);
    return { ...result, until };
  }

  /**
   * The session itself reported a restriction (a WhatsApp ban or time lock, …): the same hand-over as
   * PEER_FLOOD, until `until`, or with no end (`null`: nothing lifts it by itself, and deliveries that no other
   * account can take stay queued). No dispatcher round owns this event, so the changed queues are re-planned
   * at once, and the user hears about it once that is done.
   */
  async restricted(account: LimitedAccount, reason: string, until: Date | null): Promise<RestrictionResult> {
    const { result, receivers } = await this.handOver(account, { kind: 'restricted', detail: reason, ...(until ? { until } : {}) }, []);
    await this.replanChangedQueues();
    await this.notify(account, 'RESTRICTED', result, receivers);
    return result;
  }

  /**
   * Marks the account limited and hands its queued deliveries to the campaigns' other usable accounts; those
   * no other account can take wait for `until` (or stay as they are, without an end). Returns the accounts that
   * took deliveries over, for the notice.
   */
  private async handOver(account: LimitedAccount, signal: Restriction, inFlight: readonly number[]): Promise<{ result: RestrictionResult; receivers: number[] }> {
    const now = this.clock.now();
    const until = signal.until ?? null;
    await this.db.query(
      `UPDATE sender_accounts SET status = 'limited', limited_until = $2, last_restricted_at = $3, status_reason = $4, updated_at = $3
       WHERE id = $1 AND status IN ('active', 'limited')`,
      [account.accountId, until, now, signal.detail.slice(0, 255)],
    );
    await this.health.record(account.accountId, signal);
    const alternates = await this.alternatesOf(account, now, inFlight);
    let moved: number;
    let receivers: number[] = [];
    if (alternates.length > 0) {
      // Each campaign only gets accounts it chose: rotate over the intersection per campaign. Moved deliveries
      // that this worker holds in `sending` go back to the queue here (the attempt does not count), so the
      // re-plan below gives them a slot within the receiving account's cap like every other moved delivery.
      const { rows } = await this.db.query<{ account_id: number }>(
        `WITH moving AS (
           SELECT d.id, row_number() OVER (PARTITION BY d.campaign_id ORDER BY d.planned_at, d.id) AS rn,
                  array(SELECT x FROM unnest(c.account_ids) AS x WHERE x = ANY ($2::int[]) ORDER BY x) AS alts
           FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
           WHERE d.account_id = $1 AND (d.status = 'queued' OR d.id = ANY ($5::bigint[])))
         UPDATE deliveries d SET account_id = CASE WHEN cardinality(m.alts) = 0 THEN d.account_id
                                                  ELSE m.alts[1 + ((m.rn - 1) % cardinality(m.alts))::int] END,
                                 planned_at = CASE WHEN cardinality(m.alts) = 0 THEN greatest(d.planned_at, $3) ELSE $4 END,
                                 status = CASE WHEN cardinality(m.alts) = 0 THEN d.status ELSE 'queued' END,
                                 attempts = CASE WHEN cardinality(m.alts) = 0 OR d.status = 'queued' THEN d.attempts
                                                 ELSE greatest(d.attempts - 1, 0) END,
                                 updated_at = $4
         FROM moving m WHERE d.id = m.id RETURNING d.account_id`,
        [account.accountId, alternates, until, now, [...inFlight]],
      );
      moved = rows.length;
      receivers = [...new Set(rows.map((row) => row.account_id).filter((id) => id !== account.accountId))].sort((a, b) => a - b);
    } else {
      // Without an end there is no time to wait for: the deliveries keep theirs, and the dispatcher leaves an
      // account limited without an end alone (see `accountPausedSql`).
      const { rowCount } = await this.db.query(
        `UPDATE deliveries SET planned_at = greatest(planned_at, coalesce($2, planned_at)), updated_at = $3 WHERE account_id = $1 AND status = 'queued'`,
        [account.accountId, until, now],
      );
      moved = rowCount ?? 0;
    }
    // Receivers get their share within their caps; what stays (campaigns without another account) waits for
    // the pause (re-plans start after `limited_until`), at the restarted warm-up.
    for (const id of [account.accountId, ...receivers]) this.toReplan.add(id);
    return { result: { until, alternates, moved }, receivers };
  }

  /**
   * Re-plans the queues the limits of this round changed (see `replanAccountQueues`). Call it once the round's
   * outcomes and usage are written: a receiving account's sends of the same round count against its pace and
   * cap only then, so re-planning earlier would let it exceed both.
   */
  async replanChangedQueues(): Promise<void> {
    if (this.toReplan.size === 0) return;
    const ids = [...this.toReplan];
    this.toReplan.clear();
    await replanAccountQueues(this.db, ids, this.clock.now(), this.random, this.catchUp);
  }

  /** The campaigns' other accounts on the platform that may send now and show no warning signs. */
  private async alternatesOf(account: LimitedAccount, now: Date, inFlight: readonly number[]): Promise<number[]> {
    const { rows } = await this.db.query<{ id: number }>(
      `SELECT DISTINCT a.id FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
       JOIN sender_accounts a ON a.id = ANY (c.account_ids) AND a.user_id = c.user_id
       WHERE d.account_id = $1 AND (d.status = 'queued' OR d.id = ANY ($4::bigint[])) AND a.id <> $1 AND a.platform = $2
         AND a.status = 'active' AND (a.limited_until IS NULL OR a.limited_until <= $3)
         AND a.health_state IS DISTINCT FROM 'cautious'
       ORDER BY a.id`,
      [account.accountId, account.platform, now, [...inFlight]],
    );
    return rows.map((row) => row.id);
  }

  private async notify(account: LimitedAccount, reason: AccountLimitedNotification['reason'], result: RestrictionResult, receivers: readonly number[]): Promise<void> {
    if (this.notifier === undefined) return;
    const { rows } = await this.db.query<{ id: number; name: string }>(
      `SELECT a.id, ${ACCOUNT_NAME_SQL} AS name FROM sender_accounts a WHERE a.id = ANY ($1::int[]) ORDER BY a.id`,
      [[account.accountId, ...receivers]],
    );
    const names = new Map(rows.map((row) => [row.id, row.name]));
    const data: AccountLimitedNotification = {
      accountId: account.accountId,
      accountLabel: names.get(account.accountId) ?? String(account.accountId),
      platform: account.platform,
      reason,
      until: result.until?.toISOString() ?? null,
      action: reason === 'FLOOD_WAIT' ? 'paused_until' : receivers.length > 0 ? 'moved_to_other_accounts' : 'waiting',
      movedDeliveries: result.moved,
      takenOverBy: receivers.map((id) => names.get(id) ?? `#${id}`),
    };
    await this.notifier.send(account.chatId, 'account.limited', data);
  }
}
