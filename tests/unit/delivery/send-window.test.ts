import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import {
  ALL_WEEKDAYS,
  createSendWindow,
  isInWindow,
  nextSendingInterval,
  nextWindowOpening,
} from '../../../core/delivery/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();

describe('createSendWindow', () => {
  it('parses hours with any dash, including across midnight and a 24:00 end', () => {
    expect(createSendWindow({ zone: 'Europe/Berlin', days: [5, 1, 1], hours: '22:00–02:00' })).toEqual({
      zone: 'Europe/Berlin',
      days: [1, 5],
      startMinute: 22 * 60,
      endMinute: 2 * 60,
    });
    expect(createSendWindow({ zone: 'UTC', days: [1], hours: '00:00-24:00' }).endMinute).toBe(1440);
  });

  it.each([
    [{ zone: 'Mars/Base', days: [1], hours: '09:00-18:00' }],
    [{ zone: 'Europe/Berlin', days: [], hours: '09:00-18:00' }],
    [{ zone: 'Europe/Berlin', days: [8], hours: '09:00-18:00' }],
    [{ zone: 'Europe/Berlin', days: [1], hours: '9-18' }],
    [{ zone: 'Europe/Berlin', days: [1], hours: '09:00-09:00' }],
    [{ zone: 'Europe/Berlin', days: [1], hours: '24:00-09:00' }],
  ])('rejects %j with a ValidationError', (spec) => {
    expect(() => createSendWindow(spec)).toThrow(ValidationError);
  });
});

describe('a daytime window on weekdays', () => {
  // Berlin in January is UTC+1.
  const window = createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], hours: '09:00–18:00' });

  it('is open from the start minute up to, not including, the end minute', () => {
    expect(isInWindow(at('2026-01-05T07:59:59Z'), window)).toBe(false);
    expect(isInWindow(at('2026-01-05T08:00:00Z'), window)).toBe(true);
    expect(isInWindow(at('2026-01-05T16:59:59Z'), window)).toBe(true);
    expect(isInWindow(at('2026-01-05T17:00:00Z'), window)).toBe(false);
    expect(isInWindow(at('2026-01-10T10:00:00Z'), window)).toBe(false); // Saturday
  });

  it('returns now when open and otherwise the next opening, skipping the weekend', () => {
    expect(iso(nextWindowOpening(at('2026-01-05T10:00:00Z'), window))).toBe('2026-01-05T10:00:00.000Z');
    expect(iso(nextWindowOpening(at('2026-01-09T17:30:00Z'), window))).toBe('2026-01-12T08:00:00.000Z');
  });

  it('reports the interval that contains now', () => {
    const interval = nextSendingInterval(at('2026-01-05T10:00:00Z'), window);
    expect([iso(interval.opensAt), iso(interval.closesAt)]).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-05T17:00:00.000Z',
    ]);
  });
});

describe('a window across midnight', () => {
  const fridayNight = createSendWindow({ zone: 'Europe/Berlin', days: [5], hours: '22:00-02:00' });

  it('belongs to the day it opens and stays open past midnight into the next day', () => {
    expect(isInWindow(at('2026-01-09T20:59:00Z'), fridayNight)).toBe(false); // Fri 21:59
    expect(isInWindow(at('2026-01-09T22:30:00Z'), fridayNight)).toBe(true); // Fri 23:30
    expect(isInWindow(at('2026-01-10T00:59:00Z'), fridayNight)).toBe(true); // Sat 01:59
    expect(isInWindow(at('2026-01-10T01:00:00Z'), fridayNight)).toBe(false); // Sat 02:00
    expect(isInWindow(at('2026-01-10T22:30:00Z'), fridayNight)).toBe(false); // Sat 23:30
    expect(isInWindow(at('2026-01-08T22:30:00Z'), fridayNight)).toBe(false); // Thu 23:30
  });

  it('opens next on the following Friday evening once it has closed', () => {
    expect(iso(nextWindowOpening(at('2026-01-10T02:00:00Z'), fridayNight))).toBe('2026-01-16T21:00:00.000Z');
    expect(iso(nextWindowOpening(at('2026-01-10T00:00:00Z'), fridayNight))).toBe('2026-01-10T00:00:00.000Z');
  });
});

