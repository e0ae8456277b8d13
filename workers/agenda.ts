import { Agenda, type Job } from 'agenda';
import type { AgendaBackend } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type pg from 'pg';
import type { JobQueue } from '../core/jobs.js';
import type { Logger } from '../core/logging/logger.js';
import type { JobDefinition } from './job.js';

export type JobStore = { kind: 'postgres'; pool: pg.Pool } | { kind: 'mongo'; url: string };

/** Builds the Agenda backend for the configured job store. */
export async function createBackend(store: JobStore): Promise<AgendaBackend> {
  if (store.kind === 'postgres') return new PostgresBackend({ pool: store.pool, tableName: 'agenda_jobs' });
  // Loaded only when configured: deployments on PostgreSQL never touch the MongoDB driver.
  const { MongoBackend } = await import('@agendajs/mongo-backend');
  return new MongoBackend({ address: store.url });
}

/** Where a job's data counts its starts (jobs with `maxStarts`); payload schemas drop it. */
export const STARTS_KEY = '_starts';

// Agenda's backoff strategy from a list of delays: the n-th failure waits the n-th delay; past the list, no retry.
function retryAfter(delays: readonly number[]): (context: { attempt: number }) => number | null {
  return ({ attempt }) => delays[attempt - 1] ?? null;
}

/** Agenda wired to our job definitions, exposed to core as its JobQueue port. */
export class AgendaJobQueue implements JobQueue {
  readonly agenda: Agenda;

  constructor(
    backend: AgendaBackend,
    private readonly logger: Logger,
    name: string,
  ) {
    this.agenda = new Agenda({ backend, name, processEvery: '5 seconds', defaultLockLifetime: 10 * 60_000 });
    this.agenda.on('error', (err: Error) => this.logger.error({ err, action: 'agenda.error' }, 'job store error'));
    this.agenda.on('fail', (err: Error | string, job: { attrs: { name: string } }) =>
      this.logger.error({ err, job: job.attrs.name, action: 'job.failed' }, 'job failed'),
    );
  }

  define(job: JobDefinition): void {
    if (job.maxStarts !== undefined && job.every !== undefined) throw new Error(`job ${job.name}: maxStarts counts the starts of one-off jobs, not of recurring ones`);
    this.agenda.define(
      job.name,
      async (agendaJob: Job<unknown>) => {
        const data = (agendaJob.attrs.data ?? {}) as Record<string, unknown>;
        const payload: unknown = job.payload.parse(data);
        if (job.maxStarts !== undefined) {
          // Counted before the run, so that a run that never comes back still counts.
          const starts = Number(data[STARTS_KEY] ?? 0) + 1;
          agendaJob.attrs.data = { ...data, [STARTS_KEY]: starts };
          await agendaJob.save();
          if (starts > job.maxStarts) {
            this.logger.error({ job: job.name, starts, action: 'job.given_up' }, 'job started too often: given up');
            await job.giveUp?.(payload);
            return;
          }
        }
        await job.handle(payload, { touch: () => agendaJob.touch() });
      },
      {
        concurrency: job.concurrency ?? 5,
        lockLifetime: job.lockLifetimeMs ?? 10 * 60_000,
        ...(job.removeOnComplete === undefined ? {} : { removeOnComplete: job.removeOnComplete }),
        ...(job.retryDelaysMs === undefined ? {} : { backoff: retryAfter(job.retryDelaysMs) }),
      },
    );
  }

  async start(definitions: readonly JobDefinition[]): Promise<void> {
    for (const job of definitions) this.define(job);
    await this.agenda.start();
    for (const job of definitions) if (job.every) await this.agenda.every(job.every, job.name, {});
  }

  async enqueue(name: string, data: Record<string, unknown>, options?: { at?: Date }): Promise<void> {
    if (options?.at) await this.agenda.schedule(options.at, name, data);
    else await this.agenda.now(name, data);
  }

  async cancel(name: string, match: Record<string, string | number>): Promise<number> {
    return this.agenda.cancel({ name, data: match });
  }

  /** Stops taking jobs and waits (bounded) for running ones. */
  async stop(timeoutMs: number): Promise<void> {
    await this.agenda.drain({ timeout: timeoutMs });
  }
}
