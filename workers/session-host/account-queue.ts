/**
 * Runs the tasks of one account one after another (open, notifications, events), so a disconnect can never
 * overtake the restore it must close, while different accounts proceed in parallel.
 */
export class AccountQueue {
  private readonly tails = new Map<number, Promise<void>>();

  constructor(private readonly onError: (accountId: number, error: unknown) => void) {}

  run(accountId: number, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => this.onError(accountId, error));
    this.tails.set(accountId, next);
    void next.then(() => {
      if (this.tails.get(accountId) === next) this.tails.delete(accountId);
    });
    return next;
  }

  /** Resolves when every queued task has run. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
