// Worker thread entry: compiles the mapping once, then normalises every batch it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './normalise-in-workers.js';
import { compilePlan, normaliseRows } from './row.normaliser.js';

const init = workerData as WorkerInit;
const plan = compilePlan(init.mapping, init.options);
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { seq: request.seq, batch: normaliseRows(plan, request.rows) };
  } catch (error) {
    response = { seq: request.seq, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
