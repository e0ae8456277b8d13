import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';
import { seededRandom } from '../../../core/random.js';
import {
  createSendWindow,
  followUpDueAt,
  isInWindow,
  replanOverdue,
} from '../../../core/delivery/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const office = createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], hours: '09:00-18:00' });

describe('followUpDueAt', () => {
  it('counts days on the local calendar, so the local hour survives a DST change', () => {
    // Friday 10:00 CET + 3 days = Monday 10:00 CEST (clocks moved on Sunday 2026-03-29).
    expect(followUpDueAt(at('2026-03-27T09:00:00Z'), { days: 3 }, office).toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('pushes a due time that falls outside the window to the next opening', () => {
    // Friday 16:00 + 10 hours = Saturday 02:00: the next opening is Monday 09:00.
    expect(followUpDueAt(at('2026-01-09T15:00:00Z'), { hours: 10 }, office).toISOString()).toBe(
      '2026-01-12T08:00:00.000Z',
    );
    // Inside the window the due time stands as it is.
    expect(followUpDueAt(at('2026-01-05T08:00:00Z'), { days: 1, hours: 2 }, office).toISOString()).toBe(
      '2026-01-06T10:00:00.000Z',
    );
  });

  it('rejects an empty or negative delay', () => {
    expect(() => followUpDueAt(at('2026-01-05T08:00:00Z'), {}, office)).toThrow(ValidationError);
    expect(() => followUpDueAt(at('2026-01-05T08:00:00Z'), { days: -1, hours: 5 }, office)).toThrow(ValidationError);
  });
});

describe('replanOverdue', () => {
  const clock = new FakeClock('2026-01-07T10:00:00Z'); // Wednesday 11:00 in Berlin, after an outage
  // Thirty sends were planned every 10 minutes from 04:00Z; those before 06:00Z are more than 4 hours late.
  const items = Array.from({ length: 30 }, (_, i) => ({
    id: `d${i}`,
    plannedAt: new Date(Date.parse('2026-01-07T04:00:00Z') + i * 600_000),
  })).reverse();
  const rules = {
    window: office,
    dailyCap: 20,
    delay: { minSeconds: 45, maxSeconds: 120 },
    maxAgeMs: 4 * 3_600_000,
  };

  it('marks sends older than the maximum age as stale and re-plans the rest in their original order', () => {
    const result = replanOverdue({ ...rules, items, now: clock.now(), random: seededRandom(11) });
    expect(result.stale.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => `d${i}`));
    expect(result.replanned.map((s) => s.id)).toEqual(Array.from({ length: 18 }, (_, i) => `d${i + 12}`));
    expect(result.replanned.every((s, i) => s.originalAt.getTime() === items[17 - i]!.plannedAt.getTime())).toBe(true);
    expect(result.unscheduled).toEqual([]);
  });

  it('never bursts: no two re-planned sends are closer than the minimum delay', () => {
    const lastSentAt = at('2026-01-07T09:59:30Z');
    const result = replanOverdue({ ...rules, items, now: clock.now(), lastSentAt, random: seededRandom(12) });
    const times = [lastSentAt, ...result.replanned.map((s) => s.plannedAt)].map((d) => d.getTime());
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
    expect(times[1]!).toBeGreaterThanOrEqual(clock.now().getTime());
    expect(result.replanned.every((s) => isInWindow(s.plannedAt, office))).toBe(true);
  });

  it('respects the daily cap and leaves what does not fit before the end date unscheduled', () => {
    const result = replanOverdue({
      ...rules,
      items,
      now: clock.now(),
      sentToday: 15,
      endAt: at('2026-01-08T08:00:30Z'), // Thursday: room for one send before the end
      random: seededRandom(13),
    });
    const today = result.replanned.filter((s) => s.plannedAt.toISOString().startsWith('2026-01-07'));
    expect(today).toHaveLength(5);
    expect(result.replanned.map((s) => s.plannedAt.toISOString()).at(-1)).toBe('2026-01-08T08:00:00.000Z');
    expect(result.replanned).toHaveLength(6);
    expect(result.unscheduled).toHaveLength(12);
    expect(result.unscheduled.at(-1)?.id).toBe('d29');
  });
});
