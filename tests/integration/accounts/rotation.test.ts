import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { CredentialVaultError } from '../../../core/accounts/credential-vault.js';
import { rotateCredentialsKeyCommand } from '../../../core/accounts/credentials-rotation.js';
import { verifyStoredCredentials } from '../../../core/accounts/credentials-key.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { FakeClock } from '../../../core/clock.js';
import { loadConfig } from '../../../core/config.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createAccount, createUser, credentialRows, KEY_A, KEY_B, vaultOf } from './account-fixtures.js';
import { tempDir } from '../../harness/temp-dirs.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const clock = new FakeClock(new Date('2026-11-29T10:00:00Z'));
const logger = pino({ level: 'silent' });

function configWith(env: Record<string, string>) {
  return loadConfig({ DATA_DIR: tempDir('rotate'), LOG_TO_STDOUT: 'false', ...env });
}

describe('rotate-credentials-key', () => {
  it('re-encrypts every credential under the new key, after which the old key alone no longer opens them', async () => {
    const user = await createUser(t.db.pool);
    const accounts = [await createAccount(t.db.pool, user.id), await createAccount(t.db.pool, user.id)];
    const leases = await new AccountLeases(t.db.pool).claim('writer', 10, 30);
    for (const lease of leases) {
      const store = new PgCredentialStore(t.db.pool, vaultOf(KEY_A), clock, { accountId: lease.accountId, userId: user.id, holder: { owner: 'writer', fencingToken: lease.fencingToken } });
      await store.write({ session: `session-${lease.accountId}`, 'keys.1': 'k1' });
    }
    await t.db.pool.query(
      `INSERT INTO login_attempts (user_id, account_id, method, status, pending_input, pending_input_kind, expires_at, created_at, updated_at)
       VALUES ($1, $2, 'phone_code', 'waiting_code', $3, 'code', now() + interval '5 minutes', now(), now())`,
      [user.id, accounts[0], vaultOf(KEY_A).encrypt('12345', 'login:1:code')],
    );
    const before = await credentialRows(t.db.pool, accounts[0]!);

    const deps = { db: t.db, logger, clock, config: configWith({ CREDENTIALS_KEY: KEY_B, CREDENTIALS_OLD_KEYS: KEY_A }) };
    const result = (await rotateCredentialsKeyCommand.run([], deps)) as { rotated: number; current: number; skipped: number; keyId: string };
    expect(result).toMatchObject({ rotated: 5, current: 0, skipped: 0, keyId: vaultOf(KEY_B).currentKeyId });

    const after = await credentialRows(t.db.pool, accounts[0]!);
    expect(after.map((r) => r.value)).not.toEqual(before.map((r) => r.value));
    const newOnly = new PgCredentialStore(t.db.pool, vaultOf(KEY_B), clock, { accountId: accounts[0]!, userId: user.id, holder: { owner: 'reader', fencingToken: 0 } });
    expect(await newOnly.read(['session', 'keys.1'])).toEqual(new Map([['session', `session-${accounts[0]}`], ['keys.1', 'k1']]));
    const oldOnly = new PgCredentialStore(t.db.pool, vaultOf(KEY_A), clock, { accountId: accounts[0]!, userId: user.id, holder: { owner: 'reader', fencingToken: 0 } });
    await expect(oldOnly.read(['session'])).rejects.toMatchObject({ code: 'CREDENTIALS_KEY_MISMATCH' });

    const again = (await rotateCredentialsKeyCommand.run([], deps)) as { rotated: number; current: number };
    expect(again).toMatchObject({ rotated: 0, current: 5 });
  });

  it('stops with a key error, changing nothing, when a record was written under a key it was not given', async () => {
    const rowsBefore = (await t.db.pool.query<{ value: string }>('SELECT value FROM account_credentials ORDER BY account_id, key')).rows;
    const deps = { db: t.db, logger, clock, config: configWith({ CREDENTIALS_KEY: 'c'.repeat(64) }) };
    const error = await rotateCredentialsKeyCommand.run([], deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialVaultError);
    expect((error as CredentialVaultError).code).toBe('CREDENTIALS_KEY_MISMATCH');
    expect((error as Error).message).not.toContain('c'.repeat(16));
    const rowsAfter = (await t.db.pool.query<{ value: string }>('SELECT value FROM account_credentials ORDER BY account_id, key')).rows;
    expect(rowsAfter).toEqual(rowsBefore);
  });

  it('start-up check: the right key passes, a wrong key fails with a clear code', async () => {
    await expect(verifyStoredCredentials(t.db.pool, vaultOf(KEY_B))).resolves.toEqual({ checked: true, needsRotation: false });
    await expect(verifyStoredCredentials(t.db.pool, vaultOf(KEY_A, [KEY_B]))).resolves.toEqual({ checked: true, needsRotation: true });
    await expect(verifyStoredCredentials(t.db.pool, vaultOf(KEY_A))).rejects.toMatchObject({ code: 'CREDENTIALS_KEY_MISMATCH' });
  });
});
