// A worker process for the lease takeover test: a session host over the simulated messengers that prints
// every lease event as one JSON line (database times). Started with `node --import tsx`, killed by the test.
import pino from 'pino';
import { createKeyring, CredentialVault } from '../../../core/accounts/credential-vault.js';
import { createMessengerDrivers } from '../../../core/accounts/messenger-drivers.js';
import type { Clock } from '../../../core/clock.js';
import { connectDatabase } from '../../../core/db/database.js';
import type { Notifier } from '../../../core/notifier.js';
import { cryptoRandom } from '../../../core/random.js';
import { startSessionHost } from '../../../workers/session-host.js';

const env = process.env;
const owner = env.OWNER!;
// A skewed process clock must not matter: leases expire by the database's clock.
const skewMs = Number(env.CLOCK_SKEW_MS ?? 0);
const clock: Clock = { now: () => new Date(Date.now() + skewMs) };
const print = (event: string, accountId: number, token: number, at?: Date): void => {
  process.stdout.write(`${JSON.stringify({ event, owner, accountId, token, at: at?.toISOString() })}\n`);
};
const notifier: Notifier = {
  send: async () => ({ messageId: 0 }),
  edit: async () => undefined,
};

const db = await connectDatabase({ url: env.DATABASE_URL!, poolSize: 4 });
const logger = pino({ level: 'silent' });
const messengers = await createMessengerDrivers({ MESSENGER_DRIVER: 'simulated' }, { pool: db.pool, clock, random: cryptoRandom, logger });
const host = await startSessionHost({
  pool: db.pool,
  vault: new CredentialVault(createKeyring(env.CREDENTIALS_KEY!)),
  drivers: messengers.drivers,
  notifier,
  clock,
  logger,
  owner,
  leaseSeconds: Number(env.LEASE_SECONDS),
  maxAccounts: Number(env.MAX_ACCOUNTS),
  heartbeatMs: Number(env.HEARTBEAT_MS),
  observer: {
    acquired: (id, token, at) => print('acquired', id, token, at),
    renewed: (id, token, at) => print('renewed', id, token, at),
    released: (id, token) => print('released', id, token),
    lost: (id, token) => print('lost', id, token),
  },
});
host.onConnected(async (account) => print('connected', account.accountId, account.fencingToken));
process.stdout.write(`${JSON.stringify({ event: 'ready', owner })}\n`);
process.on('SIGTERM', () => {
  void host
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
