import { AdminAuditLog } from '../admin/admin-audit.js';
import { AdminService } from '../admin/admin.service.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import type { JobQueue } from '../jobs.js';
import type { Logger } from '../logging/logger.js';
import type { Notifier } from '../notifier.js';
import type { UserService } from '../users/user.service.js';
import { ErasureService } from './erasure.service.js';
import { ExportService, type ExportOptions } from './export/export.service.js';
import { PolicyBroadcastService, type BroadcastOptions } from './policy-broadcast.service.js';
import { RetentionService, type RetentionOptions } from './retention.service.js';

/** This process runs no job queue, so background work cannot be requested from it. */
export class JobsUnavailableError extends DomainError {
  readonly code = 'JOBS_UNAVAILABLE';
  override readonly isReportable = true;
}

/** The privacy and administration services, built once by the composition root. */
export interface PrivacyServices {
  erasure: ErasureService;
  exports: ExportService;
  retention: RetentionService;
  broadcasts: PolicyBroadcastService;
  admin: AdminService;
}

export interface PrivacyDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  users: UserService;
  notifier: Notifier;
  /** The job queue, looked up when a job is requested (the workers that own it start after these services). */
  jobs: () => JobQueue | undefined;
  exportOptions?: ExportOptions;
  broadcastOptions?: BroadcastOptions;
  retentionOptions?: RetentionOptions;
}

function deferredQueue(get: () => JobQueue | undefined): JobQueue {
  const queue = () => {
    const q = get();
    if (!q) throw new JobsUnavailableError('no job queue in this process');
    return q;
  };
  return { enqueue: (name, data, options) => queue().enqueue(name, data, options), cancel: (name, match) => queue().cancel(name, match) };
}

export function createPrivacyServices(deps: PrivacyDeps): PrivacyServices {
  const queue = deferredQueue(deps.jobs);
  const erasure = new ErasureService(deps.db, deps.logger);
  const broadcasts = new PolicyBroadcastService(deps.db, queue, deps.clock, deps.logger, deps.broadcastOptions);
  return {
    erasure,
    exports: new ExportService(deps.db, queue, deps.clock, deps.logger, deps.exportOptions),
    retention: new RetentionService(deps.db, deps.clock, deps.retentionOptions),
    broadcasts,
    admin: new AdminService(deps.db, deps.users, erasure, new AdminAuditLog(deps.db, deps.clock), deps.notifier, broadcasts, deps.clock),
  };
}
