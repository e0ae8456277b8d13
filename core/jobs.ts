/**
 * The JobQueue port: how core asks for background work without knowing Agenda. Every payload that belongs
 * to a user carries `userId`, so erasure can delete the user's pending jobs in its transaction.
 */
export interface JobQueue {
  /** Runs `name` as soon as a worker is free (or at `at`). */
  enqueue(name: string, data: Record<string, unknown>, options?: { at?: Date }): Promise<void>;
  /** Removes pending jobs of `name` whose data matches every given field. Returns how many. */
  cancel(name: string, match: Record<string, string | number>): Promise<number>;
}
