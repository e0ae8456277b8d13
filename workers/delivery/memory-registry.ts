import type pg from 'pg';
import type { ConnectionRegistry, LiveAccount } from '../../core/accounts/connection-registry.js';
import type { CredentialStore, IncomingMessage } from '../../core/messengers/messenger.js';
import type { SimulatedDriver } from '../../core/messengers/simulated/index.js';

type IncomingHandler = (account: LiveAccount, message: IncomingMessage) => Promise<void>;
type ConnectedHandler = (account: LiveAccount) => Promise<void>;

/**
 * A `ConnectionRegistry` over connections this process opened itself, without leases: for the sandbox,
 * benchmarks and tests of the delivery engine (the session host is the production registry).
 */
export class MemoryConnectionRegistry implements ConnectionRegistry {
  private readonly accounts = new Map<number, LiveAccount>();
  private readonly incoming: IncomingHandler[] = [];
  private readonly connected: ConnectedHandler[] = [];

  get(accountId: number): LiveAccount | undefined {
    return this.accounts.get(accountId);
  }

  held(): LiveAccount[] {
    return [...this.accounts.values()];
  }

  onIncoming(handler: IncomingHandler): void {
    this.incoming.push(handler);
  }

  onConnected(handler: ConnectedHandler): void {
    this.connected.push(handler);
  }

  /** Holds `account` from now on: its incoming messages reach the handlers, then `onConnected` runs. */
  async add(account: LiveAccount): Promise<void> {
    this.accounts.set(account.accountId, account);
    account.connection.onIncoming(async (message) => {
      for (const handler of this.incoming) await handler(account, message);
    });
    for (const handler of this.connected) await handler(account);
  }
}

class MapCredentialStore implements CredentialStore {
  private readonly values = new Map<string, string>();
  async read(keys: readonly string[]): Promise<Map<string, string>> {
    return new Map(keys.flatMap((key) => (this.values.has(key) ? [[key, this.values.get(key)!] as const] : [])));
  }
  async readPrefix(prefix: string): Promise<Map<string, string>> {
    return new Map([...this.values].filter(([key]) => key.startsWith(prefix)));
  }
  async write(changes: Readonly<Record<string, string | null>>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) this.values.delete(key);
      else this.values.set(key, value);
    }
  }
  async clear(): Promise<void> {
    this.values.clear();
  }
}

/** The phone of the `index`-th simulated sender account (distinct from recipients' numbers). */
export function senderPhone(index: number): string {
  return `+1555020${String(index).padStart(4, '0')}`;
}

/**
 * Creates `count` active sender accounts of `userId` on the driver's platform (or reuses the given ids),
 * connects each through the simulated driver and returns them live. Account `i` uses `senderPhone(i)`.
 */
export async function connectSimulatedAccounts(
  pool: pg.Pool,
  driver: SimulatedDriver,
  user: { id: number; chatId: number },
  count: number,
  now: Date,
  existingIds?: readonly number[],
): Promise<LiveAccount[]> {
  const live: LiveAccount[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = senderPhone(i);
    const credentials = new MapCredentialStore();
    const profile = await driver.control.seedSession(phone, credentials);
    let accountId = existingIds?.[i];
    if (accountId === undefined) {
      const { rows } = await pool.query<{ id: number }>(
        // Warmed up a year before `now`: engine tests and benchmarks send at the daily limit (1000), not a new
        // account's warm-up cap; tests of the warm-up seed their accounts' dates themselves.
        `INSERT INTO sender_accounts (user_id, platform, label, phone, platform_user_id, status, daily_limit, connected_at, warmup_started_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'active', 1000, $6, $6::timestamptz - interval '1 year', $6, $6) RETURNING id`,
        [user.id, driver.platform, `sim-${i}`, phone, profile.platformUserId, now],
      );
      accountId = rows[0]!.id;
    }
    // Stands for the session host's lease: the dispatcher only sends through accounts whose lease holds.
    await pool.query(
      `INSERT INTO account_leases (account_id, user_id, owner, expires_at, fencing_token, renewed_at)
       VALUES ($1, $2, 'memory-registry', now() + interval '1 day', 1, now())
       ON CONFLICT (account_id) DO UPDATE SET owner = 'memory-registry', expires_at = now() + interval '1 day', fencing_token = 1`,
      [accountId, user.id],
    );
    const connection = await driver.restore(credentials);
    live.push({ accountId, userId: user.id, chatId: user.chatId, platform: driver.platform, fencingToken: 1, connection });
  }
  return live;
}
