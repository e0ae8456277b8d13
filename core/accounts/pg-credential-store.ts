import type pg from 'pg';
import type { Clock } from '../clock.js';
import { inTransaction } from '../delivery/sql.js';
import type { CredentialStore } from '../messengers/messenger.js';
import { AccountLeases, type LeaseHolder } from './account-lease.js';
import type { CredentialVault } from './credential-vault.js';

/** Associated data binding a stored credential to its account and key (a value copied elsewhere fails to open). */
export const credentialAad = (accountId: number, key: string): string => `${accountId}:${key}`;

export interface PgCredentialStoreOptions {
  accountId: number;
  userId: number;
  /** The lease this process holds; every write checks it is still current. */
  holder: LeaseHolder;
}

/**
 * The messenger port's `CredentialStore` over `account_credentials`: values encrypted by the vault, each
 * bound to `<accountId>:<key>`. Writes are one transaction and fenced by the account's lease, so a worker
 * that lost the account can never overwrite the session its successor is using.
 */
export class PgCredentialStore implements CredentialStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly vault: CredentialVault,
    private readonly clock: Clock,
    private readonly options: PgCredentialStoreOptions,
  ) {}

  async read(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    return this.decryptRows(
      await this.pool.query<Row>('SELECT key, value FROM account_credentials WHERE account_id = $1 AND key = ANY($2::text[])', [
        this.options.accountId,
        [...keys],
      ]),
    );
  }

  async readPrefix(prefix: string): Promise<Map<string, string>> {
    // left() instead of LIKE: a prefix may contain % or _.
    return this.decryptRows(
      await this.pool.query<Row>('SELECT key, value FROM account_credentials WHERE account_id = $1 AND left(key, length($2)) = $2', [
        this.options.accountId,
        prefix,
      ]),
    );
  }

  async write(changes: Readonly<Record<string, string | null>>): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const { accountId, userId, holder } = this.options;
    const upserts = entries.filter((e): e is [string, string] => e[1] !== null);
    const deletes = entries.filter(([, value]) => value === null).map(([key]) => key);
    await inTransaction(this.pool, async (client) => {
      await new AccountLeases(client).assertHeld(accountId, holder);
      if (deletes.length) await client.query('DELETE FROM account_credentials WHERE account_id = $1 AND key = ANY($2::text[])', [accountId, deletes]);
      if (upserts.length) {
        await client.query(
          `INSERT INTO account_credentials (account_id, user_id, key, value, updated_at)
           SELECT $1, $2, v.key, v.value, $5 FROM unnest($3::text[], $4::text[]) AS v(key, value)
           ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [
            accountId,
            userId,
            upserts.map(([key]) => key),
            upserts.map(([key, value]) => this.vault.encrypt(value, credentialAad(accountId, key))),
            this.clock.now(),
          ],
        );
      }
    });
  }

  async clear(): Promise<void> {
    const { accountId, holder } = this.options;
    await inTransaction(this.pool, async (client) => {
      await new AccountLeases(client).assertHeld(accountId, holder);
      await client.query('DELETE FROM account_credentials WHERE account_id = $1', [accountId]);
    });
  }

  private decryptRows(result: pg.QueryResult<Row>): Map<string, string> {
    const { accountId } = this.options;
    return new Map(result.rows.map((row) => [row.key, this.vault.decrypt(row.value, credentialAad(accountId, row.key))]));
  }
}

interface Row {
  key: string;
  value: string;
}
