import { z } from 'zod';
import type { ConnectionRegistry } from '../../core/accounts/connection-registry.js';
import { carryOutPreflight, type PreflightJobDeps } from '../../core/delivery/reachability/preflight-job.js';
import { PREFLIGHT_JOB } from '../../core/delivery/reachability/reachability.types.js';
import type { JobQueue } from '../../core/jobs.js';
import { defineJob } from '../job.js';

/**
 * A reachability pre-flight of one campaign: checks its unchecked recipients through the campaign's accounts this
 * worker holds (paced, within each account's daily budget), passes itself on for the accounts held elsewhere,
 * and reports in the chat when the whole run is done.
 */
export function campaignPreflightJob(
  deps: Omit<PreflightJobDeps, 'jobs' | 'sleep'> & { registry: () => ConnectionRegistry | undefined; jobs: () => JobQueue | undefined; sleep?: (ms: number) => Promise<void> },
) {
  return defineJob({
    name: PREFLIGHT_JOB,
    payload: z.object({
      userId: z.number().int(),
      campaignId: z.number().int(),
      accountIds: z.array(z.number().int()).optional(),
      hop: z.number().int().default(0),
      checked: z.number().int().default(0),
      stops: z.array(z.enum(['budget', 'flood_wait', 'not_connected', 'error'])).default([]),
    }),
    // A run makes at most 50 lookups per account, 8 s apart by default: well inside this lock.
    lockLifetimeMs: 30 * 60_000,
    handle: async (payload) => {
      const { registry, jobs, sleep = timerSleep, ...rest } = deps;
      const queue = jobs();
      await carryOutPreflight({ ...rest, sleep, ...(queue === undefined ? {} : { jobs: queue }) }, registry(), payload);
    },
  });
}

/** The pause between two lookups, on a real timer. */
function timerSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
