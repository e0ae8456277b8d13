import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { seededRandom } from '../../../core/random.js';
import {
  createSendWindow,
  followUpDueAt,
  isInWindow,
  planCatchUp,
  type CatchUpCampaign,
  type CatchUpItem,
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

describe('planCatchUp', () => {
  const now = at('2026-01-07T10:00:00Z'); // Wednesday 11:00 in Berlin, after an outage
  const policy = { maxAgeMs: 4 * 3_600_000, followUpMaxAgeMs: 2 * 3_600_000 };
  const delay = { minSeconds: 45, maxSeconds: 120 };
  const item = (id: number, plannedAt: string, followUp = false): CatchUpItem => ({ id, plannedAt: at(plannedAt), followUp, zone: null, warm: true });
  const campaign = (campaignId: number, items: CatchUpItem[], cap = 100, extra: Partial<CatchUpCampaign> = {}): CatchUpCampaign => ({
    campaignId, items, window: office, delay, dailyCap: () => cap, startAt: null, endAt: null, ...extra,
  });
  const times = (plan: ReturnType<typeof planCatchUp>): number[] => plan.replanned.map((r) => r.at.getTime());

  it('skips first messages older than the maximum age and follow-ups older than theirs, and paces the rest from now in order', () => {
    // Planned every 30 minutes from 04:30Z: the first three first messages are over 4 h late; follow-ups over 2 h.
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, new Date(Date.parse('2026-01-07T04:30:00Z') + i * 1_800_000).toISOString(), i % 2 === 1));
    const plan = planCatchUp({ campaigns: [campaign(1, items)], now, lastSentAt: null, usedToday: 0, policy, random: seededRandom(11) });
    // 04:30, 05:00(f), 05:30 are over 4 h; follow-ups at 06:00, 07:00 are over 2 h; 08:00(f) is not.
    expect(plan.stale.map((s) => [s.id, s.followUp])).toEqual([[1, false], [2, true], [3, false], [4, true], [6, true]]);
    expect(plan.replanned.map((r) => r.id)).toEqual([5, 7, 8, 9, 10]);
    const t = times(plan);
    expect(t[0]).toBe(now.getTime());
    expect(t.slice(1).every((x, i) => x - t[i]! >= 45_000)).toBe(true);
    expect(plan.replanned.every((r) => isInWindow(r.at, office))).toBe(true);
    expect(plan.ended).toEqual([]);
  });

  it('keeps the pace after the account’s last real send and waits out a limit and a later start', () => {
    const items = [item(1, '2026-01-07T09:00:00Z'), item(2, '2026-01-07T09:01:00Z')];
    const lastSentAt = at('2026-01-07T09:59:50Z');
    const paced = planCatchUp({ campaigns: [campaign(1, items)], now, lastSentAt, usedToday: 0, policy, random: seededRandom(12) });
    expect(times(paced)[0]! - lastSentAt.getTime()).toBeGreaterThanOrEqual(45_000);
    const limited = planCatchUp({ campaigns: [campaign(1, items)], now, notBefore: at('2026-01-07T12:00:00Z'), lastSentAt: null, usedToday: 0, policy, random: seededRandom(12) });
    expect(limited.replanned[0]!.at.toISOString()).toBe('2026-01-07T12:00:00.000Z');
    const later = planCatchUp({ campaigns: [campaign(1, items, 100, { startAt: at('2026-01-08T09:00:00Z') })], now, lastSentAt: null, usedToday: 0, policy, random: seededRandom(12) });
    expect(later.replanned[0]!.at.toISOString()).toBe('2026-01-08T09:00:00.000Z');
  });

  it('plans campaigns one after the other, earliest first, chaining the pace and the day’s usage', () => {
    // Campaign 2 has the earliest delivery: it goes first. Both allow 4 a day; 1 was already sent today.
    const first = campaign(1, [item(1, '2026-01-07T09:30:00Z'), item(2, '2026-01-07T09:31:00Z'), item(3, '2026-01-07T09:32:00Z')], 4);
    const second = campaign(2, [item(10, '2026-01-07T09:00:00Z'), item(11, '2026-01-07T09:10:00Z')], 4);
    const plan = planCatchUp({ campaigns: [first, second], now, lastSentAt: null, usedToday: 1, policy, random: seededRandom(13) });
    expect(plan.replanned.map((r) => [r.campaignId, r.id])).toEqual([[2, 10], [2, 11], [1, 1], [1, 2], [1, 3]]);
    const t = times(plan);
    expect(t.slice(1).every((x, i) => x - t[i]! >= 45_000)).toBe(true);
    // 1 used + 2 of campaign 2 + 1 of campaign 1 fill Wednesday; the other two go on Thursday at the opening.
    expect(plan.replanned.filter((r) => r.at.toISOString().startsWith('2026-01-07'))).toHaveLength(3);
    expect(plan.replanned[3]!.at.toISOString()).toBe('2026-01-08T08:00:00.000Z');
  });

  it('returns what finds no slot before the campaign’s end as ended', () => {
    const items = Array.from({ length: 5 }, (_, i) => item(i + 1, '2026-01-07T09:30:00Z'));
    const plan = planCatchUp({
      campaigns: [campaign(1, items, 2, { endAt: at('2026-01-08T08:00:30Z') })], // room for two today and one tomorrow
      now, lastSentAt: null, usedToday: 0, policy, random: seededRandom(14),
    });
    expect(plan.replanned.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(plan.ended.map((e) => e.id)).toEqual([4, 5]);
  });
});
