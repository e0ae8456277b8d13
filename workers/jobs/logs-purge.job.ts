import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { purgeOldLogs } from '../../core/logging/log-retention.js';
import type { Logger } from '../../core/logging/logger.js';
import { defineJob } from '../job.js';

export const LOGS_PURGE = 'logs.purge';

/** P11: deletes daily log files older than the retention (≤ 90 days), once a day. */
export function logsPurgeJob(deps: { logDir: string; retentionDays: number; clock: Clock; logger: Logger }) {
  return defineJob({
    name: LOGS_PURGE,
    payload: z.object({}).passthrough(),
    every: '1 day',
    handle: async () => {
      const removed = await purgeOldLogs(deps.logDir, deps.retentionDays, deps.clock.now());
      deps.logger.info({ action: LOGS_PURGE, removed: removed.length }, 'old log files purged');
    },
  });
}
