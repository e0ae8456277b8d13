import type { Queryable } from '../sql.js';

/** Whether an account may look a recipient up now, and if not, until when it must wait. */
export type PacingSlot = { kind: 'granted' } | { kind: 'wait'; until: Date } | { kind: 'paused'; until: Date };

/**
 * Claims the account's next lookup slot: granted when no pause or earlier slot holds it back, and the slot after
 * it is then set to `now + pauseMs`. One conditional upsert, so two runs (or workers) never look up through one
 * account within the pause of each other.
 */
export async function claimCheckSlot(db: Queryable, account: { accountId: number; userId: number }, now: Date, pauseMs: number): Promise<PacingSlot> {
  const next = new Date(now.getTime() + pauseMs);
  const { rows } = await db.query(
    `INSERT INTO account_check_state (account_id, user_id, next_check_at) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET next_check_at = excluded.next_check_at
     WHERE (account_check_state.next_check_at IS NULL OR account_check_state.next_check_at <= $4)
       AND (account_check_state.paused_until IS NULL OR account_check_state.paused_until <= $4)
     RETURNING account_id`,
    [account.accountId, account.userId, next, now],
  );
  if (rows.length > 0) return { kind: 'granted' };
  const { rows: state } = await db.query<{ next_check_at: Date | null; paused_until: Date | null }>(
    'SELECT next_check_at, paused_until FROM account_check_state WHERE account_id = $1',
    [account.accountId],
  );
  const row = state[0];
  if (row?.paused_until != null && row.paused_until > now) return { kind: 'paused', until: row.paused_until };
  return { kind: 'wait', until: row?.next_check_at ?? now };
}

/** Stops the account's lookups until `until` (a FLOOD_WAIT answered one of them). */
export async function pauseChecks(db: Queryable, account: { accountId: number; userId: number }, until: Date): Promise<void> {
  await db.query(
    `INSERT INTO account_check_state (account_id, user_id, paused_until) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET paused_until = greatest(account_check_state.paused_until, excluded.paused_until)`,
    [account.accountId, account.userId, until],
  );
}
