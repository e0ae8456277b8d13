import type { Queryable } from '../delivery/sql.js';
import type { HealthSignals, HealthState } from './account-health.js';
import type { AccountStatus } from './account.types.js';

/** One signal a platform gave about an account, as `account_health_events` stores it. */
export type HealthEvent =
  | { kind: 'flood_wait'; waitSeconds: number; until: Date }
  /** PEER_FLOOD / spam restriction found while sending. */
  | { kind: 'peer_flood'; detail: string; until: Date }
  /** The session reported a restriction (WhatsApp forbidden/403 `banned`, error 463, reach-out time lock…). */
  | { kind: 'restricted'; detail: string; until?: Date }
  /** The connection dropped (`will_reconnect`) or ended for good, e.g. taken over by another client (`ended`). */
  | { kind: 'disconnected'; detail: 'will_reconnect' | 'ended' }
  /** The platform ended the session (WhatsApp 401, Telegram revoked authorization). */
  | { kind: 'logged_out' };

const DETAIL_MAX = 64;

/** Stores `event` for `accountId` at `at` (the owner is taken from the account row). */
export async function insertHealthEvent(db: Queryable, accountId: number, event: HealthEvent, at: Date): Promise<void> {
  const detail = 'detail' in event ? event.detail.slice(0, DETAIL_MAX) : null;
  const waitSeconds = event.kind === 'flood_wait' ? Math.max(0, Math.round(event.waitSeconds)) : null;
  const until = 'until' in event ? (event.until ?? null) : null;
  await db.query(
    `INSERT INTO account_health_events (account_id, user_id, kind, detail, wait_seconds, until, at)
     SELECT a.id, a.user_id, $2, $3, $4, $5, $6 FROM sender_accounts a WHERE a.id = $1`,
    [accountId, event.kind, detail, waitSeconds, until, at],
  );
}

/** Signals of an account plus what the health bookkeeping keeps on its row. */
export interface StoredSignals extends HealthSignals {
  accountId: number;
  userId: number;
  healthState: HealthState | null;
}

interface SignalRow {
  id: number;
  user_id: number;
  status: AccountStatus;
  limited_until: Date | null;
  daily_limit: number;
  warmup_started_at: Date | null;
  last_restricted_at: Date | null;
  health_state: HealthState | null;
  time_zone: string;
  flood_waits: number;
  flood_wait_seconds: number;
  longest_flood_wait: number;
  disconnects: number;
  finished: number;
  failed: number;
  replied: number;
}

/**
 * Reads the signals of the given accounts (or of all accounts of `userId`) in one statement: flood waits and
 * disconnects since `since`, and the latest `sample` finished sends of each account.
 */
export async function loadHealthSignals(
  db: Queryable,
  scope: { accountIds: readonly number[] } | { userId: number },
  since: Date,
  sample: number,
): Promise<StoredSignals[]> {
  const byUser = 'userId' in scope;
  const { rows } = await db.query<SignalRow>(
    `SELECT a.id, a.user_id, a.status, a.limited_until, a.daily_limit, a.warmup_started_at, a.last_restricted_at, a.health_state, u.time_zone,
            e.flood_waits, e.flood_wait_seconds, e.longest_flood_wait, e.disconnects, r.finished, r.failed, r.replied
     FROM sender_accounts a JOIN users u ON u.id = a.user_id
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE ev.kind = 'flood_wait')::int AS flood_waits,
              coalesce(sum(ev.wait_seconds) FILTER (WHERE ev.kind = 'flood_wait'), 0)::int AS flood_wait_seconds,
              coalesce(max(ev.wait_seconds) FILTER (WHERE ev.kind = 'flood_wait'), 0)::int AS longest_flood_wait,
              count(*) FILTER (WHERE ev.kind = 'disconnected')::int AS disconnects
       FROM account_health_events ev WHERE ev.account_id = a.id AND ev.at > $3) e
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS finished, count(*) FILTER (WHERE x.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE x.status = 'replied')::int AS replied
       FROM (SELECT d.status FROM deliveries d
             WHERE d.account_id = a.id AND d.status IN ('sent', 'replied', 'failed')
             ORDER BY coalesce(d.sent_at, d.finished_at) DESC LIMIT $4) x) r
     WHERE (a.user_id = $1::int OR a.id = ANY ($2::int[])) AND a.status <> 'disconnected'
     ORDER BY a.id`,
    [byUser ? scope.userId : null, byUser ? [] : [...scope.accountIds], since, sample],
  );
  return rows.map((row) => ({
    accountId: row.id,
    userId: row.user_id,
    healthState: row.health_state,
    status: row.status,
    limitedUntil: row.limited_until,
    userCap: row.daily_limit,
    zone: row.time_zone,
    warmupStartedAt: row.warmup_started_at,
    lastRestrictedAt: row.last_restricted_at,
    floodWaits: row.flood_waits,
    floodWaitSeconds: row.flood_wait_seconds,
    longestFloodWaitSeconds: row.longest_flood_wait,
    disconnects: row.disconnects,
    finished: row.finished,
    failed: row.failed,
    replied: row.replied,
  }));
}
