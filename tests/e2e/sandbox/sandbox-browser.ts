// Drives the sandbox page in Debian's Chromium through playwright-core, as a person would: type, press
// inline buttons, download and attach files. Screenshots of each step go to test-artifacts/sandbox/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'sandbox');
// Generous: the whole suite runs beside this test on two cores (crash tests spawn several processes).
const WAIT_MS = 45_000;

/** Chromium's flags: no sandbox (containers run as root), and nothing that phones home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser test can run here. */
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

/** A headless Chromium with a fresh profile, and the sandbox page open in it. */
export interface SandboxBrowser {
  page: Page;
  /** Saves a full-page screenshot as `test-artifacts/sandbox/<name>.png` and returns its path. */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openSandboxPage(url: string): Promise<SandboxBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'contactd-chromium-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir and adds --headless.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  return {
    page,
    shot: async (name) => {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One chat pane of the page, acting as one Telegram user. */
export class ChatPane {
  readonly root: Locator;

  constructor(
    private readonly page: Page,
    userId: number,
  ) {
    this.root = page.locator(`.pane[data-user-id="${userId}"]`);
  }

  /** Waits until the pane received its snapshot. */
  async ready(): Promise<void> {
    await this.root.and(this.page.locator('[data-ready="true"]')).waitFor({ timeout: WAIT_MS });
  }

  /** Types a message and presses Enter. */
  async send(text: string): Promise<void> {
    const box = this.root.locator('textarea.text');
    await box.fill(text);
    await box.press('Enter');
  }

  /** The newest bot message whose text matches. */
  botMessage(text: string | RegExp): Locator {
    return this.root.locator('.msg.bot', { hasText: text }).last();
  }

  /** Waits for a bot message with this text and returns it. */
  async waitForBot(text: string | RegExp, timeoutMs = WAIT_MS): Promise<Locator> {
    const message = this.botMessage(text);
    try {
      await message.waitFor({ timeout: timeoutMs });
    } catch (error) {
      // Name what the chat shows instead, as the emulator's waitFor does.
      const last = (await this.root.locator('.msg').allInnerTexts()).slice(-5).map((t) => `  > ${t.replaceAll('\n', ' / ')}`);
      throw new Error(`No bot message matching ${String(text)} within ${timeoutMs} ms. Last messages:\n${last.join('\n')}`, { cause: error });
    }
    return message;
  }

  /** Presses the inline button with exactly this label in the newest message that shows it. */
  async press(label: string): Promise<void> {
    await this.root.locator('.keyboard').getByRole('button', { name: label, exact: true }).last().click();
  }

  /** Waits until the newest message shows a button with exactly this label (a toggle took effect). */
  async waitForButton(label: string): Promise<void> {
    await this.root.locator('.keyboard').getByRole('button', { name: label, exact: true }).last().waitFor({ timeout: WAIT_MS });
  }

  /** Bot messages in the chat right now. */
  botMessageCount(): Promise<number> {
    return this.root.locator('.msg.bot').count();
  }

  /** Opens the command menu (the "/" button) and picks a command. */
  async command(name: string): Promise<void> {
    await this.root.locator('button.menu').click();
    await this.root.locator('.commands button', { hasText: `/${name}` }).first().click();
  }

  /** Attaches a file from disk, as the paperclip does. */
  async attach(file: string): Promise<void> {
    await this.root.locator('input.file').setInputFiles(file);
  }
}
