import type { Clock } from '../clock.js';
import type { Queryable } from '../delivery/sql.js';
import type { WarmUpPolicy } from '../delivery/schedule/warm-up.js';
import { assessHealth, HEALTH_POLICY_DEFAULTS, restartsWarmUp, type AccountHealth, type HealthPolicy } from './account-health.js';
import { insertHealthEvent, loadHealthSignals, type HealthEvent, type StoredSignals } from './account-health-signals.js';

/** What recording a signal changed. */
export interface HealthUpdate {
  /** The account's health now; undefined when the account no longer exists. */
  health: AccountHealth | undefined;
  /** Its warm-up restarted (`last_restricted_at` = now): plans made with its earlier cap are too generous. */
  warmUpRestarted: boolean;
}

/** An account's health as the Accounts section shows it. */
export interface AccountHealthView extends AccountHealth {
  accountId: number;
}

/**
 * Records the platforms' signals about sender accounts and keeps each account's health state. "Grows only while
 * healthy, a restriction drops it back" lives here: every restriction (PEER_FLOOD/spam, a session restriction
 * such as WhatsApp forbidden, a flood wait of at least `longFloodWaitSeconds`) and every move into `cautious`
 * sets `last_restricted_at`, which the warm-up cap (`warmUpCapForDay`) counts its days from.
 */
export class AccountHealthService {
  private readonly policy: HealthPolicy;

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    policy: Partial<HealthPolicy> = {},
    private readonly warmUp?: Partial<WarmUpPolicy>,
  ) {
    this.policy = { ...HEALTH_POLICY_DEFAULTS, ...policy };
  }

  /**
   * Stores a signal, restarts the warm-up when it is a restriction, and re-assesses the account. Says whether
   * the warm-up restarted (a restriction, or the account just became cautious): its queue's caps changed.
   */
  async record(accountId: number, event: HealthEvent): Promise<HealthUpdate> {
    const now = this.clock.now();
    await insertHealthEvent(this.db, accountId, event, now);
    const restriction = this.isRestriction(event);
    if (restriction) await this.db.query('UPDATE sender_accounts SET last_restricted_at = $2 WHERE id = $1', [accountId, now]);
    const update = (await this.update([accountId])).get(accountId);
    return { health: update?.health, warmUpRestarted: restriction || update?.restarted === true };
  }

  /**
   * Re-assesses the accounts, stores each one's state and restarts the warm-up of those that just became
   * cautious. Called after every signal and on the session host's heartbeat (rates change with every send).
   */
  async refresh(accountIds: readonly number[]): Promise<Map<number, AccountHealth>> {
    return new Map([...(await this.update(accountIds))].map(([id, { health }]) => [id, health]));
  }

  private async update(accountIds: readonly number[]): Promise<Map<number, { health: AccountHealth; restarted: boolean }>> {
    const result = new Map<number, { health: AccountHealth; restarted: boolean }>();
    if (accountIds.length === 0) return result;
    const now = this.clock.now();
    const signals = await loadHealthSignals(this.db, { accountIds }, this.since(now), this.policy.rateSampleSize);
    const changed: { id: number; state: string; restart: boolean }[] = [];
    for (const s of signals) {
      const restart = restartsWarmUp(s.healthState, this.assess(s, now).state);
      // Assessed again after the restart so the state and today's cap reflect it.
      const health = this.assess(restart ? { ...s, lastRestrictedAt: now } : s, now);
      result.set(s.accountId, { health, restarted: restart });
      if (health.state !== s.healthState) changed.push({ id: s.accountId, state: health.state, restart });
    }
    if (changed.length > 0) {
      await this.db.query(
        `UPDATE sender_accounts a SET health_state = v.state, last_restricted_at = CASE WHEN v.restart THEN $4 ELSE a.last_restricted_at END
         FROM unnest($1::int[], $2::text[], $3::boolean[]) AS v(id, state, restart) WHERE a.id = v.id`,
        [changed.map((c) => c.id), changed.map((c) => c.state), changed.map((c) => c.restart), now],
      );
    }
    return result;
  }

  /** The health of each of the user's accounts (disconnected ones left out), assessed now, without storing it. */
  async forUser(userId: number): Promise<AccountHealthView[]> {
    const now = this.clock.now();
    const signals = await loadHealthSignals(this.db, { userId }, this.since(now), this.policy.rateSampleSize);
    return signals.map((s) => ({ accountId: s.accountId, ...this.assess(s, now) }));
  }

  private assess(signals: StoredSignals, now: Date): AccountHealth {
    return assessHealth(signals, now, this.policy, this.warmUp);
  }

  private since(now: Date): Date {
    return new Date(now.getTime() - this.policy.signalWindowMs);
  }

  private isRestriction(event: HealthEvent): boolean {
    return event.kind === 'peer_flood' || event.kind === 'restricted' || (event.kind === 'flood_wait' && event.waitSeconds >= this.policy.longFloodWaitSeconds);
  }
}
