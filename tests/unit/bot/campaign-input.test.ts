import { describe, expect, it } from 'vitest';
import {
  parseCampaignName,
  parseDelayRange,
  parseFollowUpDelay,
  parseHours,
  parseLocalDateTime,
  parseWholeNumber,
} from '../../../bot/features/campaign-input.js';

describe('campaign composer input', () => {
  it('reads sending hours with any dash and pads single-digit hours', () => {
    expect(parseHours('09:00-18:00')).toEqual({ from: '09:00', to: '18:00' });
    expect(parseHours('9:30 – 17.45')).toEqual({ from: '09:30', to: '17:45' });
    expect(parseHours('00:00-24:00')).toEqual({ from: '00:00', to: '24:00' });
  });

  it('refuses hours that are malformed, out of range or not increasing', () => {
    for (const bad of ['9-18', '25:00-26:00', '18:00-09:00', '10:00-10:00', '10:00', 'nine to five', '10:60-11:00']) {
      expect(parseHours(bad), bad).toBeNull();
    }
  });

  it('reads a delay range or a fixed delay and refuses inverted or huge ones', () => {
    expect(parseDelayRange('45-120')).toEqual({ min: 45, max: 120 });
    expect(parseDelayRange(' 60 ')).toEqual({ min: 60, max: 60 });
    expect(parseDelayRange('120-45')).toBeNull();
    expect(parseDelayRange('0-10')).toBeNull();
    expect(parseDelayRange('10-90000')).toBeNull();
    expect(parseDelayRange('a-b')).toBeNull();
  });

  it('reads whole numbers only within bounds', () => {
    expect(parseWholeNumber('20', 1, 1000)).toBe(20);
    expect(parseWholeNumber('0', 1, 1000)).toBeNull();
    expect(parseWholeNumber('1001', 1, 1000)).toBeNull();
    expect(parseWholeNumber('2.5', 1, 1000)).toBeNull();
  });

  it('reads follow-up delays in days or hours as seconds', () => {
    expect(parseFollowUpDelay('3')).toBe(3 * 86_400);
    expect(parseFollowUpDelay('2 days')).toBe(2 * 86_400);
    expect(parseFollowUpDelay('12h')).toBe(12 * 3600);
    expect(parseFollowUpDelay('0')).toBeNull();
    expect(parseFollowUpDelay('61')).toBeNull();
    expect(parseFollowUpDelay('soon')).toBeNull();
  });

  it('collapses whitespace in names and limits them to 64 characters', () => {
    expect(parseCampaignName('  Spring   launch ')).toBe('Spring launch');
    expect(parseCampaignName('   ')).toBeNull();
    expect(parseCampaignName('x'.repeat(65))).toBeNull();
  });

  it('reads a local date and time in the given zone as a UTC instant after the reference', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    expect(parseLocalDateTime('2026-12-01 09:30', 'Europe/Berlin', now)).toBe('2026-12-01T08:30:00.000Z');
    expect(parseLocalDateTime('01.12.2026 9:30', 'America/New_York', now)).toBe('2026-12-01T14:30:00.000Z');
    expect(parseLocalDateTime('2026-11-28 10:00', 'Europe/Berlin', now)).toBeNull();
    expect(parseLocalDateTime('tomorrow', 'Europe/Berlin', now)).toBeNull();
  });

  it('refuses a wall time that a daylight-saving jump skips', () => {
    expect(parseLocalDateTime('2027-03-28 02:30', 'Europe/Berlin', new Date('2026-11-29T00:00:00Z'))).toBeNull();
  });
});
