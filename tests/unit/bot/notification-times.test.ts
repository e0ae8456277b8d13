import { Api, type Transformer } from 'grammy';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../core/campaigns/campaign.types.js';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { BotNotifier } from '../../../bot/notifications/bot-notifier.js';
import { notificationRenderers } from '../../../bot/notifications/index.js';
import { localTime } from '../../../bot/notifications/local-time.js';
import type { Recipient } from '../../../bot/notifications/renderer.js';

const i18n = createI18n();
const t = (key: string, vars?: Record<string, string | number>) => i18n.t('en', key, vars);
const berlin: Recipient = { language: 'en', timeZone: 'Europe/Berlin' };
const INSTANT = '2026-12-01T10:00:00Z';

describe('times in notifications', () => {
  it('formats an instant in IANA zones, fixed offsets chosen at onboarding, and falls back to a labelled UTC', () => {
    expect(localTime(INSTANT, 'Europe/Berlin')).toBe('2026-12-01 11:00');
    expect(localTime(new Date(INSTANT), 'America/New_York')).toBe('2026-12-01 05:00');
    expect(localTime(INSTANT, 'UTC+5:30')).toBe('2026-12-01 15:30');
    expect(localTime(INSTANT, 'UTC-3')).toBe('2026-12-01 07:00');
    expect(localTime('2026-07-01T10:00:00Z', 'Europe/Berlin')).toBe('2026-07-01 12:00');
    expect(localTime(INSTANT, 'Mars/Olympus')).toBe('2026-12-01 10:00 UTC');
  });

  it('shows the next message of a campaign and an account limit in the recipient’s zone', () => {
    const counts = { ...emptyCounts(), queued: 1, total: 1 };
    const progress = notificationRenderers['campaign.progress']({ campaignId: 1, name: 'W', status: 'running', counts, nextPlannedAt: INSTANT }, t, berlin);
    expect(progress.text).toContain('Next message: 2026-12-01 11:00');
    const limited = notificationRenderers['account.limited'](
      { accountId: 3, accountLabel: 'Main', platform: 'telegram', reason: 'FLOOD_WAIT', action: 'paused_until', until: '2026-12-01T20:00:00Z', movedDeliveries: 2 },
      t,
      { language: 'en', timeZone: 'Asia/Tokyo' },
    );
    expect(limited.text).toContain('pauses until 2026-12-02 05:00;');
    expect(limited.text).not.toContain('UTC');
  });

  it('shows when a login QR code expires in the recipient’s zone', () => {
    const qr = notificationRenderers['account.login_qr']({ accountId: 1, attemptId: 2, platform: 'whatsapp', png: Buffer.from('png'), expiresAt: new Date(INSTANT) }, t, berlin);
    expect(qr.text).toContain('valid until 2026-12-01 11:00;');
  });

  it('looks the recipient up once per notification and renders with their language and zone', async () => {
    const api = new Api('123:TEST');
    const sent: { method: string; text: unknown }[] = [];
    const record: Transformer = async (_prev, method, payload) => {
      sent.push({ method, text: (payload as { text?: unknown }).text });
      const result = method === 'sendMessage' ? { message_id: 5, date: 0, chat: { id: 42, type: 'private', first_name: 'A' } } : true;
      // Stands for the Bot API's answer; its exact type depends on the method, which this test does not care about.
      const response: unknown = { ok: true, result };
      return response as never;
    };
    api.config.use(record);
    const lookups: number[] = [];
    const notifier = new BotNotifier(api, i18n, notificationRenderers, async (chatId) => {
      lookups.push(chatId);
      return { language: 'en', timeZone: 'UTC+3' };
    });
    const counts = { ...emptyCounts(), queued: 1, total: 1 };
    const { messageId } = await notifier.send(42, 'campaign.progress', { campaignId: 1, name: 'W', status: 'running', counts, nextPlannedAt: INSTANT });
    await notifier.edit(42, messageId, 'campaign.progress', { campaignId: 1, name: 'W', status: 'running', counts, nextPlannedAt: '2026-12-01T11:00:00Z' });
    expect(lookups).toEqual([42, 42]);
    expect(sent.map((s) => s.method)).toEqual(['sendMessage', 'editMessageText']);
    expect(sent[0]!.text).toContain('Next message: 2026-12-01 13:00');
    expect(sent[1]!.text).toContain('Next message: 2026-12-01 14:00');
  });
});
