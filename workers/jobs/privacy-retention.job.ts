import { z } from 'zod';
import type { Logger } from '../../core/logging/logger.js';
import type { RetentionService } from '../../core/privacy/retention.service.js';
import { defineJob } from '../job.js';

export const PRIVACY_RETENTION = 'privacy.retention';

/** P6, P10: hourly safety net erasing delivered texts, expired login attempts and stale import/export leftovers. */
export function privacyRetentionJob(deps: { retention: RetentionService; logger: Logger }) {
  return defineJob({
    name: PRIVACY_RETENTION,
    payload: z.object({}).passthrough(),
    every: '1 hour',
    handle: async () => {
      const report = await deps.retention.run();
      deps.logger.info({ action: PRIVACY_RETENTION, ...report }, 'retention pass done');
    },
  });
}
