import type { FakeClock } from '../../clock.js';

/** Work the simulated platform does later (a reply arriving, a QR code refreshing). Must not reject. */
export type ScheduledTask = () => void | Promise<void>;

/**
 * Where the simulated platform's delays come from, so tests can run minutes of "platform time" at once.
 * `schedule` returns a function that cancels the task if it has not run yet.
 */
export interface SimulatedScheduler {
  schedule(delayMs: number, task: ScheduledTask): () => void;
}

/** Real timers; unref'd so a pending simulated reply never keeps a process alive. */
export const realScheduler: SimulatedScheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(() => void task(), Math.max(0, delayMs));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface Pending {
  at: number;
  seq: number;
  task: ScheduledTask;
}

/** Runs tasks only when a test moves its `FakeClock` forward through `advance`. */
export class ManualScheduler implements SimulatedScheduler {
  private readonly pending: Pending[] = [];
  private seq = 0;

  constructor(private readonly clock: FakeClock) {}

  schedule(delayMs: number, task: ScheduledTask): () => void {
    const entry: Pending = { at: this.clock.now().getTime() + Math.max(0, delayMs), seq: this.seq++, task };
    this.pending.push(entry);
    return () => {
      const index = this.pending.indexOf(entry);
      if (index >= 0) this.pending.splice(index, 1);
    };
  }

  /** Tasks not yet run. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Moves the clock forward by `ms`, running every task that falls due in time order (each awaited, with
   * the clock set to its due time), including tasks scheduled by the tasks themselves.
   */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      if (next.at > this.clock.now().getTime()) this.clock.set(new Date(next.at));
      await next.task();
    }
    if (end > this.clock.now().getTime()) this.clock.set(new Date(end));
  }

  private nextDue(end: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) {
      if (p.at > end) continue;
      if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
