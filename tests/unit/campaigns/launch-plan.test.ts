import { describe, expect, it } from 'vitest';
import type { AccountPacing } from '../../../core/delivery/account-pacing.js';
import { seededRandom } from '../../../core/random.js';
import type { Schedule } from '../../../core/campaigns/campaign.types.js';
import { accountQueues, assignAccounts, planLaunch, recipientZones, type LaunchRecipient } from '../../../core/campaigns/launch-plan.js';

const LONG_AGO = new Date('2025-01-01T00:00:00Z');

function recipient(contactId: number, knownBy: number[] | null = null, channel: LaunchRecipient['channel'] = 'telegram'): LaunchRecipient {
  return { contactId: String(contactId), channel, recipient: `phone:+1555000${contactId}`, knownBy };
}

function pacing(id: number, overrides: Partial<AccountPacing> = {}): AccountPacing {
  return {
    id,
    platform: 'telegram',
    dailyLimit: 1000,
    warmUp: { warmupStartedAt: LONG_AGO, lastRestrictedAt: null },
    lastSentAt: null,
    lastPlannedAt: null,
    usedToday: 0,
    ...overrides,
  };
}

const schedule: Schedule = {
  startAt: null,
  timeZone: 'UTC',
  days: [1, 2, 3, 4, 5, 6, 7],
  hours: { from: '09:00', to: '10:00' },
  dailyCapPerAccount: 2,
  delaySeconds: { min: 60, max: 60 },
  endAt: null,
  recipientLocalTime: false,
};

describe('assigning recipients to accounts', () => {
  it('gives a warm recipient to the least loaded account that knows it, and evens out the totals with cold ones', () => {
    const accounts = [
      { id: 1, platform: 'telegram' as const },
      { id: 2, platform: 'telegram' as const },
      { id: 3, platform: 'whatsapp' as const },
    ];
    const recipients = [
      recipient(10, [1]),
      recipient(11, [1, 2]), // account 1 already has one: account 2
      recipient(12),
      recipient(13, [1]),
      recipient(14), // a tie: the earlier account
      recipient(15),
      recipient(16, [1], 'whatsapp'), // a Telegram account knowing the phone does not warm a WhatsApp message
    ];
    const assignment = assignAccounts(recipients, accounts);
    expect([...assignment.account]).toEqual([0, 1, 1, 0, 0, 1, 2]);
    expect([...assignment.warm]).toEqual([1, 1, 0, 1, 0, 0, 0]);
    expect(accountQueues(assignment, accounts.length)).toEqual([[0, 3, 4], [1, 2, 5], [6]]);
  });

  it('leaves a recipient unassigned when no account sends on its channel', () => {
    const assignment = assignAccounts([recipient(1, null, 'whatsapp')], [{ id: 1, platform: 'telegram' }]);
    expect([...assignment.account]).toEqual([-1]);
  });
});

describe('recipient zones', () => {
  it("resolves explicit, city and country zones, and answers null for the campaign's own or an unknown place", () => {
    const zoneOf = recipientZones({ recipientLocalTime: true, timeZone: 'Europe/Berlin' });
    const place = (timeZone: string | null, country: string | null, city: string | null): LaunchRecipient => ({ ...recipient(1), timeZone, country, city });
    expect(zoneOf(place('Asia/Tokyo', 'DE', 'Berlin'))).toBe('Asia/Tokyo');
    expect(zoneOf(place(null, 'US', 'Los Angeles'))).toBe('America/Los_Angeles');
    expect(zoneOf(place(null, 'Japan', null))).toBe('Asia/Tokyo');
    expect(zoneOf(place(null, 'DE', null))).toBeNull();
    expect(zoneOf(place(null, 'Atlantis', 'Nowhere'))).toBeNull();
    expect(recipientZones({ recipientLocalTime: false, timeZone: 'UTC' })(place('Asia/Tokyo', null, null))).toBeNull();
  });
});

describe('planning a launch', () => {
  it('plans each account its own queue within the window and caps, warm recipients first, and summarises it', () => {
    const recipients = [recipient(1), recipient(2, [2]), recipient(3), recipient(4), recipient(5, [2])];
    const plan = planLaunch({
      recipients,
      accounts: [pacing(1), pacing(2, { dailyLimit: 1 })],
      schedule,
      now: new Date('2026-03-02T09:30:00Z'),
      random: seededRandom(1),
    });
    const at = (contactId: string): string => new Date(plan.rows.plannedAt[plan.rows.contactIds.indexOf(contactId)]!).toISOString();
    // Account 2 knows 2 and 5 (both warm, one a day by its own limit); the cold ones even the totals out.
    // Rows come in contact order (the order of the insert), whatever the account.
    expect(plan.rows.contactIds).toEqual(['1', '2', '3', '4', '5']);
    expect(plan.rows.accountIds).toEqual([1, 2, 1, 1, 2]);
    expect(plan.rows.warm).toEqual([false, true, false, false, true]);
    expect([at('1'), at('3'), at('4')]).toEqual(['2026-03-02T09:30:00.000Z', '2026-03-02T09:32:00.000Z', '2026-03-03T09:00:00.000Z']);
    expect([at('2'), at('5')]).toEqual(['2026-03-02T09:30:00.000Z', '2026-03-03T09:00:00.000Z']);
    expect(plan.accounts).toEqual([
      { accountId: 1, warm: 0, cold: 3, firstAt: '2026-03-02T09:30:00.000Z', lastAt: '2026-03-03T09:00:00.000Z', unplanned: 0 },
      { accountId: 2, warm: 2, cold: 0, firstAt: '2026-03-02T09:30:00.000Z', lastAt: '2026-03-03T09:00:00.000Z', unplanned: 0 },
    ]);
    expect(plan.unplanned).toBe(0);
  });

  it('keeps pace behind the account’s latest planned send and counts what finds no slot before the end', () => {
    const plan = planLaunch({
      recipients: [recipient(1), recipient(2), recipient(3)],
      accounts: [pacing(1, { lastPlannedAt: new Date('2026-03-02T09:40:00Z'), lastSentAt: new Date('2026-03-02T09:00:00Z'), usedToday: 1 })],
      schedule: { ...schedule, endAt: '2026-03-03T09:01:30Z' },
      now: new Date('2026-03-02T09:30:00Z'),
      random: seededRandom(1),
    });
    // One send left today (cap 2, one used), a minute after the planned 09:40; tomorrow one at 09:00, and the
    // next one a cold pause (2 minutes) later would be after the end.
    expect(plan.rows.plannedAt.map((ms) => new Date(ms).toISOString())).toEqual(['2026-03-02T09:41:00.000Z', '2026-03-03T09:00:00.000Z']);
    expect(plan.accounts[0]).toMatchObject({ warm: 0, cold: 2, unplanned: 1 });
    expect(plan.unplanned).toBe(1);
  });

  it('stores the recipient’s zone with a planned delivery when the campaign sends in local time', () => {
    const tokyo: LaunchRecipient = { ...recipient(1), country: 'JP' };
    const plan = planLaunch({
      recipients: [tokyo, recipient(2)],
      accounts: [pacing(1)],
      schedule: { ...schedule, recipientLocalTime: true, hours: { from: '09:00', to: '18:00' } },
      now: new Date('2026-03-02T08:00:00Z'),
      random: seededRandom(1),
    });
    expect(plan.rows.timeZones).toEqual(['Asia/Tokyo', null]);
    // 08:00 UTC is 17:00 in Tokyo (open), 08:00 in UTC (closed until 09:00).
    expect(plan.rows.plannedAt.map((ms) => new Date(ms).toISOString())).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z']);
  });
});
