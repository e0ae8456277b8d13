import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logging/logger.js';
import { AgendaJobQueue, createBackend, type JobStore } from './agenda.js';
import type { JobDefinition } from './job.js';
import { logsPurgeJob } from './jobs/logs-purge.job.js';

export interface WorkerDeps {
  /** The job queue (see `createJobQueue`); the workers start processing it. */
  queue: AgendaJobQueue;
  logger: Logger;
  clock: Clock;
  logDir: string;
  logRetentionDays: number;
  /** Identifies this worker in job locks. */
  name: string;
  /** Jobs of the domains wired in main.ts (their services are built there). */
  extraJobs?: readonly JobDefinition[];
}

/** The background side of Contactd: Agenda jobs (and, with the accounts issue, the session host). */
export interface Workers {
  queue: AgendaJobQueue;
  stop(timeoutMs: number): Promise<void>;
}

/** Every job this worker runs. */
export function jobDefinitions(deps: WorkerDeps): JobDefinition[] {
  return [logsPurgeJob({ logDir: deps.logDir, retentionDays: deps.logRetentionDays, clock: deps.clock, logger: deps.logger }), ...(deps.extraJobs ?? [])];
}

/**
 * The job queue every role shares: bot processes only enqueue (exports, test sends), workers also process.
 * Agenda connects lazily, so an unstarted queue can enqueue.
 */
export async function createJobQueue(jobStore: JobStore, logger: Logger, name: string): Promise<AgendaJobQueue> {
  const queue = new AgendaJobQueue(await createBackend(jobStore), logger, name);
  // Agenda connects its backend in the background from the constructor: wait for it, so that nothing (a
  // failed start-up closing the pool, say) can pull the connection away from under it.
  await queue.agenda.ready;
  return queue;
}

export async function createWorkers(deps: WorkerDeps): Promise<Workers> {
  const queue = deps.queue;
  await queue.start(jobDefinitions(deps));
  deps.logger.info({ action: 'workers.started', worker: deps.name }, 'workers started');
  return {
    queue,
    stop: async (timeoutMs) => {
      await queue.stop(timeoutMs);
      deps.logger.info({ action: 'workers.stopped', worker: deps.name }, 'workers stopped');
    },
  };
}
