import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { AccountService } from '../../../core/accounts/account.service.js';
import { LoginAttempts } from '../../../core/accounts/login-attempts.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { FakeClock } from '../../../core/clock.js';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createAccount, createUser, credentialRows, KEY_A, vaultOf } from './account-fixtures.js';

let t: TestDatabase;
let service: AccountService;
const clock = new FakeClock(new Date('2026-11-29T10:00:00Z'));
const vault = vaultOf(KEY_A);

beforeAll(async () => {
  t = await createTestDatabase();
  service = new AccountService(t.db.pool, vault, clock);
});
afterAll(async () => {
  await t.drop();
});

describe('AccountService', () => {
  it('disconnect marks the account disconnected and deletes its credentials in the same transaction', async () => {
    const user = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, user.id);
    const [lease] = await new AccountLeases(t.db.pool).claim('w', 100, 30);
    await new PgCredentialStore(t.db.pool, vault, clock, { accountId, userId: user.id, holder: { owner: 'w', fencingToken: lease!.fencingToken } }).write({ a: '1', b: '2' });

    // A failing statement after the two changes rolls both back: they live in one transaction.
    await t.db.pool.query(`CREATE OR REPLACE FUNCTION fail_notify() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql`);
    await t.db.pool.query(`CREATE TRIGGER fail_cancel AFTER UPDATE ON login_attempts FOR EACH STATEMENT EXECUTE FUNCTION fail_notify()`);
    await expect(service.disconnect(user.id, accountId)).rejects.toThrow('boom');
    expect(await credentialRows(t.db.pool, accountId)).toHaveLength(2);
    expect((await service.get(user.id, accountId)).status).toBe('active');
    await t.db.pool.query('DROP TRIGGER fail_cancel ON login_attempts');

    await expect(service.disconnect(user.id, accountId)).resolves.toEqual({ name: 'Sender' });
    expect(await credentialRows(t.db.pool, accountId)).toEqual([]);
    const { rows } = await t.db.pool.query<{ status: string }>('SELECT status FROM sender_accounts WHERE id = $1', [accountId]);
    expect(rows[0]!.status).toBe('disconnected');
    await expect(service.list(user.id)).resolves.toEqual([]);
  });

  it('never lets one user read or change another user’s account', async () => {
    const owner = await createUser(t.db.pool);
    const intruder = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, owner.id);
    await expect(service.get(intruder.id, accountId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.rename(intruder.id, accountId, 'mine')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.setDailyLimit(intruder.id, accountId, 50)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.disconnect(intruder.id, accountId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.get(owner.id, accountId)).status).toBe('active');
  });

  it('lists accounts with today’s sends against the daily limit, renamed and re-limited', async () => {
    const user = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, user.id, { phone: '+15550001111' });
    await t.db.pool.query(`INSERT INTO account_daily_usage (account_id, user_id, day, sent) VALUES ($1, $2, '2026-11-29', 7), ($1, $2, '2026-11-28', 40)`, [accountId, user.id]);
    await service.rename(user.id, accountId, '  Sales line  ');
    await service.setDailyLimit(user.id, accountId, 35);
    await expect(service.setDailyLimit(user.id, accountId, 0)).rejects.toBeInstanceOf(ValidationError);
    expect(await service.list(user.id)).toEqual([
      expect.objectContaining({ id: accountId, name: 'Sales line', phone: '+15550001111', status: 'active', dailyLimit: 35, sentToday: 7 }),
    ]);
  });

  it('starts a login with a lease row and an attempt, and hands typed codes over encrypted and without separators', async () => {
    const user = await createUser(t.db.pool);
    await expect(service.startConnect(user.id, { platform: 'whatsapp', method: 'phone_code', phone: '+15550001234' })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.startConnect(user.id, { platform: 'telegram', method: 'phone_code', phone: '12345' })).rejects.toThrow('INVALID_PHONE');
    const { accountId, attemptId } = await service.startConnect(user.id, { platform: 'telegram', method: 'phone_code', phone: '+1 555 000-1234' });
    expect((await service.get(user.id, accountId)).status).toBe('connecting');
    expect((await t.db.pool.query('SELECT 1 FROM account_leases WHERE account_id = $1', [accountId])).rowCount).toBe(1);

    await t.db.pool.query(`UPDATE login_attempts SET status = 'waiting_code' WHERE id = $1`, [attemptId]);
    await expect(service.submitLoginInput(user.id, attemptId, 'code', 'one two')).rejects.toBeInstanceOf(ValidationError);
    await service.submitLoginInput(user.id, attemptId, 'code', '1-2-3-4-5');
    const stored = await t.db.pool.query<{ pending_input: string }>('SELECT pending_input FROM login_attempts WHERE id = $1', [attemptId]);
    expect(stored.rows[0]!.pending_input).not.toContain('12345');

    const attempts = new LoginAttempts(t.db.pool, vault);
    expect(await attempts.takeInput(attemptId)).toEqual({ kind: 'code', value: '12345' });
    expect(await attempts.takeInput(attemptId)).toBeUndefined();
    const erased = await t.db.pool.query<{ pending_input: string | null }>('SELECT pending_input FROM login_attempts WHERE id = $1', [attemptId]);
    expect(erased.rows[0]!.pending_input).toBeNull();

    await service.cancelLogin(user.id, attemptId);
    expect((await t.db.pool.query('SELECT 1 FROM sender_accounts WHERE id = $1', [accountId])).rowCount).toBe(0);
  });
});
