import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { sampleContactsCsv } from '../../../bot/sandbox/sample-contacts.js';
import { SANDBOX_ADMIN, SANDBOX_USERS } from '../../../bot/sandbox/sandbox-users.js';
import { loadConfig } from '../../../core/config.js';
import { createLogger } from '../../../core/logging/logger.js';
import { startApp, type App } from '../../../main.js';
import { TEST_CREDENTIALS_KEY } from '../../harness/app.js';
import { createTestDatabaseUrl } from '../../harness/db.js';
import { ChatPane, chromiumAvailable, CHROMIUM, openSandboxPage, type SandboxBrowser } from './sandbox-browser.js';
import { tempDir } from '../../harness/temp-dirs.js';

const alice = SANDBOX_USERS[0]!;

if (!chromiumAvailable()) {
  console.warn(`Sandbox browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);
}

/** A temporary folder for what the page downloads, removed when the test ends. */
function downloadDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'contactd-dl-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!chromiumAvailable())('the sandbox page in a browser', { timeout: 240_000 }, () => {
  let database: { url: string; drop(): Promise<void> };
  let app: App;
  let url: string;
  let browser: SandboxBrowser;

  beforeAll(async () => {
    database = await createTestDatabaseUrl();
    // No BOT_TOKEN: `start` runs the sandbox, exactly as `npm start` on a fresh checkout would.
    const config = loadConfig({
      SANDBOX_DATABASE_URL: database.url,
      SANDBOX_PORT: '0',
      DATA_DIR: tempDir('sandbox'),
      LOG_TO_STDOUT: 'false',
      LOG_LEVEL: 'warn',
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      RATE_LIMIT_PER_SECOND: '100',
    });
    app = await startApp(config, 'start', { logger: createLogger({ level: 'warn', stdout: false }) });
    url = /Open (http:\/\/127\.0\.0\.1:\d+) in your browser/.exec(app.banner ?? '')![1]!;
    browser = await openSandboxPage(url);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop('test-done');
    await database?.drop();
  });

  it('onboards a new user through the chat, with inline buttons and the command menu', async () => {
    const pane = new ChatPane(browser.page, alice.id);
    await pane.ready();
    await browser.shot('01-empty-chat');

    await pane.send('/start');
    await pane.waitForBot(/choose your language/);
    await browser.shot('02-language');
    await pane.press('English');
    await pane.waitForBot(/18 years old or older/);
    await pane.press('Yes, I am 18 or older');
    await pane.waitForBot(/Do you accept the privacy policy/);
    await browser.shot('03-privacy-policy');
    await pane.press('I accept');
    await pane.waitForBot(/your time zone/);
    await pane.send('Berlin');
    await pane.waitForBot(/Is that right\?/);
    await pane.press("Yes, that's right");
    const done = await pane.waitForBot(/All set/);
    expect(await done.innerText()).toContain('main menu');
    await browser.shot('04-onboarded');

    // The bot's command menu, as Telegram's "/" button shows it.
    await pane.command('menu');
    const menu = await pane.waitForBot(/Main menu — what would you like to do\?/);
    const labels = await menu.locator('.keyboard button').allInnerTexts();
    expect(labels).toEqual(expect.arrayContaining(['📱 Accounts', '👥 Contacts', '📣 Campaigns', '🔒 Privacy', '❓ Help']));
    await browser.shot('05-main-menu');
  });

  it('connects a simulated Telegram account with the login code the simulated phone shows', async () => {
    const { page } = browser;
    const pane = new ChatPane(page, alice.id);
    const code = await page.locator('#login-code').innerText();
    expect(code).toBe('12345');
    await pane.press('📱 Accounts');
    await pane.press('➕ Connect Telegram');
    await pane.waitForBot(/How do you want to connect your Telegram account\?/);
    await pane.press('📞 Phone number and code');
    await pane.waitForBot(/Type the phone number of the account/);
    await pane.send('+49 151 23456781');
    await pane.waitForBot(/Telegram sent a login code/);
    await browser.shot('06-login-code');
    await pane.send(code.split('').join('-'));
    await pane.waitForBot(/is connected\. Campaigns can now send through it/);
    await browser.shot('07-account-connected');
  });

  it('shows the simulated phone and offers the sample contacts, which can be sent to the bot as a file', async () => {
    const { page } = browser;
    expect(await page.locator('#inbox-empty').isVisible()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#sample').click()]);
    expect(download.suggestedFilename()).toBe('sandbox-contacts.csv');
    const file = path.join(downloadDir(), download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file).equals(sampleContactsCsv())).toBe(true);

    const pane = new ChatPane(page, alice.id);
    const before = await pane.botMessageCount();
    await pane.attach(file);
    const sent = pane.root.locator('.msg.user .file a', { hasText: 'sandbox-contacts.csv' }).last();
    await sent.waitFor({ timeout: 45_000 });
    // The chat holds the very bytes the user attached.
    const href = (await sent.getAttribute('href'))!;
    const echoed = await page.evaluate(async (link) => (await fetch(link)).text(), href);
    expect(echoed).toBe(sampleContactsCsv().toString('utf8'));
    await expect.poll(() => pane.botMessageCount(), { timeout: 45_000 }).toBeGreaterThan(before);
    await pane.waitForBot(/Here is how I read the columns/);
    await browser.shot('08-import-mapping');
    await pane.press('✅ Continue');
    await pane.waitForBot(/Which list should the contacts go into\?/);
    await pane.send('Sandbox');
    await pane.waitForBot(/What should I do with them\?/);
    await pane.press('Keep mine as they are');
    const summary = await pane.waitForBot(/Import into “Sandbox” finished/);
    expect(await summary.innerText()).toMatch(/Invalid: 1/);
    // The rejected rows come back as a document the page lets the user download.
    const rejected = await pane.waitForBot(/Rejected rows of sandbox-contacts\.csv: 1/);
    const [rows] = await Promise.all([page.waitForEvent('download'), rejected.locator('.file a').click()]);
    const rowsFile = path.join(path.dirname(file), rows.suggestedFilename());
    await rows.saveAs(rowsFile);
    expect(readFileSync(rowsFile, 'utf8')).toContain('Kofi');
    await browser.shot('09-import-done');
  });

  it('composes and launches a small campaign to the imported contacts through the connected account', async () => {
    const pane = new ChatPane(browser.page, alice.id);
    await pane.command('menu');
    await pane.waitForBot(/Main menu/);
    await pane.press('📣 Campaigns');
    await pane.press('➕ New campaign');
    await pane.waitForBot(/What should this campaign be called/);
    await pane.send('Sandbox hello');
    await pane.waitForBot(/Which messenger/);
    await pane.press('Telegram');
    await pane.waitForBot(/Which of your accounts/);
    await pane.press('Telegram · Simulated 6781');
    await pane.waitForBot(/Which of your accounts/);
    await pane.press('✅ Done');
    await pane.waitForBot(/Who should receive it/);
    await pane.press('✅ Done');
    await pane.waitForBot(/Audience: 11 contacts match/);
    await pane.waitForBot(/Type the message for step 1/);
    await pane.send('Hello {first_name}, a quick question about {company|your work}?');
    await pane.waitForBot(/Preview/);
    // The test-send offer comes after the previews; until it has, the newest "✅ Done" is the audience step's.
    await pane.waitForBot(/Want to see it in your own Telegram first/);
    await browser.shot('10-campaign-preview');
    await pane.press('✅ Done');
    await pane.waitForBot(/Add a follow-up step/);
    await pane.press('✅ Done');
    await pane.waitForBot(/When should it start/);
    await pane.press('Now');
    await pane.waitForBot(/On which days/);
    // Every day, so the sandbox sends whatever day the test runs.
    for (const day of ['Sat', 'Sun']) {
      if ((await pane.root.locator('.keyboard').getByRole('button', { name: `✅ ${day}`, exact: true }).count()) > 0) continue;
      await pane.press(day);
      await pane.waitForButton(`✅ ${day}`);
    }
    await pane.press('✅ Done');
    await pane.waitForBot(/Sending hours/);
    await pane.send('00:00-23:59');
    await pane.waitForBot(/Time zone/);
    await pane.press('Keep it as it is');
    await pane.waitForBot(/Messages per account per day/);
    await pane.send('20');
    await pane.waitForBot(/Random pause/);
    await pane.send('1-2');
    await pane.waitForBot(/Should it stop at a date/);
    await pane.press('Skip');
    await pane.waitForBot(/Review “Sandbox hello”/);
    await browser.shot('11-campaign-review');
    await pane.press('🚀 Launch');
    const launched = await pane.waitForBot(/Launched: \d+ messages queued/);
    expect(Number(/Launched: (\d+)/.exec(await launched.innerText())![1])).toBeGreaterThan(0);
    await browser.shot('12-campaign-launched');
  });

  it('updates the progress message in place, shows replies and what the recipients received, and exports the deliveries', async () => {
    const { page } = browser;
    const pane = new ChatPane(page, alice.id);
    // One progress message per campaign, edited in place as messages go out.
    const progress = await pane.waitForBot(/📣 Sandbox hello/, 120_000);
    const progressId = (await progress.getAttribute('data-message-id'))!;
    const sameMessage = pane.root.locator(`.msg[data-message-id="${progressId}"]`);
    const version = async () => Number(await sameMessage.getAttribute('data-version'));
    const before = await version();
    await expect.poll(version, { timeout: 120_000 }).toBeGreaterThan(before);
    await expect.poll(async () => /Sent [1-9]/.test(await sameMessage.innerText()), { timeout: 120_000 }).toBe(true);
    expect(await pane.root.locator('.msg.bot', { hasText: /📣 Sandbox hello/ }).count()).toBe(1);
    await browser.shot('13-progress');

    await page.locator('#inbox li').first().waitFor({ timeout: 45_000 });
    expect(await page.locator('#inbox li').first().innerText()).toMatch(/Hello \w+, a quick question about/);

    const reply = await pane.waitForBot(/Thanks, tell me more|STOP/, 120_000);
    await browser.shot('14-reply');
    expect(await reply.innerText()).toMatch(/Thanks, tell me more|STOP/);

    await pane.press('⬇️ Export CSV');
    const exported = await pane.waitForBot(/Delivery records of “Sandbox hello”/);
    const [download] = await Promise.all([page.waitForEvent('download'), exported.locator('.file a').click()]);
    const file = path.join(downloadDir(), download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8').split('\n').length).toBeGreaterThan(2);
    await browser.shot('15-export');
  }, 360_000);

  it('opens a second simulated user side by side, with a chat of their own', async () => {
    const { page } = browser;
    await page.locator(`#openers button[data-user-id="${SANDBOX_ADMIN.id}"]`).click();
    const admin = new ChatPane(page, SANDBOX_ADMIN.id);
    await admin.ready();
    expect(await admin.root.locator('.msg').count()).toBe(0);
    await admin.send('/start');
    await admin.waitForBot(/choose your language/);
    expect(await page.locator('.pane').count()).toBe(2);
    await browser.shot('20-two-users');
  });
});
