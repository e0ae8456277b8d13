import type { z } from 'zod';

/** One kind of background job: a name, a zod payload schema, and a handler that calls core. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Repeat interval for recurring jobs (Agenda syntax, e.g. '1 day'). */
  every?: string;
  /** How many of this job may run at once in one worker. */
  concurrency?: number;
  /** Longest time one run may hold its lock before another worker takes it over. */
  lockLifetimeMs?: number;
  handle(payload: z.infer<S>): Promise<void>;
}

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}
