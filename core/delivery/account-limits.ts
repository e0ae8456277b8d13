import type { Clock } from '../clock.js';
import type { Notifier } from '../notifier.js';
import type { Platform } from '../messengers/messenger.js';
import type { AccountLimitedNotification } from '../campaigns/campaign.notifications.js';
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

/**
 * What the engine does when a platform limits a sender account: FLOOD_WAIT pauses it until the given time
 * and moves its queued deliveries later by the wait; PEER_FLOOD marks it `limited` and hands its queued
 * deliveries to the campaigns' other usable accounts on the same platform (or, with none, to `until`).
 * The user hears about it once per event.
 */
export class AccountLimits {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly notifier: Notifier | undefined,
    private readonly peerFloodPauseMs: number,
  ) {}

  async floodWait(account: LimitedAccount, waitSeconds: number): Promise<LimitResult> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + Math.max(1, waitSeconds) * 1000);
    await this.db.query('UPDATE sender_accounts SET limited_until = $2, updated_at = $3 WHERE id = $1', [account.accountId, until, now]);
    const { rowCount } = await this.db.query(
      `UPDATE deliveries SET planned_at = greatest(planned_at + make_interval(secs => $2), $3), updated_at = $4
       WHERE account_id = $1 AND status = 'queued'`,
      [account.accountId, Math.max(1, waitSeconds), until, now],
    );
    const result = { until, alternates: [], moved: rowCount ?? 0 };
    await this.notify(account, 'FLOOD_WAIT', result);
    return result;
  }

  /** `inFlight`: the account's deliveries this worker holds in `sending` and will requeue; they move too. */
  async peerFlood(account: LimitedAccount, reason: string, inFlight: readonly number[] = []): Promise<LimitResult> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.peerFloodPauseMs);
    await this.db.query(
      `UPDATE sender_accounts SET status = 'limited', limited_until = $2, last_restricted_at = $3, status_reason = $4, updated_at = $3
       WHERE id = $1`,
      [account.accountId, until, now, reason.slice(0, 255)],
    );
    const { rows: alt } = await this.db.query<{ id: number }>(
      `SELECT DISTINCT a.id FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
       JOIN sender_accounts a ON a.id = ANY (c.account_ids) AND a.user_id = c.user_id
       WHERE d.account_id = $1 AND (d.status = 'queued' OR d.id = ANY ($4::bigint[])) AND a.id <> $1 AND a.platform = $2
         AND a.status = 'active' AND (a.limited_until IS NULL OR a.limited_until <= $3)
       ORDER BY a.id`,
      [account.accountId, account.platform, now, [...inFlight]],
    );
    const alternates = alt.map((row) => row.id);
    let moved: number;
    if (alternates.length > 0) {
      // Each campaign only gets accounts it chose: rotate over the intersection per campaign.
      const { rowCount } = await this.db.query(
        `WITH moving AS (
           SELECT d.id, c.account_ids, row_number() OVER (PARTITION BY d.campaign_id ORDER BY d.planned_at, d.id) AS rn,
                  array(SELECT x FROM unnest(c.account_ids) AS x WHERE x = ANY ($2::int[]) ORDER BY x) AS alts
           FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
           WHERE d.account_id = $1 AND (d.status = 'queued' OR d.id = ANY ($5::bigint[])))
         UPDATE deliveries d SET account_id = CASE WHEN cardinality(m.alts) = 0 THEN d.account_id
                                                  ELSE m.alts[1 + ((m.rn - 1) % cardinality(m.alts))::int] END,
                                 planned_at = CASE WHEN cardinality(m.alts) = 0 THEN greatest(d.planned_at, $3) ELSE d.planned_at END,
                                 updated_at = $4
         FROM moving m WHERE d.id = m.id`,
        [account.accountId, alternates, until, now, [...inFlight]],
      );
      moved = rowCount ?? 0;
    } else {
      const { rowCount } = await this.db.query(
        `UPDATE deliveries SET planned_at = greatest(planned_at, $2), updated_at = $3 WHERE account_id = $1 AND status = 'queued'`,
        [account.accountId, until, now],
      );
      moved = rowCount ?? 0;
    }
    const result = { until, alternates, moved };
    await this.notify(account, 'PEER_FLOOD', result);
    return result;
  }

  private async notify(account: LimitedAccount, reason: 'FLOOD_WAIT' | 'PEER_FLOOD', result: LimitResult): Promise<void> {
    if (this.notifier === undefined) return;
    const { rows } = await this.db.query<{ label: string | null; display_name: string | null; phone: string | null }>(
      'SELECT label, display_name, phone FROM sender_accounts WHERE id = $1',
      [account.accountId],
    );
    const row = rows[0];
    const data: AccountLimitedNotification = {
      accountId: account.accountId,
      accountLabel: row?.label ?? row?.display_name ?? row?.phone ?? String(account.accountId),
      platform: account.platform,
      reason,
      until: result.until.toISOString(),
      action: reason === 'FLOOD_WAIT' ? 'paused_until' : result.alternates.length > 0 ? 'moved_to_other_accounts' : 'waiting',
      movedDeliveries: result.moved,
    };
    await this.notifier.send(account.chatId, 'account.limited', data);
  }
}
