import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { fastPlanSlots, planRotation } from '../../../core/campaigns/campaign-planner.js';
import { createSendWindow, planSlots, type PlanSlotsInput } from '../../../core/delivery/schedule/index.js';

const base = {
  window: createSendWindow({ zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], hours: '10:00-18:00' }),
  dailyCap: 20,
  delay: { minSeconds: 45, maxSeconds: 120 },
  start: new Date('2026-03-27T15:00:00Z'),
  count: 90,
};

const cases: [string, Omit<PlanSlotsInput, 'random'>][] = [
  ['a working-day window across a DST change', base],
  ['a window across midnight', { ...base, window: createSendWindow({ zone: 'America/New_York', days: [5, 6], hours: '22:00-02:00' }), dailyCap: 7 }],
  ['an end date and a previous send', { ...base, endAt: new Date('2026-04-02T12:00:00Z'), lastSentAt: new Date('2026-03-27T14:59:00Z'), sentToday: 19 }],
  ['no delay and a high cap', { ...base, delay: { minSeconds: 0, maxSeconds: 0 }, dailyCap: 1000, count: 500 }],
];

describe('campaign planning', () => {
  it.each(cases)('plans exactly the slots of the schedule maths for %s', (_name, input) => {
    expect(fastPlanSlots({ ...input, random: seededRandom(7) })).toEqual(planSlots({ ...input, random: seededRandom(7) }));
  });

  it('rotates deliveries over accounts, each taking its own next slot', () => {
    const schedule = {
      startAt: null, timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], hours: { from: '09:00', to: '10:00' }, dailyCapPerAccount: 2,
      delaySeconds: { min: 60, max: 60 }, endAt: null, recipientLocalTime: false,
    };
    const window = createSendWindow({ zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], hours: '09:00-10:00' });
    const accounts = [
      { id: 1, dailyLimit: 1000, lastSentAt: null, sentToday: 0 },
      { id: 2, dailyLimit: 1, lastSentAt: null, sentToday: 0 },
    ];
    expect(planRotation(accounts, 5, schedule, window, new Date('2026-03-02T09:30:00Z'), seededRandom(1))).toEqual([
      '2026-03-02T09:30:00.000Z', // account 1
      '2026-03-02T09:30:00.000Z', // account 2 (its own limit: 1 a day)
      '2026-03-02T09:31:00.000Z', // account 1, second of its cap of 2
      '2026-03-03T09:00:00.000Z', // account 2, next day
      '2026-03-03T09:00:00.000Z', // account 1, next day
    ]);
  });
});
