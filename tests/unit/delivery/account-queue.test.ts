import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import {
  COLD_DELAY_FACTOR,
  WARM_UP_DEFAULTS,
  createSendWindow,
  planAccountQueue,
  planAccountQueueTimes,
  warmUpCapForDay,
  type QueuedSend,
} from '../../../core/delivery/schedule/index.js';

const window = createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], hours: '09:00-17:00' });
const delay = { minSeconds: 60, maxSeconds: 120 };
const MONDAY_0800_BERLIN = new Date('2026-03-02T07:00:00Z');

function localOf(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

function perDay(slots: readonly (Date | null)[], zone: string): Map<string, number> {
  const days = new Map<string, number>();
  for (const slot of slots) {
    if (slot === null) continue;
    const key = localOf(slot, zone).toISODate()!;
    days.set(key, (days.get(key) ?? 0) + 1);
  }
  return days;
}

describe('planAccountQueue', () => {
  it("applies the window in each recipient's own zone, falling back to the campaign's zone", () => {
    const zones = ['America/New_York', null, 'Asia/Tokyo'] as const;
    const items: QueuedSend[] = Array.from({ length: 30 }, (_, i) => ({ zone: zones[i % 3]!, warm: true }));
    const slots = planAccountQueue({ items, window, dailyCap: () => 100, delay, start: MONDAY_0800_BERLIN, random: seededRandom(3) });
    expect(slots.every((slot) => slot !== null)).toBe(true);
    slots.forEach((slot, i) => {
      const local = localOf(slot!, items[i]!.zone ?? 'Europe/Berlin');
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(local.hour).toBeLessThan(17);
    });
    // At 07:00Z only Tokyo's window is open (16:00 there); Berlin opens at 08:00Z, New York at 14:00Z.
    const zoneAt = (i: number): string => items[i]!.zone ?? 'Europe/Berlin';
    const before = (iso: string): string[] => slots.flatMap((slot, i) => (slot!.getTime() < Date.parse(iso) ? [zoneAt(i)] : []));
    expect(before('2026-03-02T08:00:00Z').length).toBeGreaterThan(0);
    expect(new Set(before('2026-03-02T08:00:00Z'))).toEqual(new Set(['Asia/Tokyo']));
    expect(before('2026-03-02T14:00:00Z')).not.toContain('America/New_York');
    expect(new Set(before('2026-03-02T17:00:00Z'))).toEqual(new Set(['Asia/Tokyo', 'Europe/Berlin', 'America/New_York']));
    // One account sends one message at a time, paced, whatever the zones.
    const sorted = slots.map((s) => s!.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(delay.minSeconds * 1000);
  });

  it('sends in priority order when all windows are open, and spreads cold recipients more thinly', () => {
    const items: QueuedSend[] = [...Array.from({ length: 5 }, () => ({ zone: null, warm: true })), ...Array.from({ length: 5 }, () => ({ zone: null, warm: false }))];
    const slots = planAccountQueue({ items, window, dailyCap: () => 100, delay, start: new Date('2026-03-02T08:00:00Z'), random: seededRandom(9) }).map((s) => s!.getTime());
    expect([...slots].sort((a, b) => a - b)).toEqual(slots);
    const gapsAfterWarm = slots.slice(1, 5).map((s, i) => s - slots[i]!);
    const gapsAfterCold = slots.slice(6).map((s, i) => s - slots[i + 5]!);
    for (const gap of gapsAfterWarm) expect(gap).toBeLessThanOrEqual(delay.maxSeconds * 1000);
    for (const gap of gapsAfterCold) expect(gap).toBeGreaterThanOrEqual(delay.minSeconds * 1000 * COLD_DELAY_FACTOR);
  });

  it('lets an open zone go ahead of an earlier item whose window is still closed', () => {
    const items: QueuedSend[] = [{ zone: 'America/Los_Angeles', warm: true }, { zone: null, warm: true }];
    const [la, berlin] = planAccountQueue({ items, window, dailyCap: () => 10, delay, start: new Date('2026-03-02T08:00:00Z'), random: seededRandom(1) });
    expect(berlin!.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(la!.toISOString()).toBe('2026-03-02T17:00:00.000Z');
  });

  it('grows a new account day by day with the warm-up caps, counting what was already sent today', () => {
    const items: QueuedSend[] = Array.from({ length: 60 }, () => ({ zone: null, warm: true }));
    const state = { warmupStartedAt: new Date('2026-03-02T06:00:00Z'), lastRestrictedAt: null };
    const slots = planAccountQueue({
      items,
      window: createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5, 6, 7], hours: '00:00-24:00' }),
      dailyCap: (dayStart) => warmUpCapForDay(state, 100, dayStart, 'Europe/Berlin'),
      delay: { minSeconds: 10, maxSeconds: 20 },
      start: new Date('2026-03-02T08:00:00Z'),
      sentToday: 4,
      random: seededRandom(5),
    });
    expect([...perDay(slots, 'Europe/Berlin').values()]).toEqual([WARM_UP_DEFAULTS.startCap - 4, 15, 20, 19]);
  });

  it('leaves the items without a slot before the end date unplanned', () => {
    const items: QueuedSend[] = Array.from({ length: 10 }, () => ({ zone: null, warm: true }));
    const slots = planAccountQueue({ items, window, dailyCap: () => 3, delay, start: MONDAY_0800_BERLIN, endAt: new Date('2026-03-04T00:00:00Z'), random: seededRandom(2) });
    expect(slots.filter((s) => s !== null)).toHaveLength(6);
    expect(slots.slice(6)).toEqual([null, null, null, null]);
  });

  it('gives the same plan as epoch milliseconds, NaN where there is no slot', () => {
    const items: QueuedSend[] = Array.from({ length: 10 }, (_, i) => ({ zone: i % 2 === 0 ? null : 'Asia/Tokyo', warm: i < 4 }));
    const input = { items, window, dailyCap: () => 3, delay, start: MONDAY_0800_BERLIN, endAt: new Date('2026-03-04T00:00:00Z') };
    const dates = planAccountQueue({ ...input, random: seededRandom(4) });
    const times = planAccountQueueTimes({ ...input, random: seededRandom(4) });
    expect(times).toBeInstanceOf(Float64Array);
    expect(Array.from(times, (ms) => (Number.isNaN(ms) ? null : new Date(ms)))).toEqual(dates);
    expect(dates.filter((d) => d === null).length).toBeGreaterThan(0);
  });

  it('gives up instead of looping when the account may never send', () => {
    const items: QueuedSend[] = [{ zone: null, warm: true }];
    expect(planAccountQueue({ items, window, dailyCap: () => 0, delay, start: MONDAY_0800_BERLIN, random: seededRandom(2) })).toEqual([null]);
  });
});

