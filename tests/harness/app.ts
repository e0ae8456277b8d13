// End-to-end harness: the real composition (main.ts `startApp`) in-process, against the Bot API emulator and
// a fresh migrated database, with the simulated messenger driver. Tests act as Telegram users.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { loadConfig, type Config } from '../../core/config.js';
import { createLogger } from '../../core/logging/logger.js';
import { startApp, type App, type Role } from '../../main.js';
import { createBotApiEmulator, type BotApiEmulator, type TestUser, type TestUserProfile } from '../../bot/sandbox/bot-api/index.js';
import { createTestDatabaseUrl } from './db.js';

export const TEST_BOT_TOKEN = '123456789:TEST-token_abcdefghijklmnopqrstuvwxyz';
// A fixed key: tests never hold real credentials.
export const TEST_CREDENTIALS_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

export interface TestAppOptions {
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  clock?: Clock;
  role?: Exclude<Role, 'migrate'>;
}

export interface TestApp {
  app: App;
  config: Config;
  emulator: BotApiEmulator;
  /** Environment the app was started with (for child processes that must share it). */
  env: Record<string, string>;
  user(profile: TestUserProfile): TestUser;
  /** Stops the app (as a graceful shutdown would) and starts a new one on the same database and emulator. */
  restart(): Promise<void>;
  /** Stops the app, the emulator and drops the database. */
  stop(): Promise<void>;
}

/** Starts Contactd in-process against a new emulator and database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const emulator = await createBotApiEmulator({ token: TEST_BOT_TOKEN });
  const database = await createTestDatabaseUrl();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'contactd-e2e-'));
  const env: Record<string, string> = {
    BOT_TOKEN: TEST_BOT_TOKEN,
    BOT_API_ROOT: emulator.apiRoot,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_TO_STDOUT: 'false',
    LOG_LEVEL: 'warn',
    MESSENGER_DRIVER: 'simulated',
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    RATE_LIMIT_PER_SECOND: '100',
    ...options.env,
  };
  const config = loadConfig(env);
  const start = () =>
    startApp(config, options.role ?? 'start', { clock: options.clock, logger: createLogger({ level: config.LOG_LEVEL, stdout: process.env.E2E_LOGS === '1' }) });
  let app = await start();
  const harness: TestApp = {
    get app() {
      return app;
    },
    config,
    emulator,
    env,
    user: (profile) => emulator.user(profile),
    restart: async () => {
      await app.stop('test-restart');
      app = await start();
    },
    stop: async () => {
      await app.stop('test-done');
      await emulator.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Walks the onboarding as a new user would: English, 18+, accept the policy, time zone Berlin. */
export async function registerUser(user: TestUser, city = 'Berlin'): Promise<void> {
  user.send('/start');
  await user.waitFor(/choose your language/);
  user.press('English');
  await user.waitFor(/18 years old or older/);
  user.press('Yes, I am 18 or older');
  await user.waitFor(/Do you accept the privacy policy/);
  user.press('I accept');
  await user.waitFor(/your time zone/);
  user.send(city);
  await user.waitFor(/Is that right\?/);
  user.press("Yes, that's right");
  const done = await user.waitFor(/All set/);
  expect(done.text).toContain('main menu');
}
