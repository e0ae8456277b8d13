import { z } from 'zod';
import type { Notifier } from '../../core/notifier.js';
import { EXPORT_JOB, type ExportService } from '../../core/privacy/export/export.service.js';
import { defineJob } from '../job.js';

/** P12: builds a user's data export and sends it to their chat. */
export function privacyExportJob(deps: { exports: ExportService; notifier: Notifier }) {
  return defineJob({
    name: EXPORT_JOB,
    payload: z.object({ userId: z.number().int(), exportId: z.number().int() }),
    concurrency: 2,
    handle: (p) => deps.exports.runExport(p.userId, p.exportId, deps.notifier),
  });
}
