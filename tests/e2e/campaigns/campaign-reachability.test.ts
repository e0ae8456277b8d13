import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { systemClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedCampaignData, type SeededUser } from './campaign-seed.js';

describe('reachability on the review screen (no workers)', () => {
  let t: TestApp;
  let user: TestUser;
  let seeded: SeededUser;
  let campaignId: number;

  beforeAll(async () => {
    t = await startTestApp({ role: 'bot' });
    user = t.user({ id: 7301, first_name: 'Ann', username: 'ann_reach', language_code: 'en' });
    await registerUser(user);
    seeded = await seedCampaignData(t.app.db, 7301);
    const service = new CampaignService({ db: t.app.db, clock: systemClock, random: seededRandom(7) });
    campaignId = (await service.createDraft(seeded.userId, 'Autumn')).id;
    await service.update(seeded.userId, campaignId, { accountIds: [seeded.accountId], audience: { listIds: [seeded.listId], tags: [], excludeTags: [] } });
    await service.setSteps(seeded.userId, campaignId, [{ template: 'Hi {first_name|there}!', delaySeconds: 0 }]);
    // Olga was found, Rita's privacy settings refuse the account; Pavel was never looked up.
    await t.app.db.pool.query(
      `INSERT INTO recipient_checks (account_id, user_id, platform, recipient, reachable, address, platform_user_id, error_code, checked_at, expires_at)
       VALUES ($1, $2, 'telegram', 'username:olga_k', true, '11:22', '11', NULL, now(), now() + interval '7 days'),
              ($1, $2, 'telegram', 'username:rita_s', false, NULL, NULL, 'PRIVACY_RESTRICTED', now(), now() + interval '7 days')`,
      [seeded.accountId, seeded.userId],
    );
  });
  afterAll(async () => t.stop());

  it('shows per channel how many recipients are reachable, unreachable with the reason, and not checked yet', async () => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    await user.waitFor(/Campaigns \(/);
    user.press(/Autumn — \d/);
    await user.waitFor(/Autumn/);
    user.press('📋 Review');
    const review = await user.waitFor(/Review “Autumn”/);
    expect(review.text).toContain('Reachability');
    expect(review.text).toContain('Telegram: ✅ 1 reachable · ⛔ 1 unreachable (left out) · ❔ 1 not checked yet (checked when sending)');
    expect(review.text).toContain('Unreachable: privacy settings refuse messages (1)');
    expect(review.text).toContain('If launched now: 2 messages, 1 contacts left out');
    expect(user.buttons(review)).toContain('🔎 Check reachability');
  });

  it('asks the workers to check the campaign when the button is pressed', async () => {
    user.press('🔎 Check reachability');
    await expect.poll(() => user.callbackAnswers().at(-1)?.text ?? '').toContain('Checking in the background');
    const { rows } = await t.app.db.pool.query<{ data: { userId: number; campaignId: number } }>(`SELECT data FROM agenda_jobs WHERE name = 'campaign.preflight'`);
    expect(rows.map((row) => [row.data.userId, row.data.campaignId])).toEqual([[seeded.userId, campaignId]]);
  });
});
