import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/logger.js';
import type { Notifier } from '../../../core/notifier.js';
import type { PrivacyServices } from '../../../core/privacy/privacy.services.js';
import { privacyJobs } from '../../../workers/jobs/privacy.job.js';

describe('the privacy jobs', () => {
  const calls: string[] = [];
  const services = {
    exports: { runExport: (userId: number, exportId: number) => Promise.resolve(void calls.push(`export ${userId}/${exportId}`)) },
    broadcasts: { run: (id: number) => Promise.resolve(calls.push(`broadcast ${id}`)) },
    retention: { run: () => Promise.resolve(calls.push('retention') && { renderedTextsErased: 0 }) },
  } as unknown as PrivacyServices;
  const notifier = {} as Notifier;
  const jobs = privacyJobs(services, notifier, createLogger({ level: 'silent', stdout: false }));
  const job = (name: string) => jobs.find((j) => j.name === name)!;

  it('defines the export and broadcast jobs on demand and the retention pass as a recurring job', () => {
    expect(jobs.map((j) => [j.name, j.every])).toEqual([
      ['privacy-export', undefined],
      ['policy-broadcast', undefined],
      ['privacy.retention', '1 hour'],
    ]);
  });

  it('runs each job’s service with the validated payload and rejects a payload without the user', async () => {
    await job('privacy-export').handle(job('privacy-export').payload.parse({ userId: 3, exportId: 9 }));
    await job('policy-broadcast').handle(job('policy-broadcast').payload.parse({ broadcastId: 4 }));
    await job('privacy.retention').handle({});
    expect(calls).toEqual(['export 3/9', 'broadcast 4', 'retention']);
    expect(job('privacy-export').payload.safeParse({ exportId: 9 }).success).toBe(false);
  });
});
