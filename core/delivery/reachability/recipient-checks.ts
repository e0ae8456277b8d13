import type { Platform } from '../../messengers/messenger.js';
import type { Queryable } from '../sql.js';
import type { RecipientCheck } from './reachability.types.js';

/** A cached answer that applies to one (account, recipient) pair right now. */
export interface CachedAnswer {
  reachable: boolean;
  address: string | null;
  platformUserId: string | null;
  errorCode: string | null;
}

/** Who asks about whom: the sending account, its owner and platform, and the recipient (`deliveries.recipient` form). */
export interface CheckKey {
  accountId: number;
  userId: number;
  platform: Platform;
  recipient: string;
}

/** Map key of a (account, recipient) pair. */
export function checkKey(accountId: number, recipient: string): string {
  return `${accountId}\u0000${recipient}`;
}

/** Stores answers (one statement), replacing older answers of the same account about the same recipient. */
export async function saveChecks(db: Queryable, checks: readonly RecipientCheck[]): Promise<void> {
  if (checks.length === 0) return;
  await db.query(
    `INSERT INTO recipient_checks (account_id, user_id, platform, recipient, reachable, everywhere, address, platform_user_id, error_code, checked_at, expires_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::boolean[], $6::boolean[], $7::text[], $8::text[], $9::text[],
                          $10::timestamptz[], $11::timestamptz[])
     ON CONFLICT (account_id, recipient) DO UPDATE SET reachable = excluded.reachable, everywhere = excluded.everywhere,
       address = excluded.address, platform_user_id = excluded.platform_user_id, error_code = excluded.error_code,
       checked_at = excluded.checked_at, expires_at = excluded.expires_at`,
    [
      checks.map((c) => c.accountId),
      checks.map((c) => c.userId),
      checks.map((c) => c.platform),
      checks.map((c) => c.recipient),
      checks.map((c) => c.reachable),
      checks.map((c) => c.everywhere),
      checks.map((c) => c.address),
      checks.map((c) => c.platformUserId),
      checks.map((c) => c.errorCode),
      checks.map((c) => c.checkedAt),
      checks.map((c) => c.expiresAt),
    ],
  );
}

/**
 * The unexpired answers that apply to each pair, keyed by `checkKey`: the account's own answer, else an answer
 * of another account of the same owner and platform that holds everywhere (the recipient does not exist).
 * One statement for the whole batch.
 */
export async function freshAnswers(db: Queryable, keys: readonly CheckKey[], now: Date): Promise<Map<string, CachedAnswer>> {
  const answers = new Map<string, CachedAnswer>();
  if (keys.length === 0) return answers;
  const { rows } = await db.query<{ account_id: number; recipient: string; reachable: boolean; address: string | null; platform_user_id: string | null; error_code: string | null }>(
    `SELECT v.account_id, v.recipient, rc.reachable, rc.address, rc.platform_user_id, rc.error_code
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS v(account_id, user_id, platform, recipient)
     CROSS JOIN LATERAL (
       SELECT c.reachable, c.address, c.platform_user_id, c.error_code FROM recipient_checks c
       WHERE c.recipient = v.recipient AND c.expires_at > $5
         AND (c.account_id = v.account_id OR (c.user_id = v.user_id AND c.platform = v.platform AND c.everywhere))
       ORDER BY c.account_id = v.account_id DESC, c.checked_at DESC LIMIT 1) rc`,
    [keys.map((k) => k.accountId), keys.map((k) => k.userId), keys.map((k) => k.platform), keys.map((k) => k.recipient), now],
  );
  for (const row of rows) {
    answers.set(checkKey(row.account_id, row.recipient), {
      reachable: row.reachable,
      address: row.address,
      platformUserId: row.platform_user_id,
      errorCode: row.error_code,
    });
  }
  return answers;
}

/** SQL expressions (column references or `$n` parameters) naming what `unreachableRecipientCondition` tests. */
export interface UnreachableConditionInput {
  /** The recipient in `deliveries.recipient` form, e.g. `r.recipient`. */
  recipient: string;
  /** Its channel (`'telegram'` / `'whatsapp'`), e.g. `r.channel`. */
  channel: string;
  /** The owner's user id, e.g. `$1`. */
  userId: string;
  /** The candidate sender accounts (`int[]`, any platform: only those of the channel count), e.g. `$7::int[]`. */
  accountIds: string;
  /** Now (`timestamptz`), e.g. `$8`. */
  now: string;
}

/**
 * A SQL boolean expression, true when the recipient is cached unreachable for every candidate account of its
 * channel: the platform said it does not exist (an answer that holds everywhere), or every candidate account of
 * the channel has its own unexpired "unreachable" answer. For the launcher's recipient selection
 * (`… AND NOT (<this>)`); the skipped ones are found again by `reachabilitySummary`, with their reasons.
 */
export function unreachableRecipientCondition(q: UnreachableConditionInput): string {
  return `(EXISTS (SELECT 1 FROM recipient_checks rce
             WHERE rce.user_id = ${q.userId} AND rce.recipient = ${q.recipient} AND rce.platform = ${q.channel}
               AND rce.everywhere AND NOT rce.reachable AND rce.expires_at > ${q.now})
           OR (EXISTS (SELECT 1 FROM sender_accounts rca WHERE rca.id = ANY (${q.accountIds}) AND rca.platform = ${q.channel})
               AND NOT EXISTS (SELECT 1 FROM sender_accounts rca WHERE rca.id = ANY (${q.accountIds}) AND rca.platform = ${q.channel}
                                 AND NOT EXISTS (SELECT 1 FROM recipient_checks rcc
                                                 WHERE rcc.account_id = rca.id AND rcc.recipient = ${q.recipient}
                                                   AND NOT rcc.reachable AND rcc.expires_at > ${q.now}))))`;
}
