import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { ConnectionRegistry, LiveAccount } from '../accounts/connection-registry.js';
import { DomainError } from '../errors.js';
import { MessengerError, type Platform } from '../messengers/messenger.js';
import { accountPausedSql, AccountLimits } from './account-limits.js';
import { CatchUpGuard } from './catch-up-guard.js';
import { DEFAULT_CATCH_UP_POLICY } from './schedule/index.js';
import { applyOutcomes, recordUsage, type Outcome } from './delivery-outcomes.js';
import { CONTACT_COLUMNS, MessageRenderer, type ContactRow } from './delivery-renderer.js';
import type { Notifier } from '../notifier.js';
import { cryptoRandom, type RandomSource } from '../random.js';
import { ReachabilityGate, type ReachabilityRound } from './reachability/reachability-gate.js';
import { DEFAULT_REACHABILITY_OPTIONS } from './reachability/reachability.types.js';

export interface DispatcherOptions {
  /** Deliveries claimed per round. */
  batchSize: number;
  /** A `sending` claim older than this belongs to a dead worker and is taken over (reusing its message id). */
  staleClaimMs: number;
  /** Attempts before a TRANSIENT failure becomes final. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt. */
  backoffBaseMs: number;
  /** How long a PEER_FLOOD-limited account rests. */
  peerFloodPauseMs: number;
  /** How long a recipient's cached reachability answer is trusted (see core/delivery/reachability/). */
  recipientCheckTtlMs: number;
  /** An account with a delivery overdue by more than this is re-planned before claiming (see `CatchUpGuard`). */
  catchUpGraceMs: number;
  /** A first message overdue by more than this is skipped as `STALE` instead of sent late. */
  catchUpMaxAgeMs: number;
  /** The same for follow-ups. */
  followUpMaxAgeMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 200,
  staleClaimMs: 120_000,
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  peerFloodPauseMs: 24 * 3_600_000,
  recipientCheckTtlMs: DEFAULT_REACHABILITY_OPTIONS.ttlMs,
  catchUpGraceMs: 60_000,
  catchUpMaxAgeMs: DEFAULT_CATCH_UP_POLICY.maxAgeMs,
  followUpMaxAgeMs: DEFAULT_CATCH_UP_POLICY.followUpMaxAgeMs,
};

export interface DispatcherDeps {
  pool: pg.Pool;
  clock: Clock;
  registry: ConnectionRegistry;
  /** A fresh client message id per platform (the platform driver's `newClientMessageId`). */
  newClientMessageId: (platform: Platform) => string;
  notifier?: Notifier;
  /** Pauses of re-planned queues (after an account is limited); default: crypto randomness. */
  random?: RandomSource;
  /** Called after a round with the campaigns it touched (live progress). */
  onTouched?: (campaignIds: ReadonlySet<number>) => void;
}

interface ClaimedRow extends ContactRow {
  id: number;
  user_id: number;
  campaign_id: number;
  step_id: number;
  contact_id: number;
  account_id: number;
  recipient: string;
  client_message_id: string | null;
  rendered_text: string | null;
  attempts: number;
  template: string;
}

/** A claimed delivery ready to go: its id and text are stored. */
interface ReadyDelivery {
  row: ClaimedRow;
  clientMessageId: string;
  text: string;
}

/**
 * Carries out due deliveries for the accounts this process holds: claims a batch with
 * `FOR UPDATE SKIP LOCKED` (so workers never share a delivery), stores each client message id and rendered
 * text before any network call, sends concurrently across accounts and sequentially per account, and
 * writes the outcomes back in set-based statements.
 */
export class DeliveryDispatcher {
  private readonly options: DispatcherOptions;
  private readonly renderer = new MessageRenderer();
  private readonly limits: AccountLimits;
  private readonly reachability: ReachabilityGate;
  private readonly catchUp: CatchUpGuard;

  constructor(
    private readonly deps: DispatcherDeps,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    this.limits = new AccountLimits(deps.pool, deps.clock, deps.notifier, this.options.peerFloodPauseMs, deps.random ?? cryptoRandom, {
      maxAgeMs: this.options.catchUpMaxAgeMs,
      followUpMaxAgeMs: this.options.followUpMaxAgeMs,
    });
    this.reachability = new ReachabilityGate(deps.pool, deps.clock, this.options.recipientCheckTtlMs);
    this.catchUp = new CatchUpGuard(deps.pool, deps.random ?? cryptoRandom, deps.notifier, {
      graceMs: this.options.catchUpGraceMs,
      policy: { maxAgeMs: this.options.catchUpMaxAgeMs, followUpMaxAgeMs: this.options.followUpMaxAgeMs },
    });
  }

