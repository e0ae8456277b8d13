/**
 * Hands out work one unit at a time to the least loaded of some accounts (the earlier index on a tie): a
 * binary heap over their indices, so dealing 100,000 recipients over 100 accounts costs ~7 steps each.
 */
export class LeastLoaded {
  private readonly heap: number[];

  /** `load` is shared with the caller and updated by `take`; `indices` are the accounts to deal to. */
  constructor(
    private readonly load: Int32Array,
    indices: readonly number[],
  ) {
    this.heap = [...indices];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  /** Adds one to the least loaded account's load and returns its index; -1 when there is no account. */
  take(): number {
    const k = this.heap[0];
    if (k === undefined) return -1;
    this.load[k]! += 1;
    this.siftDown(0);
    return k;
  }

  private before(a: number, b: number): boolean {
    const la = this.load[a]!;
    const lb = this.load[b]!;
    return la < lb || (la === lb && a < b);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, heap[i]!)) return;
      [heap[i], heap[child]] = [heap[child]!, heap[i]!];
      i = child;
    }
  }
}
