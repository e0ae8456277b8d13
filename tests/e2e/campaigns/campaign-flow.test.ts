import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { BotMessage, TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedContacts, userIdOf } from './campaign-seed.js';

// Tuesday 10:00 in Berlin: inside the default Mon–Fri 10–18 window.
const START = '2026-12-01T09:00:00Z';
const PHONE = '+15550100013';

function hasButton(message: BotMessage, label: string): boolean {
  return message.reply_markup?.inline_keyboard.flat().some((button) => button.text === label) ?? false;
}

describe('a campaign end to end: compose, launch, progress, reply, follow-up, export', () => {
  let t: TestApp;
  let user: TestUser;
  let userId: number;
  let contactIds: number[];
  const clock = new FakeClock(START);
  const query = async <R extends object>(sql: string, params: unknown[] = []): Promise<R[]> => (await t.app.db.pool.query<R & QueryResultRow>(sql, params)).rows;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    user = t.user({ id: 7401, first_name: 'Ann', username: 'ann_flow', language_code: 'en' });
    await registerUser(user);
    userId = await userIdOf(t.app.db, 7401);
    // Olga answers every message (the simulated platform's `replier_` rule).
    ({ contactIds } = await seedContacts(t.app.db, userId, ['replier_olga', 'pavel_m', 'rita_s']));
  }, 60_000);
  afterAll(async () => t.stop());

  it('connects a simulated Telegram account', async () => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📱 Accounts');
    await user.waitFor(/messenger account/);
    user.press('➕ Connect Telegram');
    await user.waitFor(/How do you want to connect/);
    user.press('📞 Phone number and code');
    await user.waitFor(/Type the phone number/);
    user.send(PHONE);
    await user.waitFor(/sent a login code/, { timeoutMs: 10_000 });
    user.send('1-2-3-4-5');
    await user.waitFor(/is connected/, { timeoutMs: 10_000 });
  });

  it('composes a two-step campaign in the bot and launches it', async () => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    await user.waitFor(/campaigns/i);
    user.press('➕ New campaign');
    await user.waitFor(/What should this campaign be called/);
    user.send('Spring');
    await user.waitFor(/Which messenger/);
    user.press('Telegram');
    const accounts = await user.waitFor(/Which of your accounts/);
    const account = user.buttons(accounts).find((label) => label.startsWith('Telegram · '))!;
    user.press(account);
    await user.waitFor((m) => hasButton(m, `✅ ${account}`));
    user.press('✅ Done');
    await user.waitFor(/Who should receive it/);
    user.press('📋 Leads (3)');
    await user.waitFor((m) => hasButton(m, '✅ 📋 Leads (3)'));
    user.press('✅ Done');
    await user.waitFor(/Exclude contacts/);
    user.press('✅ Done');
    const audience = await user.waitFor(/Audience: 3 contacts match/);
    expect(audience.text).toContain('Reachable on Telegram: 3');
    await user.waitFor(/Type the message for step 1/);
    user.send('Hi {first_name|there}, shall we talk?');
    await user.waitFor(/looks good/);
    await user.waitFor(/see it in your own Telegram/);
    user.press('✅ Done');
    await user.waitFor(/Add a follow-up step/);
    user.press('➕ Add a follow-up');
    await user.waitFor(/How many days after the previous step/);
    user.send('1');
    await user.waitFor(/Type the message for step 2/);
    user.send('Just checking in, {first_name|there}.');
    await user.waitFor(/The campaign has 2 steps/);
    user.press('✅ Done');
    await user.waitFor(/When should it start/);
    user.press('Now');
    await user.waitFor(/On which days/);
    user.press('✅ Done');
    await user.waitFor(/Sending hours/);
    user.press('Keep it as it is');
    await user.waitFor(/Time zone:/);
    user.press('Keep it as it is');
    await user.waitFor(/Messages per account per day/);
    user.press('Keep it as it is');
    await user.waitFor(/Random pause/);
    user.send('1-2');
    await user.waitFor(/Should it stop at a date/);
    user.press('Skip');
    const review = await user.waitFor(/Review “Spring”/);
    expect(review.text).toContain('Steps: 2');
    user.press('🚀 Launch');
    await user.waitFor(/Launched: 3 messages queued/);
  });

  it('updates one progress message in place while the messages go out', async () => {
    await expect
      .poll(
        async () => {
          clock.advance(30_000);
          const progress = user.messages().find((m) => m.text?.startsWith('📣 Spring'));
          return progress !== undefined && progress.editCount > 0 && /Sent 3 · Failed 0/.test(progress.text ?? '') ? 'updated' : 'waiting';
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('updated');
    expect(user.messages().filter((m) => m.text?.startsWith('📣 Spring'))).toHaveLength(1);
  });

  // Its own waits add up to 50 s (the reply, then the follow-ups): more than the default test timeout on a loaded CI.
  it('tells the user about the reply with buttons, and sends the follow-up only to those who did not reply', { timeout: 60_000 }, async () => {
    const reply = await user.waitFor(/Olga replied to “Spring”/, { since: 0, timeoutMs: 20_000 });
    expect(user.buttons(reply)).toEqual(['👤 Open contact', '🚫 Mark opted out', '↩️ Reply']);

    const olga = contactIds[0]!;
    const step2 = async () =>
      query<{ contact_id: string; status: string }>(
        `SELECT d.contact_id, d.status FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id WHERE s.position = 2 AND d.user_id = $1`,
        [userId],
      );
    const repliers = async () =>
      (await query<{ contact_id: string }>(`SELECT contact_id FROM deliveries WHERE user_id = $1 AND status = 'replied'`, [userId])).map((r) => Number(r.contact_id));
    clock.advance(26 * 3_600_000);
    await expect
      .poll(
        async () => {
          clock.advance(60_000);
          const rows = await step2();
          return rows.length > 0 && rows.every((r) => r.status === 'sent' || r.status === 'replied') ? rows.length : -1;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(3 - (await repliers()).length);
    const followedUp = (await step2()).map((r) => Number(r.contact_id));
    expect(await repliers()).toContain(olga);
    expect(followedUp.length).toBeGreaterThan(0);
    expect(followedUp).not.toContain(olga);
    for (const replier of await repliers()) expect(followedUp).not.toContain(replier);
  });

  it('exports the delivery records as a CSV document', async () => {
    user.send('/menu');
    await user.waitFor(/Main menu/);
    user.press('📣 Campaigns');
    await user.waitFor(/Campaigns \(1\)/);
    user.press(/Spring —/);
    await user.waitFor(/Spring —/);
    user.press('⬇️ Export CSV');
    const document = await user.waitFor((m) => m.document !== undefined);
    const lines = user.download(document).toString('utf8').trim().split('\n');
    const [stored] = await query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE user_id = $1', [userId]);
    expect(lines).toHaveLength(1 + stored!.n);
    expect(lines.slice(1).some((line) => line.includes('replied'))).toBe(true);
  });
});