  /** One round; returns how many deliveries it claimed (a full batch means more may be due). */
  async dispatchOnce(): Promise<number> {
    const held = this.deps.registry.held();
    if (held.length === 0) return 0;
    const claimedAt = this.deps.clock.now();
    // Whatever fell behind is paced again first, so it is not claimed in one burst below.
    await this.catchUp.run(held.map((account) => account.accountId), claimedAt);
    const rows = [...(await this.claim(held, claimedAt, 'stale')), ...(await this.claim(held, claimedAt, 'due'))];
    if (rows.length === 0) return 0;
    // Recipients cached unreachable on their account are skipped before anything is rendered or sent.
    const checks = await this.reachability.open(rows, this.deps.registry, claimedAt);
    const { ready, outcomes } = await this.prepare(rows.filter((row) => !checks.skipped.has(row.id)), claimedAt);
    const byAccount = new Map<number, ReadyDelivery[]>();
    for (const delivery of ready) {
      const list = byAccount.get(delivery.row.account_id) ?? [];
      list.push(delivery);
      byAccount.set(delivery.row.account_id, list);
    }
    const results = await Promise.all([...byAccount].map(([accountId, list]) => this.sendForAccount(accountId, list, checks)));
    outcomes.push(...results.flat());
    const now = this.deps.clock.now();
    const applied = await applyOutcomes(this.deps.pool, outcomes, claimedAt, now);
    await recordUsage(this.deps.pool, sentUsage(rows, outcomes, applied), now);
    await this.limits.replanChangedQueues();
    await checks.save();
    this.deps.onTouched?.(new Set(rows.map((row) => row.campaign_id)));
    return rows.length;
  }

  /**
   * Claims due (or stale) deliveries of the held accounts. The fence: only accounts whose lease still carries
   * this process's fencing token and has not expired (database time) are claimed, so a worker that lost an
   * account to another never sends through it again.
   */
  private async claim(held: readonly LiveAccount[], claimedAt: Date, which: 'stale' | 'due'): Promise<ClaimedRow[]> {
    const condition =
      which === 'due'
        ? `d.status = 'queued' AND d.planned_at <= $2`
        : `d.status = 'sending' AND d.sending_at < $2::timestamptz - make_interval(secs => $5::double precision / 1000)`;
    const { rows } = await this.deps.pool.query<ClaimedRow>(
      `WITH due AS (
         SELECT d.id FROM deliveries d
         WHERE d.account_id = ANY ($1::int[]) AND ${condition}
           AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = d.campaign_id AND c.status IN ('running', 'scheduled'))
           AND NOT EXISTS (SELECT 1 FROM sender_accounts a WHERE a.id = d.account_id AND ${accountPausedSql('a', '$2')})
           AND EXISTS (SELECT 1 FROM account_leases l JOIN unnest($1::int[], $4::bigint[]) AS h(account_id, token)
                         ON h.account_id = l.account_id AND h.token = l.fencing_token
                       WHERE l.account_id = d.account_id AND l.expires_at > now())
         ORDER BY d.planned_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE deliveries d SET status = 'sending', sending_at = $2, attempts = d.attempts + 1, updated_at = $2
         FROM due WHERE d.id = due.id RETURNING d.*)
       SELECT cl.id, cl.user_id, cl.campaign_id, cl.step_id, cl.contact_id, cl.account_id, cl.recipient, cl.client_message_id,
              cl.rendered_text, cl.attempts, s.template, ${CONTACT_COLUMNS}
       FROM claimed cl JOIN campaign_steps s ON s.id = cl.step_id JOIN contacts ct ON ct.id = cl.contact_id`,
      [
        held.map((a) => a.accountId),
        claimedAt,
        this.options.batchSize,
        held.map((a) => a.fencingToken),
        ...(which === 'due' ? [] : [this.options.staleClaimMs]),
      ],
    );
    return rows;
  }

  /** Renders and assigns client ids, stored before sending; rows another worker took meanwhile drop out. */
  private async prepare(rows: ClaimedRow[], claimedAt: Date): Promise<{ ready: ReadyDelivery[]; outcomes: Outcome[] }> {
    const outcomes: Outcome[] = [];
    const candidates: ReadyDelivery[] = [];
    for (const row of rows) {
      const account = this.deps.registry.get(row.account_id);
      if (account === undefined) {
        outcomes.push({ kind: 'requeue', id: row.id, at: claimedAt });
        continue;
      }
      try {
        const text = row.rendered_text ?? this.renderer.render(row.step_id, row.template, row.contact_id, row);
        candidates.push({ row, text, clientMessageId: row.client_message_id ?? this.deps.newClientMessageId(account.platform) });
      } catch (error) {
        outcomes.push({ kind: 'failed', id: row.id, code: errorCode(error), text: errorText(error) });
      }
    }
    if (candidates.length === 0) return { ready: [], outcomes };
    const { rows: stored } = await this.deps.pool.query<{ id: number }>(
      `UPDATE deliveries d SET client_message_id = v.cid, rendered_text = v.text
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, cid, text)
       WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $4 RETURNING d.id`,
      [candidates.map((c) => c.row.id), candidates.map((c) => c.clientMessageId), candidates.map((c) => c.text), claimedAt],
    );
    const storedIds = new Set(stored.map((row) => row.id));
    return { ready: candidates.filter((c) => storedIds.has(c.row.id)), outcomes };
  }

