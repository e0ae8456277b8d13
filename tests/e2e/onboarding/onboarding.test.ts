import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';

/** /start → English → 18+, up to the privacy policy question. */
async function untilPolicyQuestion(user: TestUser): Promise<void> {
  user.send('/start');
  await user.waitFor(/choose your language/);
  user.press('English');
  await user.waitFor(/18 years old/);
  user.press('Yes, I am 18 or older');
  await user.waitFor(/Do you accept the privacy policy/);
}

describe('onboarding through the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await t.app.db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

  it('stores nothing about a user who says they are under 18, and says why', async () => {
    const minor = t.user({ id: 5001, first_name: 'Kid' });
    minor.send('/start');
    await minor.waitFor(/choose your language/);
    minor.press('English');
    await minor.waitFor(/18 years old or older/);
    minor.press('No');
    const answer = await minor.waitFor(/not available to anyone under 18/);
    expect(answer.text).toContain('have not stored anything');
    expect(await count('SELECT count(*) AS n FROM users WHERE telegram_id = 5001')).toBe(0);
    await expect.poll(() => count("SELECT count(*) AS n FROM bot_state WHERE telegram_user_id = 5001")).toBe(0);
    expect(await count('SELECT sum(count) AS n FROM age_gate_refusals')).toBe(1);
  });

  it('stores nothing when the privacy policy is declined', async () => {
    const user = t.user({ id: 5002, first_name: 'Declines' });
    await untilPolicyQuestion(user);
    user.press(/Full text/);
    const doc = await user.waitFor((m) => m.document !== undefined);
    expect(user.download(doc).toString()).toContain('Privacy Policy');
    user.press('I do not accept');
    await user.waitFor(/cannot use Contactd/);
    expect(await count('SELECT count(*) AS n FROM users WHERE telegram_id = 5002')).toBe(0);
  });

  it('registers an adult who accepts the policy and gives a valid time zone, then shows the main menu', async () => {
    const user = t.user({ id: 5003, first_name: 'Anna', username: 'anna_sales' });
    user.send('/start');
    await user.waitFor(/choose your language/);
    user.press('English');
    await user.waitFor(/18 years old/);
    user.press('Yes, I am 18 or older');
    await user.waitFor(/privacy policy/);
    user.press('I accept');
    await user.waitFor(/your time zone/);
    user.send('Atlantis');
    await user.waitFor(/could not recognise “Atlantis”/);
    user.send('UTC+3');
    await user.waitFor(/Time zone UTC\+3/);
    user.press('No, let me type it again');
    await user.waitFor(/your time zone/);
    user.send('New York');
    await user.waitFor(/America\/New_York/);
    user.press("Yes, that's right");
    const done = await user.waitFor(/All set, Anna/);
    expect(user.buttons(done)).toEqual(expect.arrayContaining(['📱 Accounts', '👥 Contacts', '📣 Campaigns', '🔒 Privacy', '❓ Help']));
    const { rows } = await t.app.db.pool.query('SELECT time_zone, policy_version, username FROM users WHERE telegram_id = 5003');
    expect(rows).toEqual([{ time_zone: 'America/New_York', policy_version: t.config.POLICY_VERSION, username: 'anna_sales' }]);
    expect(await count('SELECT count(*) AS n FROM consents c JOIN users u ON u.id = c.user_id WHERE u.telegram_id = 5003')).toBe(2);

    user.press('❓ Help');
    await user.waitFor(/sends your outreach campaigns/);
    user.press('« Back to menu');
    await user.waitFor(/Main menu/);
  });

  it('answers unknown input and commands helpfully, never with silence', async () => {
    const stranger = t.user({ id: 5004, first_name: 'Stranger' });
    stranger.send('hello?');
    await stranger.waitFor(/send \/start first/);
    const user = t.user({ id: 5005, first_name: 'Bob' });
    await registerUser(user);
    user.send('what can you do');
    await user.waitFor(/did not understand/);
    user.send('/privacy');
    await user.waitFor(/we keep/i);
    user.pressData('menu:nonsense');
    await expect.poll(() => user.callbackAnswers().at(-1)?.text).toMatch(/expired/);
  });

  it('continues a half-done onboarding after the service restarts', async () => {
    const user = t.user({ id: 5006, first_name: 'Resumer' });
    await untilPolicyQuestion(user);
    await t.restart();
    user.press('I accept');
    await user.waitFor(/your time zone/);
    user.send('Lisbon');
    await user.waitFor(/Europe\/Lisbon/);
    user.press("Yes, that's right");
    await user.waitFor(/All set, Resumer/);
    expect(await count('SELECT count(*) AS n FROM users WHERE telegram_id = 5006')).toBe(1);
  });
});