describe('windows across DST changes in Europe/Berlin', () => {
  it('opens at the end of the spring-forward gap when the start time does not exist', () => {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:30 never happens.
    const window = createSendWindow({ zone: 'Europe/Berlin', days: ALL_WEEKDAYS, hours: '02:30-05:00' });
    expect(iso(nextWindowOpening(at('2026-03-29T00:10:00Z'), window))).toBe('2026-03-29T01:00:00.000Z');
    expect(isInWindow(at('2026-03-29T00:59:00Z'), window)).toBe(false);
    expect(isInWindow(at('2026-03-29T01:00:00Z'), window)).toBe(true);
    expect(iso(nextWindowOpening(at('2026-03-28T00:00:00Z'), window))).toBe('2026-03-28T01:30:00.000Z');
  });

  it('opens at the first occurrence of a repeated hour and does not reopen in the second', () => {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00Z; 02:00–03:00 happens twice.
    const early = createSendWindow({ zone: 'Europe/Berlin', days: ALL_WEEKDAYS, hours: '02:30-05:00' });
    expect(iso(nextWindowOpening(at('2026-10-25T00:00:00Z'), early))).toBe('2026-10-25T00:30:00.000Z');

    const saturdayNight = createSendWindow({ zone: 'Europe/Berlin', days: [6], hours: '22:00-02:30' });
    const interval = nextSendingInterval(at('2026-10-24T12:00:00Z'), saturdayNight);
    expect([iso(interval.opensAt), iso(interval.closesAt)]).toEqual([
      '2026-10-24T20:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
    ]);
    expect(isInWindow(at('2026-10-25T01:15:00Z'), saturdayNight)).toBe(false); // 02:15 CET, second pass
  });
});

describe('windows across DST changes in America/New_York', () => {
  it('follows the local clock when the offset changes in spring', () => {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
    const window = createSendWindow({ zone: 'America/New_York', days: ALL_WEEKDAYS, hours: '02:15-06:00' });
    expect(iso(nextWindowOpening(at('2026-03-08T06:30:00Z'), window))).toBe('2026-03-08T07:00:00.000Z');

    const office = createSendWindow({ zone: 'America/New_York', days: [1, 2, 3, 4, 5], hours: '09:00-18:00' });
    expect(iso(nextWindowOpening(at('2026-03-06T00:00:00Z'), office))).toBe('2026-03-06T14:00:00.000Z');
    expect(iso(nextWindowOpening(at('2026-03-06T23:00:00Z'), office))).toBe('2026-03-09T13:00:00.000Z');
  });

  it('keeps a window open through both passes of the repeated hour in autumn', () => {
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z; 01:30 EDT = 05:30Z, 03:00 EST = 08:00Z.
    const window = createSendWindow({ zone: 'America/New_York', days: ALL_WEEKDAYS, hours: '01:30-03:00' });
    const interval = nextSendingInterval(at('2026-11-01T05:00:00Z'), window);
    expect([iso(interval.opensAt), iso(interval.closesAt)]).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
    expect(isInWindow(at('2026-11-01T06:45:00Z'), window)).toBe(true); // 01:45 EST, second pass
  });
});

describe('fixed-offset zones', () => {
  it('accepts the UTC offsets users may pick at onboarding and applies them without DST', () => {
    const window = createSendWindow({ zone: 'UTC+3', days: [1, 2, 3, 4, 5, 6, 7], hours: '09:00-18:00' });
    expect(nextWindowOpening(new Date('2026-07-01T04:00:00Z'), window).toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(nextWindowOpening(new Date('2026-01-01T04:00:00Z'), window).toISOString()).toBe('2026-01-01T06:00:00.000Z');
    const india = createSendWindow({ zone: 'UTC+5:30', days: [1, 2, 3, 4, 5, 6, 7], hours: '09:00-18:00' });
    expect(nextWindowOpening(new Date('2026-07-01T00:00:00Z'), india).toISOString()).toBe('2026-07-01T03:30:00.000Z');
    expect(() => createSendWindow({ zone: 'UTC+99', days: [1], hours: '09:00-18:00' })).toThrow();
  });
});
