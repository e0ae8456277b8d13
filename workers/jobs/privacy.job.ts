import type { Logger } from '../../core/logging/logger.js';
import type { Notifier } from '../../core/notifier.js';
import type { PrivacyServices } from '../../core/privacy/privacy.services.js';
import type { JobDefinition } from '../job.js';
import { policyBroadcastJob } from './policy-broadcast.job.js';
import { privacyExportJob } from './privacy-export.job.js';
import { privacyRetentionJob } from './privacy-retention.job.js';

/** The privacy domain's jobs: exports, policy broadcasts, the retention safety net. */
export function privacyJobs(privacy: PrivacyServices, notifier: Notifier, logger: Logger): JobDefinition[] {
  return [
    privacyExportJob({ exports: privacy.exports, notifier }),
    policyBroadcastJob({ broadcasts: privacy.broadcasts, notifier }),
    privacyRetentionJob({ retention: privacy.retention, logger }),
  ] as JobDefinition[];
}
