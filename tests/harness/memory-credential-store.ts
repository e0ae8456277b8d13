import type { CredentialStore } from '../../core/messengers/messenger.js';

/**
 * An in-memory `CredentialStore` for tests. Writes are atomic (all keys change together) and the
 * current contents can be inspected with `snapshot()`. `failNextWrite(error)` makes the next write
 * throw without changing anything, like a lost lease would.
 */
export class MemoryCredentialStore implements CredentialStore {
  private readonly values = new Map<string, string>();
  private pendingFailure: Error | undefined;
  /** How many successful `write` calls happened (a `clear` is not a write). */
  writes = 0;

  async read(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const key of keys) {
      const value = this.values.get(key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  }

  async readPrefix(prefix: string): Promise<Map<string, string>> {
    return new Map([...this.values].filter(([key]) => key.startsWith(prefix)));
  }

  async write(changes: Readonly<Record<string, string | null>>): Promise<void> {
    if (this.pendingFailure) {
      const error = this.pendingFailure;
      this.pendingFailure = undefined;
      throw error;
    }
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) this.values.delete(key);
      else this.values.set(key, value);
    }
    this.writes += 1;
  }

  async clear(): Promise<void> {
    this.values.clear();
  }

  /** A copy of every stored key and value. */
  snapshot(): Map<string, string> {
    return new Map(this.values);
  }

  /** Makes the next `write` throw `error` and leave the store unchanged. */
  failNextWrite(error: Error): void {
    this.pendingFailure = error;
  }
}