  private async sendForAccount(accountId: number, list: ReadyDelivery[], checks: ReachabilityRound): Promise<Outcome[]> {
    const account = this.deps.registry.get(accountId);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < list.length; i += 1) {
      const delivery = list[i]!;
      if (account === undefined) {
        outcomes.push({ kind: 'requeue', id: delivery.row.id, at: this.deps.clock.now() });
        continue;
      }
      const outcome = await this.sendOne(account, delivery, checks);
      if (!(outcome instanceof MessengerError)) {
        outcomes.push(outcome);
        continue;
      }
      // The account may not send now: this and the rest of its batch go back, after its limit.
      outcomes.push(...(await this.afterLimit(account, outcome, list.slice(i))));
      break;
    }
    return outcomes;
  }

  /** The outcome, or the FLOOD_WAIT / PEER_FLOOD error that stops the account. */
  private async sendOne(account: LiveAccount, delivery: ReadyDelivery, checks: ReachabilityRound): Promise<Outcome | MessengerError> {
    const { row } = delivery;
    try {
      const to = await checks.resolve(account, row);
      const result = await account.connection.sendText(to, delivery.text, delivery.clientMessageId);
      return { kind: 'sent', id: row.id, platformMessageId: result.platformMessageId, recipientUserId: to.platformUserId, sentAt: result.sentAt };
    } catch (error) {
      if (!(error instanceof MessengerError)) {
        return this.retryOrFail(row, 'TRANSIENT', errorText(error));
      }
      switch (error.code) {
        case 'FLOOD_WAIT':
        case 'PEER_FLOOD':
          return error;
        case 'RECIPIENT_NOT_FOUND':
        case 'PRIVACY_RESTRICTED':
        case 'BANNED':
        case 'INVALID_PHONE':
          checks.learnFailure(account, row, error.code);
          return { kind: 'failed', id: row.id, code: error.code, text: error.message };
        case 'LOGGED_OUT':
          // The session host reconnects or disables the account; the delivery waits for it.
          return { kind: 'requeue', id: row.id, at: new Date(this.deps.clock.now().getTime() + this.options.backoffBaseMs) };
        case 'TRANSIENT':
        case 'INVALID_CODE':
        case 'CODE_EXPIRED':
        case 'INVALID_PASSWORD':
        case 'LOGIN_CANCELLED':
          return this.retryOrFail(row, 'TRANSIENT', error.message);
      }
    }
  }

  private retryOrFail(row: ClaimedRow, code: string, text: string): Outcome {
    if (row.attempts >= this.options.maxAttempts) return { kind: 'failed', id: row.id, code, text };
    const delay = this.options.backoffBaseMs * 2 ** (row.attempts - 1);
    return { kind: 'retry', id: row.id, at: new Date(this.deps.clock.now().getTime() + delay), code, text };
  }

  private async afterLimit(account: LiveAccount, limit: MessengerError, rest: ReadyDelivery[]): Promise<Outcome[]> {
    const target = { accountId: account.accountId, userId: account.userId, chatId: account.chatId, platform: account.platform };
    const result =
      limit.code === 'FLOOD_WAIT'
        ? await this.limits.floodWait(target, limit.waitSeconds ?? 60)
        : await this.limits.peerFlood(target, limit.message, rest.map((delivery) => delivery.row.id));
    // Moved deliveries already carry their new account; the rest wait for the limit to pass.
    const at = limit.code === 'PEER_FLOOD' && result.alternates.length > 0 ? this.deps.clock.now() : result.until;
    return rest.map((delivery): Outcome => ({ kind: 'requeue', id: delivery.row.id, at }));
  }
}

function sentUsage(rows: readonly ClaimedRow[], outcomes: readonly Outcome[], applied: ReadonlySet<number>): Map<number, { userId: number; sent: number }> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const usage = new Map<number, { userId: number; sent: number }>();
  for (const outcome of outcomes) {
    if (outcome.kind !== 'sent' || !applied.has(outcome.id)) continue;
    const row = byId.get(outcome.id)!;
    const entry = usage.get(row.account_id) ?? { userId: row.user_id, sent: 0 };
    entry.sent += 1;
    usage.set(row.account_id, entry);
  }
  return usage;
}

function errorCode(error: unknown): string {
  return error instanceof DomainError ? error.code : 'INTERNAL';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
