// A delivery worker process for the crash and multi-worker tests: `node --import tsx delivery-worker.script.ts '<json>'`.
// Holds simulated connections of the given accounts (recording into the PostgreSQL ledger shared by every
// process), runs the dispatcher until the campaign has nothing queued or sending, then exits 0.
import { systemClock } from '../../../core/clock.js';
import { connectDatabase } from '../../../core/db/database.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { createSimulatedDriver, PgSimulatedLedger } from '../../../core/messengers/simulated/index.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';

interface WorkerArgs {
  url: string;
  user: { id: number; chatId: number };
  accountIds: number[];
  campaignId: number;
  staleClaimMs: number;
  batchSize: number;
  latencyMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const db = await connectDatabase({ url: args.url, poolSize: 6 });
const driver = createSimulatedDriver('telegram', { replies: false, ledger: new PgSimulatedLedger(db.pool), latencyMs: args.latencyMs });
const registry = new MemoryConnectionRegistry();
for (const account of await connectSimulatedAccounts(db.pool, driver, args.user, args.accountIds.length, new Date(), args.accountIds)) {
  await registry.add(account);
}
const dispatcher = new DeliveryDispatcher(
  { pool: db.pool, clock: systemClock, registry, newClientMessageId: () => driver.newClientMessageId() },
  { batchSize: args.batchSize, staleClaimMs: args.staleClaimMs },
);
const started = Date.now();
process.stdout.write('ready\n');
for (;;) {
  const claimed = await dispatcher.dispatchOnce();
  if (claimed > 0) continue;
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'sending')`,
    [args.campaignId],
  );
  if (rows[0]!.n === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stderr.write(`worker done in ${Date.now() - started} ms\n`);
await db.close();
process.exit(0);
