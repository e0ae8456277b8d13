import type { ConnectionRegistry, LiveAccount } from '../../accounts/connection-registry.js';
import type { Clock } from '../../clock.js';
import type { ResolvedRecipient } from '../../messengers/messenger.js';
import { recipientRef } from '../delivery-renderer.js';
import type { Queryable } from '../sql.js';
import { unreachableAnswer } from './lookup-outcome.js';
import { checkKey, freshAnswers, saveChecks, type CachedAnswer, type CheckKey } from './recipient-checks.js';
import { UNREACHABLE, type RecipientCheck } from './reachability.types.js';

/** The part of a claimed delivery the gate needs. */
export interface GatedDelivery {
  id: number;
  user_id: number;
  account_id: number;
  recipient: string;
}

/**
 * Reachability as the first step of sending, for one dispatcher round: deliveries whose recipient is cached
 * unreachable on their account are skipped without any network call, a fresh cached resolution replaces the
 * round's lookup, and what the round's own lookups and sends learn about recipients is cached (one write).
 */
export class ReachabilityGate {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /**
   * Reads the cache for the claimed deliveries (one query) and skips those cached unreachable, conditional on
   * the claim still being this round's (`sending_at = claimedAt`).
   */
  async open(rows: readonly GatedDelivery[], registry: ConnectionRegistry, claimedAt: Date): Promise<ReachabilityRound> {
    const keys: CheckKey[] = [];
    for (const row of rows) {
      const account = registry.get(row.account_id);
      if (account !== undefined) keys.push({ accountId: row.account_id, userId: row.user_id, platform: account.platform, recipient: row.recipient });
    }
    const answers = await freshAnswers(this.db, keys, claimedAt);
    const unreachable = rows.filter((row) => answers.get(checkKey(row.account_id, row.recipient))?.reachable === false);
    const skipped = new Set<number>();
    if (unreachable.length > 0) {
      const now = this.clock.now();
      const { rows: done } = await this.db.query<{ id: number }>(
        `UPDATE deliveries d SET status = 'skipped', error_code = $3, error_text = v.reason, rendered_text = NULL, finished_at = $4, updated_at = $4
         FROM unnest($1::bigint[], $2::text[]) AS v(id, reason)
         WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $5 RETURNING d.id`,
        [
          unreachable.map((row) => row.id),
          unreachable.map((row) => answers.get(checkKey(row.account_id, row.recipient))!.errorCode ?? UNREACHABLE),
          UNREACHABLE,
          now,
          claimedAt,
        ],
      );
      for (const row of done) skipped.add(row.id);
      // A row not updated was taken over by another worker: it is not ours to send either.
      for (const row of unreachable) skipped.add(row.id);
    }
    return new ReachabilityRound(this.db, this.clock, this.ttlMs, answers, skipped);
  }
}

/** One round's view of the cache; see `ReachabilityGate`. */
export class ReachabilityRound {
  private readonly learned = new Map<string, RecipientCheck>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly answers: ReadonlyMap<string, CachedAnswer>,
    /** Deliveries of the round that were skipped as unreachable (or are no longer this round's). */
    readonly skipped: ReadonlySet<number>,
  ) {}

  /** The recipient resolved: from a fresh cached answer of this account, else by the platform (and remembered). */
  async resolve(account: LiveAccount, row: GatedDelivery): Promise<ResolvedRecipient> {
    const cached = this.answers.get(checkKey(row.account_id, row.recipient));
    if (cached?.reachable === true && cached.address !== null && cached.platformUserId !== null) {
      return { address: cached.address, platformUserId: cached.platformUserId };
    }
    const to = await account.connection.resolveRecipient(recipientRef(row.recipient));
    this.remember(account, row, { reachable: true, everywhere: false, address: to.address, platformUserId: to.platformUserId, errorCode: null });
    return to;
  }

  /** Remembers a failure of a lookup or a send, when it is about the recipient (others are never cached). */
  learnFailure(account: LiveAccount, row: GatedDelivery, code: string): void {
    const answer = unreachableAnswer(account.platform, row.recipient, code);
    if (answer === undefined) return;
    this.remember(account, row, { reachable: false, everywhere: answer.everywhere, address: null, platformUserId: null, errorCode: answer.errorCode });
  }

  /** Writes what the round learned (one statement). */
  async save(): Promise<void> {
    await saveChecks(this.db, [...this.learned.values()]);
  }

  private remember(
    account: LiveAccount,
    row: GatedDelivery,
    answer: Pick<RecipientCheck, 'reachable' | 'everywhere' | 'address' | 'platformUserId' | 'errorCode'>,
  ): void {
    const now = this.clock.now();
    this.learned.set(checkKey(row.account_id, row.recipient), {
      accountId: row.account_id,
      userId: row.user_id,
      platform: account.platform,
      recipient: row.recipient,
      ...answer,
      checkedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    });
  }
}
