import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotNotifier } from '../../../bot/notifications/bot-notifier.js';
import { notificationRenderers } from '../../../bot/notifications/index.js';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { emptyCounts } from '../../../core/campaigns/campaign.types.js';
import { registerUser, startTestApp, TEST_BOT_TOKEN, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedCampaignData, type SeededUser } from './campaign-seed.js';

describe('campaign notifications in the chat (no workers)', () => {
  let t: TestApp;
  let user: TestUser;
  let seeded: SeededUser;
  let notifier: BotNotifier;

  beforeAll(async () => {
    t = await startTestApp({ role: 'bot' });
    user = t.user({ id: 7301, first_name: 'Ann', language_code: 'en' });
    await registerUser(user);
    seeded = await seedCampaignData(t.app.db, 7301);
    // The same notifier the engine is given in main.ts.
    notifier = new BotNotifier(new Api(TEST_BOT_TOKEN, { apiRoot: t.emulator.apiRoot }), createI18n(), notificationRenderers, async () => ({ language: 'en', timeZone: 'UTC' }));
  });
  afterAll(async () => t.stop());

  it('edits one progress message in place instead of sending new ones', async () => {
    const counts = { ...emptyCounts(), queued: 3, total: 3 };
    const { messageId } = await notifier.send(7301, 'campaign.progress', { campaignId: 1, name: 'Winter', status: 'running', counts, nextPlannedAt: null });
    await notifier.edit(7301, messageId, 'campaign.progress', { campaignId: 1, name: 'Winter', status: 'running', counts: { ...counts, queued: 1, sent: 2 }, nextPlannedAt: null });
    const progress = user.messages().filter((m) => m.text?.includes('📣 Winter'));
    expect(progress).toHaveLength(1);
    expect(progress[0]!.editCount).toBe(1);
    expect(progress[0]!.text).toContain('▓▓▓▓▓▓▓░░░ 67%');
    expect(progress[0]!.text).toContain('Queued 1 · Sent 2');
  });

  it('opens the contact and opts them out from the reply buttons, scoped to the owner', async () => {
    const contactId = seeded.contactIds[0]!;
    await notifier.send(7301, 'delivery.reply', {
      deliveryId: 1, campaignId: 1, campaignName: 'Winter', contactId, contactLabel: 'Olga', accountId: seeded.accountId, text: 'Interested!', optedOut: false,
    });
    await user.waitFor(/Olga<\/b> replied|Olga replied/, { since: 0 });
    user.press('👤 Open contact');
    const card = await user.waitFor(/Company: Acme/);
    expect(card.text).toContain('@olga_k');
    user.press('🚫 Mark opted out');
    await user.waitFor(/Olga is opted out/);
    const row = await t.app.db.pool.query<{ opted_out_at: Date | null }>('SELECT opted_out_at FROM contacts WHERE id = $1', [contactId]);
    expect(row.rows[0]!.opted_out_at).not.toBeNull();

    const stranger = t.user({ id: 7302, first_name: 'Eve', language_code: 'en' });
    await registerUser(stranger);
    stranger.send('/menu');
    const menu = await stranger.waitFor(/Main menu/);
    stranger.pressData(`cpr:optout:${seeded.contactIds[1]!}`, menu.message_id);
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe('That contact no longer exists.');
    const other = await t.app.db.pool.query<{ opted_out_at: Date | null }>('SELECT opted_out_at FROM contacts WHERE id = $1', [seeded.contactIds[1]!]);
    expect(other.rows[0]!.opted_out_at).toBeNull();
  });

  it('sends the user’s answer to a replying contact through the same account, via the job queue', async () => {
    const pool = t.app.db.pool;
    const contactId = seeded.contactIds[2]!;
    const { rows: campaigns } = await pool.query<{ id: number }>(
      `INSERT INTO campaigns (user_id, name, status, account_ids, created_at, updated_at) VALUES ($1, 'Spring', 'running', $2, now(), now()) RETURNING id`,
      [seeded.userId, [seeded.accountId]],
    );
    const campaignId = campaigns[0]!.id;
    const { rows: steps } = await pool.query<{ id: number }>(
      `INSERT INTO campaign_steps (campaign_id, user_id, position, template) VALUES ($1, $2, 1, 'Hi') RETURNING id`,
      [campaignId, seeded.userId],
    );
    const { rows: deliveries } = await pool.query<{ id: number }>(
      `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, status, planned_at, queued_at, sent_at, replied_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'telegram', 'username:ivan_p', 'replied', now(), now(), now(), now(), now()) RETURNING id`,
      [seeded.userId, campaignId, steps[0]!.id, contactId, seeded.accountId],
    );
    await notifier.send(7301, 'delivery.reply', {
      deliveryId: deliveries[0]!.id, campaignId, campaignName: 'Spring', contactId, contactLabel: 'Ivan', accountId: seeded.accountId, text: 'Tell me more', optedOut: false,
    });
    await user.waitFor(/Ivan/, { since: 0 });
    user.press('↩️ Reply');
    await user.waitFor(/Type your answer/);
    user.send('Sure, here is our deck');
    await user.waitFor(/Sent to/);
    const { rows: jobs } = await pool.query<{ data: Record<string, unknown> }>("SELECT data FROM agenda_jobs WHERE name = 'delivery.direct-message'");
    expect(jobs.map((j) => j.data)).toContainEqual(
      expect.objectContaining({ userId: seeded.userId, accountId: seeded.accountId, recipient: 'username:ivan_p', text: 'Sure, here is our deck', purpose: 'reply' }),
    );
  });
});
