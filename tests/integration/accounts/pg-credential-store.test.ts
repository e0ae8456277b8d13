import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { LeaseLostError } from '../../../core/accounts/account.errors.js';
import { CredentialVaultError } from '../../../core/accounts/credential-vault.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { FakeClock } from '../../../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createAccount, createUser, credentialRows, expireLease, KEY_A, vaultOf } from './account-fixtures.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const clock = new FakeClock(new Date('2026-11-29T10:00:00Z'));
const vault = vaultOf(KEY_A);

async function heldStore(owner: string, accountId: number, userId: number): Promise<PgCredentialStore> {
  await new AccountLeases(t.db.pool).claim(owner, 1000, 30);
  // The claim may have taken this account now or earlier: the lease row says which token is current.
  const { rows } = await t.db.pool.query<{ fencing_token: number }>('SELECT fencing_token FROM account_leases WHERE account_id = $1 AND owner = $2', [accountId, owner]);
  if (!rows[0]) throw new Error(`${owner} could not claim account ${accountId}`);
  return new PgCredentialStore(t.db.pool, vault, clock, { accountId, userId, holder: { owner, fencingToken: rows[0].fencing_token } });
}

describe('PgCredentialStore', () => {
  it('round-trips values, reads by prefix, deletes with null, and stores only ciphertext', async () => {
    const user = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, user.id);
    const store = await heldStore('worker-1', accountId, user.id);

    await store.write({ 'keys.pre-key.1': 'one', 'keys.pre-key.2': 'two', creds: 'secret-session-string' });
    expect(await store.read(['creds', 'missing'])).toEqual(new Map([['creds', 'secret-session-string']]));
    expect(await store.readPrefix('keys.pre-key.')).toEqual(new Map([['keys.pre-key.1', 'one'], ['keys.pre-key.2', 'two']]));

    const rows = await credentialRows(t.db.pool, accountId);
    expect(rows.map((r) => r.key)).toEqual(['creds', 'keys.pre-key.1', 'keys.pre-key.2']);
    for (const row of rows) {
      expect(row.value.startsWith('v1.')).toBe(true);
      expect(row.value).not.toContain('secret');
    }

    await store.write({ 'keys.pre-key.1': null, creds: 'rotated-session' });
    expect(await store.read(['creds', 'keys.pre-key.1'])).toEqual(new Map([['creds', 'rotated-session']]));
    await store.clear();
    expect(await credentialRows(t.db.pool, accountId)).toEqual([]);
  });

  it('refuses a write from a holder whose fencing token is stale, leaving the successor’s data intact', async () => {
    const user = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, user.id);
    const stale = await heldStore('worker-a', accountId, user.id);
    await stale.write({ creds: 'from-a' });

    await expireLease(t.db.pool, accountId);
    const successor = await heldStore('worker-b', accountId, user.id);
    await successor.write({ creds: 'from-b' });

    await expect(stale.write({ creds: 'late-from-a' })).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.clear()).rejects.toBeInstanceOf(LeaseLostError);
    expect(await successor.read(['creds'])).toEqual(new Map([['creds', 'from-b']]));
  });

  it('refuses a write when the same owner re-claimed the account (the old token is stale)', async () => {
    const user = await createUser(t.db.pool);
    const accountId = await createAccount(t.db.pool, user.id);
    const first = await heldStore('worker-same', accountId, user.id);
    await expireLease(t.db.pool, accountId);
    const second = await heldStore('worker-same', accountId, user.id);
    await expect(first.write({ creds: 'x' })).rejects.toBeInstanceOf(LeaseLostError);
    await second.write({ creds: 'y' });
    expect(await second.read(['creds'])).toEqual(new Map([['creds', 'y']]));
  });

  it('binds each value to its account and key: a value copied to another row does not open', async () => {
    const user = await createUser(t.db.pool);
    const source = await createAccount(t.db.pool, user.id);
    const target = await createAccount(t.db.pool, user.id);
    await (await heldStore('worker-c', source, user.id)).write({ creds: 'session-of-source' });
    const targetStore = await heldStore('worker-c', target, user.id);
    await t.db.pool.query(
      `INSERT INTO account_credentials (account_id, user_id, key, value, updated_at) SELECT $2, user_id, key, value, now() FROM account_credentials WHERE account_id = $1`,
      [source, target],
    );
    const error = await targetStore.read(['creds']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialVaultError);
    expect((error as CredentialVaultError).code).toBe('CREDENTIALS_TAMPERED');
  });
});
