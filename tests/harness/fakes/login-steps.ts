/** Records login steps for adapter tests and waits for the next one of a kind. */
import { vi } from 'vitest';
import type { LoginStep } from '../../../core/messengers/messenger.js';

export class RecordedSteps {
  readonly steps: LoginStep[] = [];
  readonly onStep = (step: LoginStep): void => {
    this.steps.push(step);
  };

  types(): string[] {
    return this.steps.map((s) => s.type);
  }

  /** Waits until a step of `type` was reported and returns the latest one. */
  async waitFor<T extends LoginStep['type']>(type: T): Promise<Extract<LoginStep, { type: T }>> {
    return vi.waitFor(
      () => {
        const found = this.steps.findLast((s) => s.type === type);
        if (found === undefined) throw new Error(`no ${type} step yet; saw ${this.types().join(', ')}`);
        return found as Extract<LoginStep, { type: T }>;
      },
      { timeout: 5_000, interval: 2 },
    );
  }
}
