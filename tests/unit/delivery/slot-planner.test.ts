import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { seededRandom } from '../../../core/random.js';
import {
  ALL_WEEKDAYS,
  createSendWindow,
  dayKeyInWindow,
  isInWindow,
  nextSlot,
  planSlots,
} from '../../../core/delivery/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const isoOf = (dates: readonly Date[]): string[] => dates.map((d) => d.toISOString());
const gapsInSeconds = (dates: readonly Date[]): number[] =>
  dates.slice(1).map((d, i) => (d.getTime() - dates[i]!.getTime()) / 1000);

const office = createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], hours: '09:00-18:00' });
const always = (zone: string) => createSendWindow({ zone, days: ALL_WEEKDAYS, hours: '00:00-24:00' });

describe('planSlots', () => {
  it('spaces messages by a random delay that stays within the bounds and varies', () => {
    const slots = planSlots({
      start: at('2026-01-05T08:00:00Z'),
      count: 200,
      window: always('UTC'),
      dailyCap: 1000,
      delay: { minSeconds: 30, maxSeconds: 90 },
      random: seededRandom(1),
    });
    const gaps = gapsInSeconds(slots);
    expect(slots).toHaveLength(200);
    expect(slots[0]!.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(90);
    expect(new Set(gaps).size).toBeGreaterThan(20);
  });

  it('is deterministic for the same random seed', () => {
    const input = {
      start: at('2026-01-05T08:00:00Z'),
      count: 20,
      window: office,
      dailyCap: 100,
      delay: { minSeconds: 10, maxSeconds: 600 },
    };
    expect(isoOf(planSlots({ ...input, random: seededRandom(9) }))).toEqual(
      isoOf(planSlots({ ...input, random: seededRandom(9) })),
    );
  });

  it('counts the daily cap per calendar day in the window zone, not in UTC', () => {
    // Tokyo is UTC+9: local midnight is 15:00Z. One send was already made today.
    const slots = planSlots({
      start: at('2026-01-05T14:50:00Z'),
      count: 4,
      window: always('Asia/Tokyo'),
      dailyCap: 2,
      delay: { minSeconds: 60, maxSeconds: 60 },
      sentToday: 1,
      random: seededRandom(2),
    });
    expect(isoOf(slots)).toEqual([
      '2026-01-05T14:50:00.000Z',
      '2026-01-05T15:00:00.000Z',
      '2026-01-05T15:01:00.000Z',
      '2026-01-06T15:00:00.000Z',
    ]);
    expect(slots.map((slot) => dayKeyInWindow(slot, always('Asia/Tokyo')))).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-06',
      '2026-01-07',
    ]);
  });

  it('moves sends that do not fit into the window and the cap to the next working day', () => {
    const slots = planSlots({
      start: at('2026-01-09T16:58:00Z'), // Friday 17:58 in Berlin
      count: 6,
      window: office,
      dailyCap: 3,
      delay: { minSeconds: 60, maxSeconds: 60 },
      random: seededRandom(3),
    });
    expect(isoOf(slots)).toEqual([
      '2026-01-09T16:58:00.000Z',
      '2026-01-09T16:59:00.000Z',
      '2026-01-12T08:00:00.000Z', // Friday 18:00 is closed: Monday 09:00
      '2026-01-12T08:01:00.000Z',
      '2026-01-12T08:02:00.000Z',
      '2026-01-13T08:00:00.000Z', // Monday's cap (3) is used up
    ]);
    expect(slots.every((slot) => isInWindow(slot, office))).toBe(true);
  });

  it('plans nothing at or beyond the end date', () => {
    const slots = planSlots({
      start: at('2026-01-05T08:00:00Z'),
      count: 10,
      window: office,
      dailyCap: 2,
      delay: { minSeconds: 60, maxSeconds: 60 },
      endAt: at('2026-01-06T08:01:00Z'),
      random: seededRandom(4),
    });
    expect(isoOf(slots)).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-05T08:01:00.000Z',
      '2026-01-06T08:00:00.000Z',
    ]);
  });

  it('rejects a negative cap and a delay whose minimum exceeds its maximum', () => {
    const base = { start: at('2026-01-05T08:00:00Z'), count: 1, window: office, random: seededRandom(5) };
    expect(() => planSlots({ ...base, dailyCap: -1, delay: { minSeconds: 1, maxSeconds: 2 } })).toThrow(ValidationError);
    expect(() => planSlots({ ...base, dailyCap: 5, delay: { minSeconds: 9, maxSeconds: 2 } })).toThrow(ValidationError);
  });
});

describe('nextSlot', () => {
  const rules = { window: office, dailyCap: 2, delay: { minSeconds: 120, maxSeconds: 120 } };

  it('waits the delay after the last send for incremental planning', () => {
    const slot = nextSlot({
      ...rules,
      notBefore: at('2026-01-05T09:00:00Z'),
      lastSentAt: at('2026-01-05T09:00:00Z'),
      sentOnDay: { date: '2026-01-05', count: 1 },
      random: seededRandom(6),
    });
    expect(slot?.toISOString()).toBe('2026-01-05T09:02:00.000Z');
  });

  it('ignores a day count that belongs to another day', () => {
    const slot = nextSlot({
      ...rules,
      notBefore: at('2026-01-06T09:00:00Z'),
      sentOnDay: { date: '2026-01-05', count: 2 },
      random: seededRandom(6),
    });
    expect(slot?.toISOString()).toBe('2026-01-06T09:00:00.000Z');
  });

  it('returns null when the next slot would fall after the end date, or the cap is zero', () => {
    const input = {
      ...rules,
      notBefore: at('2026-01-05T10:00:00Z'),
      sentOnDay: { date: '2026-01-05', count: 2 },
      random: seededRandom(6),
    };
    expect(nextSlot({ ...input, endAt: at('2026-01-06T07:59:00Z') })).toBeNull();
    expect(nextSlot({ ...input, endAt: at('2026-01-06T08:01:00Z') })?.toISOString()).toBe('2026-01-06T08:00:00.000Z');
    expect(nextSlot({ ...input, dailyCap: 0 })).toBeNull();
  });
});
