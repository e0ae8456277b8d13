import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { withLaunchLock } from '../../../core/campaigns/launch-lock.js';
import { systemClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedCampaignData, type SeededUser } from './campaign-seed.js';

describe('a campaign card in the bot (no workers)', () => {
  let t: TestApp;
  let user: TestUser;
  let seeded: SeededUser;
  let campaignId: number;
  const status = async (id: number) => (await t.app.db.pool.query<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [id])).rows[0]!.status;

  beforeAll(async () => {
    t = await startTestApp({ role: 'bot' });
    user = t.user({ id: 7201, first_name: 'Ann', username: 'ann_cards', language_code: 'en' });
    await registerUser(user);
    seeded = await seedCampaignData(t.app.db, 7201);
    // What a finished composer leaves behind: a ready draft with a follow-up.
    const service = new CampaignService({ db: t.app.db, clock: systemClock, random: seededRandom(7) });
    campaignId = (await service.createDraft(seeded.userId, 'Winter')).id;
    await service.update(seeded.userId, campaignId, { accountIds: [seeded.accountId], audience: { listIds: [seeded.listId], tags: [], excludeTags: [] } });
    // The account already has a dialog with Olga: she is warm.
    await t.app.db.pool.query(
      `INSERT INTO account_peers (account_id, user_id, peer, source, seen_at) VALUES ($1, $2, 'username:olga_k', 'dialog', now())`,
      [seeded.accountId, seeded.userId],
    );
    await service.setSteps(seeded.userId, campaignId, [
      { template: 'Hi {first_name|there}!', delaySeconds: 0 },
      { template: 'Any news, {first_name|there}?', delaySeconds: 3 * 86_400 },
    ]);
  });
  afterAll(async () => t.stop());

  async function openCard(button: RegExp = /Winter — \d/): Promise<void> {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    await user.waitFor(/Campaigns \(/);
    user.press(button);
    await user.waitFor(/Winter<\/b>|Winter —/);
  }

  it('says so, and leaves a draft, when Launch is pressed while the campaign is being launched', async () => {
    await openCard();
    user.press('📋 Review');
    await user.waitFor(/Review “Winter”/);
    await withLaunchLock(t.app.db.pool, campaignId, async () => {
      user.press('🚀 Launch');
      await expect.poll(() => user.callbackAnswers().at(-1)?.text ?? '').toContain('it is being launched already');
    });
    await user.waitFor(/Winter — draft/);
    expect(await status(campaignId)).toBe('draft');
    const { rows } = await t.app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1', [campaignId]);
    expect(rows[0]!.n).toBe(0);
  });

  it('reviews every setting and launches, queueing one message per reachable contact', async () => {
    await openCard();
    user.press('📋 Review');
    const review = await user.waitFor(/Review “Winter”/);
    expect(review.text).toContain('Audience: lists Leads');
    expect(review.text).toContain('Step 2, 3 days after step 1');
    expect(review.text).toContain('If launched now: 3 messages, 0 contacts left out');
    expect(review.text).toMatch(/Main: 1 warm, 2 cold, sending until \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    user.press('🚀 Launch');
    const launched = await user.waitFor(/Launched: 3 messages queued/);
    expect(launched.text).toContain('0 contacts skipped');
    expect(launched.text).toMatch(/Main: 1 warm, 2 cold, sending until \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const card = await user.waitFor(/Winter — running/);
    expect(card.text).toContain('Queued 3');
    expect(await status(campaignId)).toBe('running');
  });

  it('pauses, offers editing while paused, and resumes', async () => {
    user.press('⏸ Pause');
    const paused = await user.waitFor(/Winter — paused/);
    expect(user.callbackAnswers().at(-1)?.text).toContain('Campaign paused');
    expect(user.buttons(paused)).toEqual(expect.arrayContaining(['▶️ Resume', '✏️ Edit']));
    user.press('✏️ Edit');
    const review = await user.waitFor(/Review “Winter”/);
    expect(user.buttons(review)).toEqual(expect.arrayContaining(['Message', 'Schedule']));
    expect(user.buttons(review)).not.toContain('Accounts');
    user.press('▶️ Resume');
    await user.waitFor(/Winter — running/);
    expect(await status(campaignId)).toBe('running');
  });

  it('shows statistics per step and per account, and exports the delivery records as CSV', async () => {
    user.press('📊 Statistics');
    const stats = await user.waitFor(/Statistics: Winter/);
    expect(stats.text).toContain('Queued 3');
    expect(stats.text).toContain('Step 1:');
    expect(stats.text).toContain('Account Main:');
    user.press('« Campaigns');
    await user.waitFor(/Winter — running/);
    user.press('⬇️ Export CSV');
    const document = await user.waitFor((m) => m.document !== undefined);
    expect(document.document?.file_name).toBe(`campaign-${campaignId}-deliveries.csv`);
    const csv = user.download(document).toString('utf8');
    expect(csv.trim().split('\n')).toHaveLength(4);
  });

  it('duplicates into a new draft and cancels only after confirmation', async () => {
    user.press('📄 Duplicate');
    const copy = await user.waitFor(/Winter — draft/);
    expect(user.buttons(copy)).toContain('✏️ Edit');
    // Both are called Winter: the running original shows its 3 queued messages.
    await openCard(/^▶️ Winter — 0\/3$/);
    user.press('✖️ Cancel campaign');
    await user.waitFor(/Cancel “Winter”\?/);
    expect(await status(campaignId)).toBe('running');
    user.press('Yes, cancel it');
    await user.waitFor(/Winter — cancelled/);
    expect(await status(campaignId)).toBe('cancelled');
    const skipped = await t.app.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'skipped'", [campaignId]);
    expect(skipped.rows[0]!.n).toBe(3);
  });

  it('shows statistics over all campaigns', async () => {
    await openCard(/^✏️ Winter/);
    user.press('« Campaigns');
    await user.waitFor(/Campaigns \(/);
    user.press('📊 Overall statistics');
    const overall = await user.waitFor(/All campaigns/);
    expect(overall.text).toContain('1 drafts, 1 cancelled');
  });
});
