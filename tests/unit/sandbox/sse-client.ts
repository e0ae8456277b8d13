// A minimal server-sent-events reader for tests: collects events and waits for the one a test expects.
import { expect } from 'vitest';

/** One received event with its parsed JSON data. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** An open stream. */
export interface SseStream {
  events: SseEvent[];
  /** Resolves with the first event (received before or after the call) that matches. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens `url` as an event stream. */
export async function openSse(url: string): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = async (): Promise<void> => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
      }
    }
  };
  pump().catch(() => undefined);
  return {
    events,
    next: async (match, timeoutMs = 5000) => {
      let found: SseEvent | undefined;
      await expect.poll(() => (found = events.find(match)), { timeout: timeoutMs, interval: 20 }).toBeDefined();
      return found!;
    },
    close: () => abort.abort(),
  };
}
