import { z } from 'zod';
import type { Notifier } from '../../core/notifier.js';
import { POLICY_BROADCAST_JOB, type PolicyBroadcastService } from '../../core/privacy/policy-broadcast.service.js';
import { defineJob } from '../job.js';

/** P14: sends a policy-change notice to every user not reached yet (resumes where a crashed run stopped). */
export function policyBroadcastJob(deps: { broadcasts: PolicyBroadcastService; notifier: Notifier }) {
  return defineJob({
    name: POLICY_BROADCAST_JOB,
    payload: z.object({ broadcastId: z.number().int() }),
    concurrency: 1,
    lockLifetimeMs: 30 * 60_000,
    handle: async (p) => {
      await deps.broadcasts.run(p.broadcastId, deps.notifier);
    },
  });
}