describe('warmUpCapForDay', () => {
  const zone = 'Europe/Berlin';
  const day = (iso: string): number => Date.parse(iso);

  it('counts calendar days in the zone since the warm-up started; a missing start means today', () => {
    const state = { warmupStartedAt: new Date('2026-03-01T22:30:00Z'), lastRestrictedAt: null }; // 23:30 Sunday in Berlin
    expect(warmUpCapForDay(state, 100, day('2026-02-28T23:00:00Z'), zone)).toBe(WARM_UP_DEFAULTS.startCap);
    expect(warmUpCapForDay(state, 100, day('2026-03-01T23:00:00Z'), zone)).toBe(15);
    expect(warmUpCapForDay({ warmupStartedAt: null, lastRestrictedAt: null }, 100, day('2026-03-01T23:00:00Z'), zone)).toBe(WARM_UP_DEFAULTS.startCap);
  });

  it('drops back to the restart cap on the day of a restriction and grows again from there', () => {
    const state = { warmupStartedAt: new Date('2025-01-01T00:00:00Z'), lastRestrictedAt: new Date('2026-03-02T10:00:00Z') };
    expect(warmUpCapForDay({ ...state, lastRestrictedAt: null }, 40, day('2026-03-01T23:00:00Z'), zone)).toBe(40);
    expect(warmUpCapForDay(state, 40, day('2026-03-01T23:00:00Z'), zone)).toBe(WARM_UP_DEFAULTS.restartCap);
    expect(warmUpCapForDay(state, 40, day('2026-03-03T23:00:00Z'), zone)).toBe(WARM_UP_DEFAULTS.restartCap + 2 * WARM_UP_DEFAULTS.dailyIncrement);
  });
});
