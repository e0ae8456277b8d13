import { describe, expect, it } from 'vitest';
import type { AccountHealthView } from '../../../core/accounts/account-health.service.js';
import { healthLines, healthText } from '../../../bot/features/account-health-text.js';
import type { BotContext } from '../../../bot/context.js';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { campaignRenderers } from '../../../bot/notifications/campaigns.js';

const i18n = createI18n();
const t = (key: string, vars?: Record<string, string | number>) => i18n.t('en', key, vars);
// The helpers read only `t` and the user's zone from the context.
const ctx = { t, user: { timeZone: 'Asia/Tokyo' } } as unknown as BotContext;

const figures = { floodWaits: 0, floodWaitSeconds: 0, longestFloodWaitSeconds: 0, disconnects: 0, finished: 0, failureRate: null, replyRate: null };

function view(patch: Partial<AccountHealthView>): AccountHealthView {
  return { accountId: 1, state: 'healthy', reasons: [], figures, todayCap: 30, userCap: 30, pausedUntil: null, ...patch };
}

describe('account health texts', () => {
  it('shows a warming account’s cap of today against the user’s and how it grows', () => {
    const lines = healthLines(ctx, view({ state: 'warming', reasons: ['warming_up'], todayCap: 15, userCap: 30 }));
    expect(lines).toEqual([
      'Health: 🌱 warming up',
      'Daily limit today: 15 (your limit: 30)',
      'The limit grows by 5 a day while the account stays healthy; a restriction or warning sign starts it over.',
    ]);
  });

  it('explains a cautious account with its numbers and shows when a flood wait ends in the user’s zone', () => {
    const lines = healthLines(
      ctx,
      view({
        state: 'cautious',
        reasons: ['long_flood_wait', 'failure_rate'],
        figures: { ...figures, longestFloodWaitSeconds: 3_600, finished: 40, failureRate: 0.35 },
        todayCap: 5,
        pausedUntil: new Date('2026-12-01T20:00:00Z'),
      }),
    );
    expect(lines).toContain('Why: asked to wait 60 min at once in the last day; 35% of its last 40 messages failed');
    expect(lines).toContain('Paused until 2026-12-02 05:00.');
  });

  it('leaves the end of a restriction to the status line and names each state', () => {
    const lines = healthLines(ctx, view({ state: 'restricted', reasons: ['restricted'], todayCap: 5, pausedUntil: new Date('2026-12-01T20:00:00Z') }));
    expect(lines.some((line) => line.startsWith('Paused'))).toBe(false);
    expect(lines.some((line) => line.startsWith('Why'))).toBe(false);
    expect((['healthy', 'warming', 'cautious', 'restricted'] as const).map((state) => healthText(t, view({ state })))).toEqual([
      '🟢 healthy',
      '🌱 warming up',
      '🟠 cautious',
      '🔴 restricted',
    ]);
  });

  it('names the accounts that took over a limited account’s messages', () => {
    const data = {
      accountId: 3,
      accountLabel: 'Main',
      platform: 'telegram' as const,
      reason: 'PEER_FLOOD' as const,
      action: 'moved_to_other_accounts' as const,
      until: '2026-12-01T10:00:00Z',
      movedDeliveries: 4,
      takenOverBy: ['Second <2>', 'Third'],
    };
    const text = campaignRenderers['account.limited'](data, t, { language: 'en', timeZone: 'UTC' }).text;
    expect(text).toContain('Taken over by Second &lt;2&gt;, Third, each within its own daily limit and pace.');
    expect(campaignRenderers['account.limited']({ ...data, takenOverBy: [] }, t, { language: 'en', timeZone: 'UTC' }).text).not.toContain('Taken over');
  });
});
