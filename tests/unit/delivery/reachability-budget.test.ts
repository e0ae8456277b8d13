import { describe, expect, it } from 'vitest';
import { MessengerError } from '../../../core/messengers/messenger.js';
import { seededRandom } from '../../../core/random.js';
import { checkPauseMs, checksAllowed, endOfUtcDay } from '../../../core/delivery/reachability/check-budget.js';
import { lookupOutcome, unreachableAnswer } from '../../../core/delivery/reachability/lookup-outcome.js';

describe('the reachability check budget', () => {
  it('leaves what is not yet spent by sends, checks and the sends planned for today', () => {
    expect(checksAllowed({ cap: 10, sent: 0, checks: 0, plannedToday: 0 })).toBe(10);
    expect(checksAllowed({ cap: 10, sent: 2, checks: 3, plannedToday: 4 })).toBe(1);
    expect(checksAllowed({ cap: 10, sent: 2, checks: 3, plannedToday: 5 })).toBe(0);
  });

  it('never goes below zero when today is already overbooked', () => {
    expect(checksAllowed({ cap: 5, sent: 4, checks: 0, plannedToday: 9 })).toBe(0);
  });

  it('ends today at the next UTC midnight, the day account_daily_usage counts in', () => {
    expect(endOfUtcDay(new Date('2026-03-02T23:59:59Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(endOfUtcDay(new Date('2026-03-02T00:00:00Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });
});

describe('the pause between two lookups', () => {
  it('is drawn within the configured bounds and varies', () => {
    const random = seededRandom(7);
    const pauses = Array.from({ length: 200 }, () => checkPauseMs(random, { min: 3_000, max: 8_000 }));
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(8_000);
    expect(new Set(pauses).size).toBeGreaterThan(50);
  });

  it('tolerates bounds given the wrong way round and a fixed pause', () => {
    expect(checkPauseMs(seededRandom(1), { min: 5_000, max: 5_000 })).toBe(5_000);
    const pause = checkPauseMs(seededRandom(1), { min: 8_000, max: 3_000 });
    expect(pause).toBeGreaterThanOrEqual(3_000);
    expect(pause).toBeLessThanOrEqual(8_000);
  });
});

describe('what a lookup teaches', () => {
  it('caches answers about the recipient, holding for every account only when the platform says nobody has it', () => {
    expect(unreachableAnswer('telegram', 'username:ghost', 'RECIPIENT_NOT_FOUND')).toEqual({ errorCode: 'RECIPIENT_NOT_FOUND', everywhere: true });
    expect(unreachableAnswer('telegram', 'phone:+15550000', 'RECIPIENT_NOT_FOUND')).toEqual({ errorCode: 'RECIPIENT_NOT_FOUND', everywhere: false });
    expect(unreachableAnswer('whatsapp', 'phone:+15550009', 'RECIPIENT_NOT_FOUND')).toEqual({ errorCode: 'RECIPIENT_NOT_FOUND', everywhere: true });
    expect(unreachableAnswer('telegram', 'username:shy', 'PRIVACY_RESTRICTED')).toEqual({ errorCode: 'PRIVACY_RESTRICTED', everywhere: false });
    expect(unreachableAnswer('telegram', 'phone:+1', 'INVALID_PHONE')).toEqual({ errorCode: 'INVALID_PHONE', everywhere: true });
  });

  it('never caches failures that are about the account or the moment', () => {
    for (const code of ['FLOOD_WAIT', 'TRANSIENT', 'PEER_FLOOD', 'LOGGED_OUT', 'BANNED']) {
      expect(unreachableAnswer('telegram', 'username:someone', code)).toBeUndefined();
    }
  });

  it('turns a flood wait into a stop with its wait, a logout into not_connected, anything else into an error stop', () => {
    const outcome = (error: unknown) => lookupOutcome('telegram', 'username:someone', { error });
    expect(outcome(new MessengerError('FLOOD_WAIT', 'slow down', 120))).toEqual({ kind: 'stop', reason: 'flood_wait', waitSeconds: 120 });
    expect(outcome(new MessengerError('LOGGED_OUT', 'gone'))).toEqual({ kind: 'stop', reason: 'not_connected' });
    expect(outcome(new MessengerError('TRANSIENT', 'network'))).toEqual({ kind: 'stop', reason: 'error' });
    expect(outcome(new Error('bug'))).toEqual({ kind: 'stop', reason: 'error' });
    expect(outcome(new MessengerError('RECIPIENT_NOT_FOUND', 'no'))).toEqual({ kind: 'unreachable', errorCode: 'RECIPIENT_NOT_FOUND', everywhere: true });
    const to = { address: '1:2', platformUserId: '1' };
    expect(lookupOutcome('telegram', 'username:someone', { to })).toEqual({ kind: 'reachable', to });
  });
});
