/**
 * Small building blocks both real adapters share (kept free of any messenger library, so the WhatsApp
 * adapter may import it without depending on GramJS).
 */

/** The slice of a pino logger the adapters use; pino's `Logger` fits. */
export interface AdapterLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (the default when the composition root passes none). */
export const silentLogger: AdapterLogger = { warn: () => undefined, error: () => undefined };

type Handler<T> = (value: T) => void | Promise<void>;

/**
 * Subscribers of one kind of event. A failing subscriber is reported to `onError` and never stops the
 * others: one broken reply handler must not hide a logout event from the session host.
 */
export class ListenerSet<T> {
  // Wrapped in objects so the same function subscribed twice is two subscriptions.
  private readonly entries = new Set<{ handler: Handler<T> }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Subscribes `handler`; the returned function unsubscribes it (idempotent). */
  add(handler: Handler<T>): () => void {
    const entry = { handler };
    this.entries.add(entry);
    return () => {
      this.entries.delete(entry);
    };
  }

  emit(value: T): void {
    for (const { handler } of [...this.entries]) {
      try {
        const result = handler(value);
        if (result instanceof Promise) result.catch(this.onError);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A promise with its settle functions, settled at most once. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Builds a `Deferred`. Its promise is marked handled: a login nobody awaits (the user walked away) must
 * not crash the worker with an unhandled rejection; whoever awaits it still sees the rejection.
 */
export function createDeferred<T>(): Deferred<T> {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  promise.catch(() => undefined);
  let settled = false;
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value) {
      if (settled) return;
      settled = true;
      settle.resolve(value);
    },
    reject(error) {
      if (settled) return;
      settled = true;
      settle.reject(error);
    },
  };
}
