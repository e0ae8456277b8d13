import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { reachabilityRenderers } from '../../../bot/notifications/reachability.js';

const i18n = createI18n();
const t = (key: string, vars?: Record<string, string | number>) => i18n.t('en', key, vars);
const utc = { language: 'en', timeZone: 'UTC' };

describe('the reachability report', () => {
  it('says how many lookups ran, the counts per channel with reasons, why accounts stopped, and links back to the review', () => {
    const rendered = reachabilityRenderers['campaign.preflight_done'](
      {
        campaignId: 12,
        name: 'Spring <sale>',
        checked: 7,
        stops: ['budget', 'flood_wait'],
        summary: {
          campaignId: 12,
          channels: [
            { channel: 'telegram', reachable: 5, unreachable: 2, unchecked: 40, topReasons: [{ code: 'RECIPIENT_NOT_FOUND', count: 1 }, { code: 'BANNED', count: 1 }] },
            { channel: 'whatsapp', reachable: 0, unreachable: 0, unchecked: 3, topReasons: [] },
          ],
        },
      },
      t,
      utc,
    );
    expect(rendered.parseMode).toBe('HTML');
    expect(rendered.text).toContain('Reachability check of “Spring &lt;sale&gt;” done</b>: 7 lookups');
    expect(rendered.text).toContain('Telegram: ✅ 5 reachable · ⛔ 2 unreachable (left out) · ❔ 40 not checked yet');
    expect(rendered.text).toContain('Unreachable: no such user (1), BANNED (1)');
    expect(rendered.text).toContain('WhatsApp: ✅ 0 reachable');
    expect(rendered.text).toContain("used today's limit");
    expect(rendered.text).toContain('asked an account to slow down');
    expect(rendered.keyboard?.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(['cpa:review:12']);
  });
});
