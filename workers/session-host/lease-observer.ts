/**
 * Hooks on the lease life cycle (metrics, and the multi-worker test proving no two holders overlap).
 * `at` is always the database's time of the operation.
 */
export interface LeaseObserver {
  acquired?(accountId: number, fencingToken: number, at: Date): void;
  renewed?(accountId: number, fencingToken: number, at: Date): void;
  released?(accountId: number, fencingToken: number): void;
  lost?(accountId: number, fencingToken: number): void;
}
