import { markDeliveryRecipientsWarm } from './account-peers.js';
import type { Queryable } from './sql.js';

/** What became of one claimed delivery. */
export type Outcome =
  | { kind: 'sent'; id: number; platformMessageId: string; recipientUserId: string; sentAt: Date }
  | { kind: 'failed'; id: number; code: string; text: string }
  /** Back to the queue for another attempt at `at` (the attempt counts). */
  | { kind: 'retry'; id: number; at: Date; code: string; text: string }
  /** Back to the queue at `at` without counting the attempt (the account, not the delivery, was the problem). */
  | { kind: 'requeue'; id: number; at: Date; accountId?: number };

const ERROR_TEXT_MAX = 500;

/**
 * Applies outcomes in at most four set-based statements, plus one marking the sent recipients warm
 * (`account_peers`). Each transition is conditional on the delivery still being `sending` from this claim
 * (`sending_at = claimedAt`), so a claim that went stale and was taken over by another worker is never
 * overwritten. Returns the ids whose transition took effect.
 */
export async function applyOutcomes(db: Queryable, outcomes: readonly Outcome[], claimedAt: Date, now: Date): Promise<Set<number>> {
  const applied = new Set<number>();
  const sent = outcomes.filter((o) => o.kind === 'sent');
  const failed = outcomes.filter((o) => o.kind === 'failed');
  const retry = outcomes.filter((o) => o.kind === 'retry');
  const requeue = outcomes.filter((o) => o.kind === 'requeue');
  const collect = (rows: { id: number }[]): void => rows.forEach((row) => applied.add(row.id));

  if (sent.length > 0) {
    const { rows } = await db.query<{ id: number }>(
      `UPDATE deliveries d SET status = 'sent', platform_message_id = v.pmid, recipient_user_id = v.ruid, sent_at = v.sent_at,
         rendered_text = NULL, error_code = NULL, error_text = NULL, updated_at = $5
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[]) AS v(id, pmid, ruid, sent_at)
       WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $6 RETURNING d.id`,
      [sent.map((o) => o.id), sent.map((o) => o.platformMessageId), sent.map((o) => o.recipientUserId), sent.map((o) => o.sentAt), now, claimedAt],
    );
    collect(rows);
    // Whoever we wrote to is warm for that account from now on (planning sends to warm peers first).
    await markDeliveryRecipientsWarm(db, rows.map((row) => row.id), now);
  }
  if (failed.length > 0) {
    const { rows } = await db.query<{ id: number }>(
      `UPDATE deliveries d SET status = 'failed', error_code = v.code, error_text = v.text, rendered_text = NULL,
         finished_at = $4, updated_at = $4
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, code, text)
       WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $5 RETURNING d.id`,
      [failed.map((o) => o.id), failed.map((o) => o.code), failed.map((o) => o.text.slice(0, ERROR_TEXT_MAX)), now, claimedAt],
    );
    collect(rows);
  }
  if (retry.length > 0) {
    const { rows } = await db.query<{ id: number }>(
      `UPDATE deliveries d SET status = 'queued', planned_at = v.at, error_code = v.code, error_text = v.text, updated_at = $5
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[]) AS v(id, at, code, text)
       WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $6 RETURNING d.id`,
      [retry.map((o) => o.id), retry.map((o) => o.at), retry.map((o) => o.code), retry.map((o) => o.text.slice(0, ERROR_TEXT_MAX)), now, claimedAt],
    );
    collect(rows);
  }
  if (requeue.length > 0) {
    const { rows } = await db.query<{ id: number }>(
      `UPDATE deliveries d SET status = 'queued', planned_at = v.at, attempts = greatest(d.attempts - 1, 0),
         account_id = coalesce(v.account_id, d.account_id), updated_at = $4
       FROM unnest($1::bigint[], $2::timestamptz[], $3::int[]) AS v(id, at, account_id)
       WHERE d.id = v.id AND d.status = 'sending' AND d.sending_at = $5 RETURNING d.id`,
      [requeue.map((o) => o.id), requeue.map((o) => o.at), requeue.map((o) => o.accountId ?? null), now, claimedAt],
    );
    collect(rows);
  }
  return applied;
}

/** Adds today's sends to `account_daily_usage` (UTC day), one statement for every account. */
export async function recordUsage(db: Queryable, usage: ReadonlyMap<number, { userId: number; sent: number }>, now: Date): Promise<void> {
  if (usage.size === 0) return;
  const ids = [...usage.keys()];
  await db.query(
    `INSERT INTO account_daily_usage (account_id, user_id, day, sent)
     SELECT v.account_id, v.user_id, $4::date, v.sent FROM unnest($1::int[], $2::int[], $3::int[]) AS v(account_id, user_id, sent)
     ON CONFLICT (account_id, day) DO UPDATE SET sent = account_daily_usage.sent + excluded.sent`,
    [ids, ids.map((id) => usage.get(id)!.userId), ids.map((id) => usage.get(id)!.sent), now.toISOString().slice(0, 10)],
  );
}
