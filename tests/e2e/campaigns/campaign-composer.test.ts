import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { BotMessage, TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedCampaignData, type SeededUser } from './campaign-seed.js';

function hasButton(message: BotMessage, label: string): boolean {
  return message.reply_markup?.inline_keyboard.flat().some((button) => button.text === label) ?? false;
}

/** From the main menu to the template question of a new Telegram campaign sent by "Main" to every contact. */
async function composeUntilTemplate(user: TestUser, name: string): Promise<void> {
  user.send('/menu');
  await user.waitFor(/Main menu/);
  user.press('📣 Campaigns');
  await user.waitFor(/campaigns/i);
  user.press('➕ New campaign');
  await user.waitFor(/What should this campaign be called/);
  user.send(name);
  await user.waitFor(/Which messenger/);
  user.press('Telegram');
  await user.waitFor(/Which of your accounts/);
  user.press('Telegram · Main');
  await user.waitFor((m) => hasButton(m, '✅ Telegram · Main'));
  user.press('✅ Done');
  await user.waitFor(/Who should receive it/);
  user.press('✅ Done');
  await user.waitFor(/Exclude contacts/);
  user.press('✅ Done');
  await user.waitFor(/Type the message for step 1/);
}

describe('composing a campaign in the bot (no workers)', () => {
  let t: TestApp;
  let user: TestUser;
  let seeded: SeededUser;
  beforeAll(async () => {
    t = await startTestApp({ role: 'bot' });
    user = t.user({ id: 7101, first_name: 'Ann', username: 'ann_sender', language_code: 'en' });
    await registerUser(user);
    seeded = await seedCampaignData(t.app.db, 7101);
  });
  afterAll(async () => t.stop());

  it('points at a bad template by line and column in words, and accepts the fixed one with a real preview', async () => {
    await composeUntilTemplate(user, 'Spring');
    user.send('Hello {frist_name},\nsee {company');
    const errors = await user.waitFor(/Please fix this/);
    expect(errors.text).toContain('Step 1, line 2, column 5');
    expect(errors.text).toContain('never closed');

    user.send('Hello {frist_name}!');
    const unknown = await user.waitFor(/Please fix this/);
    expect(unknown.text).toContain('Step 1, line 1, column 7: There is no field “frist_name”. Did you mean “first_name”?');

    user.send('Hello {first_name}, how is {company}?');
    const warning = await user.waitFor(/Worth a look/);
    expect(warning.text).toMatch(/“company” is empty for 1 of 3 recipients/);
    user.press('Keep it anyway');
    const preview = await user.waitFor(/Preview for Olga/);
    expect(preview.text).toContain('Hello Olga, how is Acme?');
    await user.waitFor(/see it in your own Telegram/);
    const stored = await t.app.db.pool.query<{ template: string }>(
      'SELECT s.template FROM campaign_steps s JOIN campaigns c ON c.id = s.campaign_id WHERE c.user_id = $1',
      [seeded.userId],
    );
    expect(stored.rows.map((r) => r.template)).toEqual(['Hello {first_name}, how is {company}?']);
  });

  it('refuses bad sending hours, warns above the safe cap, switches to recipients\' local time and shows every setting on the review', async () => {
    user.press('✅ Done');
    await user.waitFor(/Add a follow-up step/);
    user.press('✅ Done');
    await user.waitFor(/When should it start/);
    user.press('Now');
    await user.waitFor(/On which days/);
    user.press('Sat');
    await user.waitFor((m) => hasButton(m, '✅ Sat'));
    user.press('✅ Done');
    await user.waitFor(/Sending hours/);
    user.send('18:00-09:00');
    const bad = await user.waitFor(/could not read/);
    expect(bad.text).toContain('“18:00-09:00”');
    user.send('9:00-17:30');
    await user.waitFor(/Time zone: Europe\/Berlin/);
    user.press("🌍 Recipients' local time: off");
    await user.waitFor((m) => hasButton(m, "🌍 Recipients' local time: on"));
    user.press('Keep it as it is');
    await user.waitFor(/Messages per account per day/);
    user.send('50');
    await user.waitFor(/Above the safe defaults/);
    await user.waitFor(/Random pause/);
    user.send('30-60');
    await user.waitFor(/Should it stop at a date/);
    user.press('Skip');
    const review = await user.waitFor(/Review “Spring”/);
    expect(review.text).toContain('Window: Mon Tue Wed Thu Fri Sat, 09:00-17:30 (Europe/Berlin)');
    expect(review.text).toContain("In each recipient's local time (Europe/Berlin when unknown)");
    expect(review.text).toContain('Per account: up to 50 a day, 30-60 s apart');
    expect(review.text).toContain('Accounts: Main');
    expect(review.text).toContain('The daily cap 50 is above the safe 20.');
    expect(user.buttons(review)).toContain('🚀 Launch');
  });

  it('keeps a left draft and continues it where the user stopped', async () => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    await user.waitFor(/campaigns/i);
    user.press('➕ New campaign');
    await user.waitFor(/What should this campaign be called/);
    user.send('Autumn');
    await user.waitFor(/Which messenger/);
    user.press('Telegram');
    await user.waitFor(/Which of your accounts/);
    user.send('/menu');
    await user.waitFor(/draft is saved/);
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    const list = await user.waitFor(/Campaigns \(2\)/);
    expect(user.buttons(list)).toContain('✏️ Continue draft “Autumn”');
    user.press('✏️ Continue draft “Autumn”');
    await user.waitFor(/Which of your accounts/);
  });

  it('answers a forged campaign id of another user with "no longer exists"', async () => {
    const other = t.user({ id: 7102, first_name: 'Eve', language_code: 'en' });
    await registerUser(other);
    const { rows } = await t.app.db.pool.query<{ id: number }>('SELECT id FROM campaigns WHERE user_id = $1 ORDER BY id LIMIT 1', [seeded.userId]);
    const foreignId = rows[0]!.id;
    other.send('/menu');
    const menu = await other.waitFor(/Main menu/);
    for (const data of [`cpa:open:${foreignId}`, `cpa:cancel-yes:${foreignId}`, `cpe:template:${foreignId}`]) {
      other.pressData(data, menu.message_id);
      await expect.poll(() => other.callbackAnswers().at(-1)?.text).toBe('That campaign no longer exists.');
    }
    const status = await t.app.db.pool.query<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [foreignId]);
    expect(status.rows[0]!.status).toBe('draft');
  });
});
