import type pg from 'pg';
import { ConflictError } from '../errors.js';

/** Family key of the launch locks (the second key is the campaign id); see `lock_owners` for the others. */
export const LAUNCH_LOCK_KEY = 719045160;

/**
 * Runs `work` holding the campaign's launch lock: a session advisory lock on a connection of `pool` that `work`
 * receives and may use (it stays the lock's holder throughout). A launch spans several transactions, so the lock
 * is the session's, and it goes with the connection if the process dies.
 * @throws ConflictError when another launch of the campaign holds it.
 */
export async function withLaunchLock<T>(pool: pg.Pool, campaignId: number, work: (session: pg.PoolClient) => Promise<T>): Promise<T> {
  const session = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [LAUNCH_LOCK_KEY, campaignId]);
    if (!rows[0]!.locked) throw new ConflictError(`campaign ${campaignId} is being launched`);
    try {
      return await work(session);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1, $2)', [LAUNCH_LOCK_KEY, campaignId]).catch((error: unknown) => {
        // Dropping the connection releases the lock on the server.
        broken = error instanceof Error ? error : new Error(String(error));
      });
    }
  } finally {
    session.release(broken);
  }
}
