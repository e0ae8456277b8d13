import type { RandomSource } from '../../random.js';
import { loadAccountPacing } from '../account-pacing.js';
import { warmUpCapForDay } from '../schedule/index.js';
import type { Queryable } from '../sql.js';

const DAY_MS = 86_400_000;

/** What decides whether an account may spend one more unit today (UTC day, like `account_daily_usage`). */
export interface CheckBudget {
  /** The account's cap for today: its daily limit held down by its warm-up. */
  cap: number;
  /** Queued (or in-flight) deliveries of the account planned before the end of today. */
  plannedToday: number;
  sent: number;
  checks: number;
}

/**
 * Lookups the account may still make today: sends and checks share the cap, and what is already planned for
 * today keeps its units (a pre-flight never starves today's sends).
 */
export function checksAllowed(budget: CheckBudget): number {
  return Math.max(0, budget.cap - budget.sent - budget.checks - budget.plannedToday);
}

/** The pause before an account's next lookup, drawn uniformly from the configured bounds. */
export function checkPauseMs(random: RandomSource, bounds: { min: number; max: number }): number {
  return random.int(Math.min(bounds.min, bounds.max), Math.max(bounds.min, bounds.max));
}

/** The start of the UTC day after `now`: when today's budget ends. */
export function endOfUtcDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

/** The account's cap for today and what it already holds against it. */
export async function loadCheckBudget(db: Queryable, accountId: number, now: Date): Promise<CheckBudget> {
  const [pacing] = await loadAccountPacing(db, [accountId], now);
  const dayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const cap = pacing === undefined ? 0 : warmUpCapForDay(pacing.warmUp, pacing.dailyLimit, dayStart, 'UTC');
  const { rows } = await db.query<{ planned: number; sent: number; checks: number }>(
    `SELECT (SELECT count(*) FROM deliveries d WHERE d.account_id = $1 AND d.status IN ('queued', 'sending') AND d.planned_at < $3)::int AS planned,
            coalesce((SELECT u.sent FROM account_daily_usage u WHERE u.account_id = $1 AND u.day = $2::date), 0)::int AS sent,
            coalesce((SELECT u.checks FROM account_daily_usage u WHERE u.account_id = $1 AND u.day = $2::date), 0)::int AS checks`,
    [accountId, now.toISOString().slice(0, 10), endOfUtcDay(now)],
  );
  const row = rows[0]!;
  return { cap, plannedToday: row.planned, sent: row.sent, checks: row.checks };
}

/**
 * Spends one unit of today's budget on a lookup, if the budget allows it: a conditional upsert, so two workers
 * (or two runs) can never overspend (the row lock of `ON CONFLICT DO UPDATE` serialises them, and the condition
 * is re-checked on the latest row). Returns whether the unit was granted.
 */
export async function reserveCheck(db: Queryable, account: { accountId: number; userId: number }, now: Date): Promise<boolean> {
  const budget = await loadCheckBudget(db, account.accountId, now);
  const room = budget.cap - budget.plannedToday;
  const { rows } = await db.query(
    `INSERT INTO account_daily_usage (account_id, user_id, day, sent, checks)
     SELECT $1, $2, $3::date, 0, 1 WHERE $4::int > 0
     ON CONFLICT (account_id, day) DO UPDATE SET checks = account_daily_usage.checks + 1
     WHERE account_daily_usage.sent + account_daily_usage.checks < $4::int
     RETURNING checks`,
    [account.accountId, account.userId, now.toISOString().slice(0, 10), room],
  );
  return rows.length > 0;
}
