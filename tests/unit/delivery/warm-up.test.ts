import { describe, expect, it } from 'vitest';
import { WARM_UP_DEFAULTS, effectiveDailyCap } from '../../../core/delivery/schedule/index.js';

describe('effectiveDailyCap', () => {
  it('starts a new account low and grows it by the increment per healthy day', () => {
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 0 })).toBe(WARM_UP_DEFAULTS.startCap);
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 1 })).toBe(15);
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 4 })).toBe(30);
  });

  it('never exceeds the user cap', () => {
    expect(effectiveDailyCap({ userCap: 50, accountAgeDays: 365 })).toBe(50);
    expect(effectiveDailyCap({ userCap: 3, accountAgeDays: 0 })).toBe(3);
    expect(effectiveDailyCap({ userCap: 0, accountAgeDays: 30 })).toBe(0);
  });

  it('drops back after a restriction and grows again from the restart cap', () => {
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 60, healthyDaysSinceLastRestriction: 0 })).toBe(
      WARM_UP_DEFAULTS.restartCap,
    );
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 60, healthyDaysSinceLastRestriction: 3 })).toBe(20);
    expect(effectiveDailyCap({ userCap: 40, accountAgeDays: 60, healthyDaysSinceLastRestriction: 30 })).toBe(40);
  });

  it('accepts a custom policy and treats nonsense inputs as zero days', () => {
    const policy = { startCap: 20, dailyIncrement: 10 };
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: 2, policy })).toBe(40);
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: -5 })).toBe(WARM_UP_DEFAULTS.startCap);
    expect(effectiveDailyCap({ userCap: 100, accountAgeDays: Number.NaN })).toBe(WARM_UP_DEFAULTS.startCap);
  });
});
