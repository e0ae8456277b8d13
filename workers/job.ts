import type { z } from 'zod';

/** One kind of background job: a name, a zod payload schema, and a handler that calls core. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Repeat interval for recurring jobs (Agenda syntax, e.g. '1 day'). */
  every?: string;
  /** How many of this job may run at once in one worker. */
  concurrency?: number;
  /** Longest time one run may hold its lock before another worker takes it over (a run extends it with `touch`). */
  lockLifetimeMs?: number;
  /** Removes a one-off job once it has run (its payload need not be kept). */
  removeOnComplete?: boolean;
  /** Delays before running a failed job again, one per retry; none: a failed job is not retried. */
  retryDelaysMs?: readonly number[];
  /**
   * Starts of one job at most: a run that takes its worker down (out of memory, say) leaves the job locked, to be
   * started again once the lock expires, for ever. Past this many starts, `giveUp` is called instead of `handle`
   * and the job ends. Graceful retries count too, so leave room for them. One-off jobs only (a recurring job's
   * starts would add up over its runs): the queue refuses it with `every`.
   */
  maxStarts?: number;
  /** Called instead of `handle` once a job has been started `maxStarts` times (tell the user, clean up). */
  giveUp?(payload: z.infer<S>): Promise<void>;
  handle(payload: z.infer<S>, run?: JobRun): Promise<void>;
}

/** The running job, as a handler sees it. */
export interface JobRun {
  /** Extends the job's lock, so that a long run is not taken over as abandoned. */
  touch(): Promise<void>;
}

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}
