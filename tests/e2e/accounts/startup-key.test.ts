import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config.js';
import { connectDatabase } from '../../../core/db/database.js';
import { StartupError, startApp } from '../../../main.js';
import { TEST_BOT_TOKEN, TEST_CREDENTIALS_KEY } from '../../harness/app.js';
import { createTestDatabaseUrl } from '../../harness/db.js';
import { createAccount, createUser, vaultOf } from '../../integration/accounts/account-fixtures.js';
import { tempDir } from '../../harness/temp-dirs.js';

describe('start-up credentials key check', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabaseUrl();
    const db = await connectDatabase({ url: database.url, poolSize: 1 });
    const user = await createUser(db.pool);
    const accountId = await createAccount(db.pool, user.id);
    await db.pool.query(`INSERT INTO account_credentials (account_id, user_id, key, value, updated_at) VALUES ($1, $2, 'session', $3, now())`, [
      accountId,
      user.id,
      vaultOf(TEST_CREDENTIALS_KEY).encrypt('stored-session', `${accountId}:session`),
    ]);
    await db.close();
  });
  afterAll(async () => database.drop());

  it('stops with one clear line naming the setting, and no key material, when CREDENTIALS_KEY is not the key the data was stored under', async () => {
    const wrongKey = 'd'.repeat(64);
    const config = loadConfig({
      BOT_TOKEN: TEST_BOT_TOKEN,
      BOT_API_ROOT: 'http://127.0.0.1:9',
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('key-check'),
      CREDENTIALS_KEY: wrongKey,
      MESSENGER_DRIVER: 'simulated',
      LOG_TO_STDOUT: 'false',
    });
    const error = await startApp(config, 'worker', { logger: pino({ level: 'silent' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Credentials error: .*CREDENTIALS_KEY/);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(wrongKey.slice(0, 12));
    expect(message).not.toContain(TEST_CREDENTIALS_KEY.slice(0, 12));
  });
});
