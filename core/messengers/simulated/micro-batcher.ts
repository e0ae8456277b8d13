/** Runs many items in one call; must return one result per item, in the same order. */
export type BatchRunner<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

export interface MicroBatcherOptions {
  /** Batches running at once; more items wait and join the next batch. */
  maxInFlight: number;
  maxBatchSize: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: an item goes out alone while there is capacity, and items that arrive while
 * `maxInFlight` batches are running are sent together in the next one. One database round trip and one
 * commit then serve many concurrent callers, without adding latency when the load is low.
 */
export function microBatcher<I, O>(run: BatchRunner<I, O>, options: MicroBatcherOptions): (item: I) => Promise<O> {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;

  const pump = (): void => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      inFlight += 1;
      void run(batch.map((w) => w.item))
        .then((results) => {
          if (results.length !== batch.length) throw new Error(`batch returned ${results.length} of ${batch.length} results`);
          batch.forEach((w, i) => w.resolve(results[i]!));
        })
        .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
