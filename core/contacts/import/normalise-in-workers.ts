import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ColumnMapping } from './column-mapping.js';
import type { ImportBatch, RawRow } from './contact-draft.js';
import type { NormaliseOptions } from './row.normaliser.js';

/** How many worker threads to use (default: one per core). */
export interface WorkerOptions {
  threads?: number;
}

/** Message to a worker: normalise this batch. */
export interface WorkerRequest {
  seq: number;
  rows: RawRow[];
}

/** Message from a worker: the normalised batch, or why it failed. */
export type WorkerResponse = { seq: number; batch: ImportBatch } | { seq: number; error: string };

/** What a worker is started with. */
export interface WorkerInit {
  mapping: ColumnMapping;
  options: NormaliseOptions;
}

// The worker is the sibling file with this module's own extension: `.ts` under tsx, `.js` once built.
const workerUrl = new URL(`./normalise.worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * Normalises row batches on worker threads while the caller's thread keeps reading and tokenizing.
 * Batches go round-robin to the workers, at most two in flight per worker (so memory stays bounded),
 * and come back in their original order. Workers run TypeScript through `tsx` (`--import tsx`).
 */
export async function* normaliseInWorkers(
  batches: AsyncIterable<RawRow[]>,
  mapping: ColumnMapping,
  options: NormaliseOptions,
  workerOptions: WorkerOptions = {},
): AsyncGenerator<ImportBatch> {
  const count = Math.max(1, workerOptions.threads ?? availableParallelism());
  const init: WorkerInit = { mapping, options };
  const workers = Array.from({ length: count }, () => startWorker(init));
  const done = new Map<number, ImportBatch>();
  const state: { failure: Error | null } = { failure: null };
  let wake: (() => void) | null = null;
  const signal = (): void => {
    wake?.();
    wake = null;
  };
  for (const worker of workers) {
    worker.on('message', (message: WorkerResponse) => {
      if ('error' in message) state.failure ??= new Error(message.error);
      else done.set(message.seq, message.batch);
      signal();
    });
    worker.on('error', (error: Error) => {
      state.failure ??= error;
      signal();
    });
    worker.on('exit', (code) => {
      if (code !== 0) state.failure ??= new Error(`normalise worker exited with code ${code}`);
      signal();
    });
  }
  const rethrow = (): void => {
    if (state.failure !== null) throw state.failure;
  };
  const waitForResult = async (): Promise<void> => {
    rethrow();
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    rethrow();
  };

  let sent = 0;
  let next = 0;
  try {
    for await (const rows of batches) {
      const request: WorkerRequest = { seq: sent, rows };
      workers[sent % count]!.postMessage(request);
      sent++;
      while (sent - next >= count * 2) {
        while (!done.has(next)) await waitForResult();
        yield take(done, next++);
      }
      while (done.has(next)) yield take(done, next++);
    }
    while (next < sent) {
      while (!done.has(next)) await waitForResult();
      yield take(done, next++);
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

// Node 20 does not apply `--import tsx` from a worker's execArgv to the worker's entry module, so a
// TypeScript worker is entered through tsx's own API from a tiny evaluated bootstrap.
function startWorker(init: WorkerInit): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData: init });
  // The ESM entry of tsx's API, located through its package.json (its CommonJS build cannot load it).
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

function take(done: Map<number, ImportBatch>, seq: number): ImportBatch {
  const batch = done.get(seq)!;
  done.delete(seq);
  return batch;
}
