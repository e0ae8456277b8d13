import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/clock.js';
import { cryptoRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, UNPACED } from './delivery-fixtures.js';
import { seedAccountRows, seedBulkContacts } from './delivery-seed.js';

const SCRIPT = path.join(import.meta.dirname, 'delivery-worker.script.ts');
const ACCOUNTS = 50;

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

interface Setup {
  /** The ledger's last id before the campaign started. */
  ledgerStart: number;
  user: { id: number; chatId: number };
  accountIds: number[];
  campaignId: number;
}

async function setUp(contacts: number): Promise<Setup> {
  const pool = tdb.db.pool;
  const user = await createUser(pool);
  await seedBulkContacts(pool, user.id, contacts);
  const accountIds = await seedAccountRows(pool, user.id, ACCOUNTS);
  const service = new CampaignService({ db: tdb.db, clock: systemClock, random: cryptoRandom });
  const { id } = await service.createDraft(user.id, 'crash');
  await service.update(user.id, id, { accountIds, schedule: UNPACED });
  await service.setSteps(user.id, id, [{ template: 'Hello {first_name}', delaySeconds: 0 }]);
  expect((await service.launch(user.id, id)).queued).toBe(contacts);
  const ledgerStart = await count('SELECT coalesce(max(id), 0)::int AS n FROM simulated_ledger', []);
  return { ledgerStart, user, accountIds, campaignId: id };
}

function startWorker(setup: Setup, options: { staleClaimMs: number; latencyMs: number }): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify({
    url: tdb.url, user: setup.user, accountIds: setup.accountIds, campaignId: setup.campaignId, batchSize: 250, ...options,
  })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await tdb.db.pool.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

/** Every delivery terminal; the ledger holds exactly one message per delivery, under its stored client id. */
async function expectExactlyOnce(setup: Setup, total: number): Promise<void> {
  expect(await count(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [setup.campaignId])).toBe(total);
  const { rows } = await tdb.db.pool.query<{ missing: number; duplicates: number; extra: number }>(
    `WITH mine AS (SELECT client_message_id FROM deliveries WHERE campaign_id = $1),
          ledger AS (SELECT l.client_message_id, count(*) AS n FROM simulated_ledger l
                     WHERE l.client_message_id IN (SELECT client_message_id FROM mine) GROUP BY l.client_message_id)
     SELECT (SELECT count(*)::int FROM mine m WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.client_message_id = m.client_message_id)) AS missing,
            (SELECT count(*)::int FROM ledger WHERE n > 1) AS duplicates,
            (SELECT count(*)::int FROM simulated_ledger l WHERE l.id > $2
               AND l.client_message_id NOT IN (SELECT client_message_id FROM mine)) AS extra`,
    [setup.campaignId, setup.ledgerStart],
  );
  expect(rows[0]).toEqual({ missing: 0, duplicates: 0, extra: 0 });
}

describe('delivery across worker crashes and several workers', () => {
  it('a worker killed with SIGKILL mid-campaign is replaced and every delivery ends sent exactly once', async () => {
    const setup = await setUp(2000);
    const first = startWorker(setup, { staleClaimMs: 1_000, latencyMs: 1 });
    await expect
      .poll(() => count(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [setup.campaignId]), { timeout: 30_000, interval: 20 })
      .toBeGreaterThan(300);
    first.child.kill('SIGKILL');
    await first.exited;
    const left = await count(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status <> 'sent'`, [setup.campaignId]);
    expect(left).toBeGreaterThan(0);
    const second = startWorker(setup, { staleClaimMs: 1_000, latencyMs: 0 });
    expect(await second.exited).toBe(0);
    await expectExactlyOnce(setup, 2000);
  }, 60_000);

  it.each([2, 3])('%i workers on one campaign send every delivery once between them', async (n) => {
    const setup = await setUp(1000);
    const workers = Array.from({ length: n }, () => startWorker(setup, { staleClaimMs: 60_000, latencyMs: 1 }));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual(Array.from({ length: n }, () => 0));
    await expectExactlyOnce(setup, 1000);
  }, 60_000);
});
