import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator } from '../../../bot/sandbox/bot-api/index.js';
import { TEST_BOT_TOKEN, TEST_CREDENTIALS_KEY } from '../../harness/app.js';
import { createTestDatabaseUrl } from '../../harness/db.js';
import { spawnService } from '../../harness/service-process.js';
import { tempDir } from '../../harness/temp-dirs.js';

describe('the service process', () => {
  let emulator: BotApiEmulator;
  let database: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await createBotApiEmulator({ token: TEST_BOT_TOKEN });
    database = await createTestDatabaseUrl();
    env = {
      BOT_TOKEN: TEST_BOT_TOKEN,
      BOT_API_ROOT: emulator.apiRoot,
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('process'),
      LOG_LEVEL: 'info',
      MESSENGER_DRIVER: 'simulated',
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    };
  });
  afterAll(async () => {
    await emulator.close();
    await database.drop();
  });

  const stateSavedSince = async (chatId: number, since: Date): Promise<boolean> => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1 FROM bot_state WHERE telegram_user_id = $1 AND updated_at > $2', [chatId, since]);
      return rows.length > 0;
    } finally {
      await client.end();
    }
  };

  const started = async (count: number) => expect.poll(() => emulator.callsOf('setMyCommands').length, { timeout: 30_000, interval: 100 }).toBe(count);

  it('continues a conversation after being killed with SIGKILL mid-onboarding, and stops cleanly on SIGTERM', async () => {
    const first = spawnService(['start'], env);
    await started(1);
    const user = emulator.user({ id: 7001, first_name: 'Killed' });
    user.send('/start');
    await user.waitFor(/choose your language/, { timeoutMs: 15_000 });
    const pressedAt = new Date();
    user.press('English');
    await user.waitFor(/18 years old/, { timeoutMs: 15_000 });
    // Killed while the bot waits for the user's answer: the conversation state of this step is saved.
    await expect.poll(() => stateSavedSince(7001, pressedAt), { timeout: 10_000 }).toBe(true);
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    user.press('Yes, I am 18 or older');
    const second = spawnService(['start'], env);
    await started(2);
    await user.waitFor(/Do you accept the privacy policy/, { timeoutMs: 20_000 });
    user.press('I accept');
    await user.waitFor(/your time zone/, { timeoutMs: 15_000 });

    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('"action":"process.stopped"');
  }, 90_000);

  it('starts the sandbox when `start` has no bot token, and stops it cleanly on SIGTERM', async () => {
    const sandbox = spawnService(['start'], { ...env, BOT_TOKEN: '', SANDBOX_DATABASE_URL: database.url, SANDBOX_PORT: '0', LOG_TO_STDOUT: 'false' });
    await expect.poll(() => /Open (http:\/\/127\.0\.0\.1:\d+) in your browser/.exec(sandbox.output())?.[1], { timeout: 30_000 }).toBeDefined();
    const url = /Open (http:\/\/127\.0\.0\.1:\d+) in your browser/.exec(sandbox.output())![1]!;
    expect(sandbox.output()).toContain('Nothing leaves this machine');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    sandbox.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
  }, 60_000);

  it('refuses to start with one clear line when the bot token is missing or the database unreachable', async () => {
    const noToken = spawnService(['bot'], { ...env, BOT_TOKEN: '' });
    expect(await noToken.exited).toBe(2);
    expect(noToken.output().trim()).toBe('Configuration error: BOT_TOKEN: expected a bot token from @BotFather like 123456789:AAE… (see README, "Create a bot")');

    const production = spawnService(['start'], { ...env, BOT_TOKEN: '', NODE_ENV: 'production' });
    expect(await production.exited).toBe(2);
    expect(production.output().trim()).toBe(
      'Configuration error: BOT_TOKEN: expected a bot token from @BotFather in production (without one, npm start runs the local sandbox, which production refuses)',
    );

    const badDb = spawnService(['start'], { ...env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none', LOG_TO_STDOUT: 'false' });
    expect(await badDb.exited).toBe(2);
    expect(badDb.output().trim()).toBe('Database error: cannot connect to DATABASE_URL (ECONNREFUSED).');
  }, 60_000);
});
