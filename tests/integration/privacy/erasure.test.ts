import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/logger.js';
import { ErasureService } from '../../../core/privacy/erasure.service.js';
import { ACCOUNTS_CHANNEL } from '../../../core/accounts/login-attempts.js';
import { NotFoundError } from '../../../core/errors.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { rowsOfUser, seedUserData } from './user-data.fixture.js';

describe('erasure of a user', () => {
  let t: TestDatabase;
  const logger = createLogger({ level: 'silent', stdout: false });
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('removes every row of the user from every table of the schema, and nothing of another user', async () => {
    const victim = await seedUserData(t.db.pool, 9001);
    const bystander = await seedUserData(t.db.pool, 9002);
    const before = await rowsOfUser(t.db.pool, victim.userId, victim.telegramId);
    expect(before.undeclared, 'tables that declare no way to find a user’s rows (add user_id or justify them)').toEqual([]);
    // The fixture must reach every user-owned table, or the check below proves nothing for that table.
    const unseeded = Object.entries(before.counts).filter(([, n]) => n === 0).map(([table]) => table);
    expect(unseeded, 'user-owned tables the fixture does not fill').toEqual([]);
    const bystanderBefore = await rowsOfUser(t.db.pool, bystander.userId, bystander.telegramId);
    const listener = await t.db.pool.connect();
    const notified: string[] = [];
    listener.on('notification', (n) => void notified.push(n.payload ?? ''));
    await listener.query(`LISTEN "${ACCOUNTS_CHANNEL}"`);

    const result = await new ErasureService(t.db, logger).eraseUser(victim.userId);

    const after = await rowsOfUser(t.db.pool, victim.userId, victim.telegramId);
    expect(Object.entries(after.counts).filter(([, n]) => n > 0)).toEqual([]);
    expect(after.undeclared).toEqual([]);
    expect((await rowsOfUser(t.db.pool, bystander.userId, bystander.telegramId)).counts).toEqual(bystanderBefore.counts);
    expect(result).toMatchObject({ jobs: 1, botStates: 1 });
    // Session hosts hear that the account is gone, so they log it out and drop the connection.
    await expect.poll(() => notified).toEqual([String(victim.accountId)]);
    await listener.query(`UNLISTEN "${ACCOUNTS_CHANNEL}"`);
    listener.release();
    const secrets = await t.db.pool.query(`SELECT 1 FROM account_credentials WHERE value = 'SECRET-SESSION'`);
    expect(secrets.rowCount).toBe(1); // the bystander's only
  });

  it('answers NotFoundError for an unknown user', async () => {
    await expect(new ErasureService(t.db, logger).eraseUser(424242)).rejects.toBeInstanceOf(NotFoundError);
  });
});
