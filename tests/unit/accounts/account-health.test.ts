import { describe, expect, it } from 'vitest';
import { assessHealth, HEALTH_POLICY_DEFAULTS, restartsWarmUp, type HealthSignals } from '../../../core/accounts/account-health.js';
import { WARM_UP_DEFAULTS } from '../../../core/delivery/schedule/warm-up.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 86_400_000;

/** An account active for 60 days, never restricted, quiet: healthy at its cap of 30. */
function signals(patch: Partial<HealthSignals> = {}): HealthSignals {
  return {
    status: 'active',
    limitedUntil: null,
    userCap: 30,
    zone: 'Europe/Berlin',
    warmupStartedAt: new Date(NOW.getTime() - 60 * DAY),
    lastRestrictedAt: null,
    floodWaits: 0,
    floodWaitSeconds: 0,
    longestFloodWaitSeconds: 0,
    disconnects: 0,
    finished: 0,
    failed: 0,
    replied: 0,
    ...patch,
  };
}

describe('assessHealth', () => {
  it('calls a quiet account at its full cap healthy, with no reasons', () => {
    const health = assessHealth(signals(), NOW);
    expect(health).toMatchObject({ state: 'healthy', reasons: [], todayCap: 30, userCap: 30, pausedUntil: null });
  });

  it('calls a new account warming, its cap growing day by day up to the user cap', () => {
    const caps = [0, 1, 2, 3, 4].map((days) => assessHealth(signals({ warmupStartedAt: new Date(NOW.getTime() - days * DAY) }), NOW));
    expect(caps.map((h) => h.todayCap)).toEqual([10, 15, 20, 25, 30]);
    expect(caps.map((h) => h.state)).toEqual(['warming', 'warming', 'warming', 'warming', 'healthy']);
    expect(caps[0]!.reasons).toEqual(['warming_up']);
    // An account that was never connected with us starts today.
    expect(assessHealth(signals({ warmupStartedAt: null }), NOW).todayCap).toBe(WARM_UP_DEFAULTS.startCap);
  });

  it('drops an old account back to the restart cap after a restriction and lets it grow again', () => {
    const today = assessHealth(signals({ lastRestrictedAt: new Date(NOW.getTime() - 3_600_000) }), NOW);
    expect([today.state, today.todayCap]).toEqual(['warming', WARM_UP_DEFAULTS.restartCap]);
    const later = assessHealth(signals({ lastRestrictedAt: new Date(NOW.getTime() - 3 * DAY) }), NOW);
    expect(later.todayCap).toBe(WARM_UP_DEFAULTS.restartCap + 3 * WARM_UP_DEFAULTS.dailyIncrement);
  });

  it('counts warm-up days in the user’s calendar, and UTC days for a fixed-offset zone', () => {
    // 23:30 in Berlin on the 9th is the previous local day; at 12:00Z on the 10th one day has passed.
    const started = new Date('2026-03-09T22:30:00Z');
    expect(assessHealth(signals({ warmupStartedAt: started, zone: 'Europe/Berlin' }), NOW).todayCap).toBe(15);
    expect(assessHealth(signals({ warmupStartedAt: started, zone: 'UTC' }), NOW).todayCap).toBe(15);
    expect(assessHealth(signals({ warmupStartedAt: new Date('2026-03-09T23:30:00Z'), zone: 'Europe/Berlin' }), NOW).todayCap).toBe(10);
    expect(assessHealth(signals({ warmupStartedAt: new Date('2026-03-09T23:30:00Z'), zone: 'UTC+3' }), NOW).todayCap).toBe(15);
  });

  it('calls a limited account restricted while its limit runs, and without an end until someone lifts it', () => {
    const until = new Date(NOW.getTime() + 3_600_000);
    expect(assessHealth(signals({ status: 'limited', limitedUntil: until }), NOW)).toMatchObject({ state: 'restricted', reasons: ['restricted'], pausedUntil: until });
    expect(assessHealth(signals({ status: 'limited', limitedUntil: null }), NOW).state).toBe('restricted');
    // The limit ended (the heartbeat has not lifted it yet): no longer restricted.
    expect(assessHealth(signals({ status: 'limited', limitedUntil: new Date(NOW.getTime() - 1) }), NOW).state).toBe('healthy');
  });

  it('calls an account cautious for long, many or lengthy flood waits, and says which', () => {
    const long = assessHealth(signals({ floodWaits: 1, floodWaitSeconds: 3_600, longestFloodWaitSeconds: 3_600 }), NOW);
    expect(long.state).toBe('cautious');
    expect(long.reasons).toEqual(['long_flood_wait', 'flood_wait_time']);
    expect(assessHealth(signals({ floodWaits: 3, floodWaitSeconds: 90, longestFloodWaitSeconds: 30 }), NOW).reasons).toEqual(['flood_waits']);
    expect(assessHealth(signals({ floodWaits: 2, floodWaitSeconds: 1_800, longestFloodWaitSeconds: 900 }), NOW).reasons).toEqual(['flood_wait_time']);
    expect(assessHealth(signals({ floodWaits: 2, floodWaitSeconds: 1_799, longestFloodWaitSeconds: 900 }), NOW).state).toBe('healthy');
  });

  it('a flood wait in progress shows when it ends without making the account unhealthy by itself', () => {
    const until = new Date(NOW.getTime() + 60_000);
    expect(assessHealth(signals({ limitedUntil: until, floodWaits: 1, floodWaitSeconds: 60, longestFloodWaitSeconds: 60 }), NOW)).toMatchObject({
      state: 'healthy',
      pausedUntil: until,
    });
  });

  it('calls an account cautious for frequent disconnects', () => {
    expect(assessHealth(signals({ disconnects: HEALTH_POLICY_DEFAULTS.cautiousDisconnects }), NOW).reasons).toEqual(['disconnects']);
    expect(assessHealth(signals({ disconnects: HEALTH_POLICY_DEFAULTS.cautiousDisconnects - 1 }), NOW).state).toBe('healthy');
  });

  it('judges the failure rate only from enough sends', () => {
    const failing = assessHealth(signals({ finished: 20, failed: 6 }), NOW);
    expect(failing.state).toBe('cautious');
    expect(failing.reasons).toEqual(['failure_rate']);
    expect(failing.figures.failureRate).toBeCloseTo(0.3);
    const few = assessHealth(signals({ finished: 19, failed: 19 }), NOW);
    expect([few.state, few.figures.failureRate]).toEqual(['healthy', null]);
    expect(assessHealth(signals({ finished: 20, failed: 5 }), NOW).state).toBe('healthy');
  });

  it('judges the reply rate only from enough delivered messages', () => {
    const ignored = assessHealth(signals({ finished: 120, failed: 20, replied: 0 }), NOW);
    expect(ignored.reasons).toEqual(['low_reply_rate']);
    expect(ignored.figures.replyRate).toBe(0);
    expect(assessHealth(signals({ finished: 120, failed: 20, replied: 1 }), NOW).state).toBe('healthy');
    expect(assessHealth(signals({ finished: 119, failed: 20, replied: 0 }), NOW).figures.replyRate).toBeNull();
  });

  it('lets a custom policy move the thresholds', () => {
    const strict = { cautiousFloodWaits: 1 };
    expect(assessHealth(signals({ floodWaits: 1, floodWaitSeconds: 10, longestFloodWaitSeconds: 10 }), NOW, strict).state).toBe('cautious');
  });
});

describe('restartsWarmUp', () => {
  it('restarts the warm-up on a move into cautious, not while staying there nor after a restriction', () => {
    expect(restartsWarmUp('healthy', 'cautious')).toBe(true);
    expect(restartsWarmUp('warming', 'cautious')).toBe(true);
    expect(restartsWarmUp(null, 'cautious')).toBe(true);
    expect(restartsWarmUp('cautious', 'cautious')).toBe(false);
    expect(restartsWarmUp('restricted', 'cautious')).toBe(false);
    expect(restartsWarmUp('healthy', 'restricted')).toBe(false);
  });
});
