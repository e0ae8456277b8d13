// Routes a call to its handler (method names are case-insensitive, as in Telegram), injects failures
// queued with failNext, records every call, and wraps results and errors in the Bot API envelope.
import { BotApiError } from './api-error.js';
import type { UploadedFile } from './multipart.parser.js';
import { decodeJsonFields, type Params } from './params.js';
import { Described, type EmulatorState, type MethodHandler } from './state.js';
import type { CallRecord } from './types.js';

/** A failure to answer instead of running the method (e.g. a 429 with retry_after). */
export interface InjectedFailure {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** Status code and JSON body of an answer. */
export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Where a call came from. */
export type CallSource = CallRecord['via'];

/** The method table plus call log and failure injection. */
export class Dispatcher {
  readonly calls: CallRecord[] = [];
  private readonly handlers = new Map<string, { name: string; handler: MethodHandler }>();
  private readonly failures = new Map<string, InjectedFailure[]>();

  constructor(
    private readonly state: EmulatorState,
    tables: Record<string, MethodHandler>[],
  ) {
    for (const table of tables) {
      for (const [name, handler] of Object.entries(table)) this.handlers.set(name.toLowerCase(), { name, handler });
    }
  }

  /** Makes the next `times` calls of a method fail with this error. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const key = method.toLowerCase();
    if (!this.handlers.has(key)) throw new Error(`failNext: the emulator does not implement "${method}"`);
    const queue = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(key, queue);
  }

  /** Runs one call and returns the HTTP answer. */
  async dispatch(
    method: string,
    request: { params: Params; files: Map<string, UploadedFile> },
    signal: AbortSignal,
    via: CallSource,
  ): Promise<ApiResponse> {
    const entry = this.handlers.get(method.toLowerCase());
    const name = entry?.name ?? method;
    let params = request.params;
    try {
      if (entry === undefined) throw new BotApiError(404, 'Not Found');
      params = decodeJsonFields(request.params);
      const injected = this.failures.get(method.toLowerCase())?.shift();
      if (injected !== undefined) {
        const parameters = injected.retry_after === undefined ? undefined : { retry_after: injected.retry_after };
        throw new BotApiError(injected.error_code, injected.description, parameters);
      }
      // Synchronous handlers are recorded before anything else runs, so a test that saw a message's
      // event already finds the call in the log.
      const outcome = entry.handler(this.state, { params, files: request.files, signal });
      const value = outcome instanceof Promise ? ((await outcome) as unknown) : outcome;
      this.record({ method: name, params, files: [...request.files.keys()], ok: true, via });
      return {
        status: 200,
        body: value instanceof Described ? { ok: true, result: value.result, description: value.description } : { ok: true, result: value },
      };
    } catch (caught) {
      // An exception that is not a Bot API error is an emulator bug: answer 500 so the test sees it.
      const error =
        caught instanceof BotApiError
          ? caught
          : new BotApiError(500, `Internal Server Error: ${caught instanceof Error ? caught.message : String(caught)}`);
      this.record({
        method: name,
        params,
        files: [...request.files.keys()],
        ok: false,
        errorCode: error.errorCode,
        description: error.description,
        via,
      });
      return { status: error.errorCode, body: error.toJSON() };
    }
  }

  private record(call: CallRecord): void {
    this.calls.push(call);
    this.state.events.emit('call', call);
  }
}
