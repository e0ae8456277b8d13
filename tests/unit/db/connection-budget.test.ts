import { describe, expect, it } from 'vitest';
import { Turns } from '../../../core/db/connection-budget.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Turns', () => {
  it('runs at most `limit` operations at once and admits the waiting ones in the order they asked', async () => {
    const turns = new Turns(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => turns.run(async () => (started.push(i), await g.promise, i)));
    await tick();
    expect(started).toEqual([0, 1]);
    expect(turns.active).toBe(2);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(turns.active).toBe(0);
  });

  it('passes the turn on when an operation fails, and the failure reaches its caller', async () => {
    const turns = new Turns(1);
    const failing = turns.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const next = turns.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect(turns.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Turns(0)).toThrow(RangeError);
    expect(() => new Turns(1.5)).toThrow(RangeError);
  });
});
