import { describe, expect, it } from 'vitest';
import { localTimeIn, parseTimeZoneInput } from '../../../core/users/time-zone-input.js';

describe('time zone input', () => {
  it.each([
    ['Berlin', 'Europe/Berlin'],
    ['new york', 'America/New_York'],
    ['Москва', 'Europe/Moscow'],
    ['Europe/Lisbon', 'Europe/Lisbon'],
    ['+3', 'UTC+3'],
    ['UTC-05:30', 'UTC-5:30'],
    ['GMT+2', 'UTC+2'],
    ['utc', 'UTC'],
    ['+0', 'UTC'],
  ])('reads %s as %s', (input, zone) => {
    expect(parseTimeZoneInput(input)).toBe(zone);
  });

  it.each(['Atlantis', '', '+15', 'UTC+3:17', 'Mars/Olympus'])('rejects %j', (input) => {
    expect(parseTimeZoneInput(input)).toBeNull();
  });

  it('shows the local time in a zone, including fixed offsets', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    expect(localTimeIn('Europe/Berlin', now)).toBe('14:00');
    expect(localTimeIn('UTC-5:30', now)).toBe('06:30');
  });
});
