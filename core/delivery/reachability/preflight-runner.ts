import type { ConnectionRegistry, LiveAccount } from '../../accounts/connection-registry.js';
import type { Clock } from '../../clock.js';
import type { RandomSource } from '../../random.js';
import { recipientRef } from '../delivery-renderer.js';
import type { Queryable } from '../sql.js';
import { checkPauseMs, checksAllowed, loadCheckBudget, reserveCheck } from './check-budget.js';
import { claimCheckSlot, pauseChecks } from './check-pacing.js';
import { lookupOutcome } from './lookup-outcome.js';
import type { UncheckedRecipient } from './preflight-audience.js';
import { saveChecks } from './recipient-checks.js';
import type { CheckStop, ReachabilityOptions, RecipientCheck } from './reachability.types.js';

export interface PreflightRunnerDeps {
  db: Queryable;
  clock: Clock;
  random: RandomSource;
  /** Waits `ms` (production: a timer; tests: advance a FakeClock). */
  sleep: (ms: number) => Promise<void>;
  registry: ConnectionRegistry;
  options: ReachabilityOptions;
  /** Most lookups one account makes in one run, so a run stays well inside its job lock; the job continues after. */
  maxChecksPerRun: number;
}

/** How one account's part of a run ended: `done` (nothing left for it), `more` (run limit reached) or a stop. */
export type AccountRunEnd = 'done' | 'more' | CheckStop;

export interface AccountRunResult {
  accountId: number;
  checked: number;
  end: AccountRunEnd;
}

/** A shared queue of recipients per channel: accounts take from it as they go, skipping what they asked already. */
class RecipientQueue {
  constructor(private readonly items: UncheckedRecipient[]) {}

  take(accountId: number, channel: string): UncheckedRecipient | undefined {
    const index = this.items.findIndex((item) => item.channel === channel && !item.checkedBy.includes(accountId));
    return index < 0 ? undefined : this.items.splice(index, 1)[0];
  }

  /** Gives back an item an account could not check, for the others. */
  giveBack(item: UncheckedRecipient, accountId: number): void {
    this.items.unshift({ ...item, checkedBy: [...item.checkedBy, accountId] });
  }
}

/**
 * Looks recipients up through the accounts this worker holds, concurrently across accounts and one at a time per
 * account: each lookup waits for the account's pacing slot (a random pause after the previous one), spends one
 * unit of the account's daily budget (never what today's planned sends need), and caches the answer. A FLOOD_WAIT
 * stops the account's lookups until it passes; budget, logout and other errors stop it for this run.
 */
export class PreflightRunner {
  constructor(private readonly deps: PreflightRunnerDeps) {}

  async run(accounts: readonly LiveAccount[], recipients: UncheckedRecipient[]): Promise<AccountRunResult[]> {
    const queue = new RecipientQueue(recipients);
    return Promise.all(accounts.map((account) => this.runAccount(account, queue)));
  }

  /** How many lookups the account could still make today (an upper bound for loading recipients). */
  async allowance(accountId: number): Promise<number> {
    return Math.min(this.deps.maxChecksPerRun, checksAllowed(await loadCheckBudget(this.deps.db, accountId, this.deps.clock.now())));
  }

  private async runAccount(account: LiveAccount, queue: RecipientQueue): Promise<AccountRunResult> {
    const { db, clock } = this.deps;
    const owner = { accountId: account.accountId, userId: account.userId };
    let checked = 0;
    const result = (end: AccountRunEnd): AccountRunResult => ({ accountId: account.accountId, checked, end });
    for (;;) {
      if (checked >= this.deps.maxChecksPerRun) return result('more');
      const item = queue.take(account.accountId, account.platform);
      if (item === undefined) return result('done');
      const slot = await this.waitForSlot(owner);
      if (slot === 'paused') {
        queue.giveBack(item, account.accountId);
        return result('flood_wait');
      }
      // The lease may have moved while we waited: only the holder may use the account.
      if (this.deps.registry.get(account.accountId) !== account) {
        queue.giveBack(item, account.accountId);
        return result('not_connected');
      }
      if (!(await reserveCheck(db, owner, clock.now()))) {
        queue.giveBack(item, account.accountId);
        return result('budget');
      }
      checked += 1;
      const outcome = lookupOutcome(
        account.platform,
        item.recipient,
        await account.connection.resolveRecipient(recipientRef(item.recipient)).then(
          (to) => ({ to }),
          (error: unknown) => ({ error }),
        ),
      );
      if (outcome.kind === 'stop') {
        queue.giveBack(item, account.accountId);
        if (outcome.waitSeconds !== undefined) await pauseChecks(db, owner, new Date(clock.now().getTime() + outcome.waitSeconds * 1000));
        return result(outcome.reason);
      }
      const now = clock.now();
      const check: RecipientCheck = {
        ...owner,
        platform: account.platform,
        recipient: item.recipient,
        reachable: outcome.kind === 'reachable',
        everywhere: outcome.kind === 'unreachable' && outcome.everywhere,
        address: outcome.kind === 'reachable' ? outcome.to.address : null,
        platformUserId: outcome.kind === 'reachable' ? outcome.to.platformUserId : null,
        errorCode: outcome.kind === 'unreachable' ? outcome.errorCode : null,
        checkedAt: now,
        expiresAt: new Date(now.getTime() + this.deps.options.ttlMs),
      };
      await saveChecks(db, [check]);
    }
  }

  /** Waits until the account's pacing slot is granted; 'paused' when a flood wait holds its lookups. */
  private async waitForSlot(owner: { accountId: number; userId: number }): Promise<'granted' | 'paused'> {
    for (;;) {
      const now = this.deps.clock.now();
      const slot = await claimCheckSlot(this.deps.db, owner, now, checkPauseMs(this.deps.random, this.deps.options.checkDelayMs));
      if (slot.kind !== 'wait') return slot.kind;
      await this.deps.sleep(Math.max(1, slot.until.getTime() - now.getTime()));
    }
  }
}
