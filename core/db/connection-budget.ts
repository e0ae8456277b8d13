import type pg from 'pg';

/** The most connections one budgeted operation holds at once (a launch: its lock's session, the validation, the
 * second half of the recipient selection and the audience count). */
export const CONNECTIONS_PER_OPERATION = 4;

/** Operations admitted one after another, at most `limit` at a time, in the order they asked. */
export class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a limit of at least 1 is needed, not ${limit}`);
  }

  /** Operations running now. */
  get active(): number {
    return this.running;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    // A finished operation hands its turn straight to the first waiting one (the count stays as it is).
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    }
  }
}

const budgets = new WeakMap<pg.Pool, Turns>();

/**
 * Runs `work`, an operation that holds a connection of `pool` while it waits for more, in its turn. Enough of those
 * at once fill the pool and wait for each other for ever (each holds a connection only another's end would free);
 * so per pool at most `max / CONNECTIONS_PER_OPERATION` of them run at a time (at least one), and the others wait
 * before taking any connection. Operations that take one connection at a time need no turn: they always end.
 */
export async function withConnectionBudget<T>(pool: pg.Pool, work: () => Promise<T>): Promise<T> {
  let turns = budgets.get(pool);
  if (turns === undefined) {
    turns = new Turns(Math.max(1, Math.floor((pool.options.max ?? 10) / CONNECTIONS_PER_OPERATION)));
    budgets.set(pool, turns);
  }
  return turns.run(work);
}
