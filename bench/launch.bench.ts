// `npm run bench -- launch`: launching a campaign to 100,000 contacts over 100 accounts through the real path
// (`CampaignService.launch`: validation, recipient selection, planning, the insert of the deliveries), against
// the bare `INSERT … SELECT` of the same number of rows into the same table in the same run. Each is run
// ROUNDS times on an emptied table and the median is reported (the machine is shared). Embedded PostgreSQL
// unless DATABASE_URL is set.
import type pg from 'pg';
import { systemClock } from '../core/clock.js';
import { cryptoRandom } from '../core/random.js';
import { CampaignService } from '../core/campaigns/campaign.service.js';
import { createUser, UNPACED } from '../tests/integration/delivery/delivery-fixtures.js';
import { openScratchDatabase, seedAccountRows, seedBulkContacts } from '../tests/integration/delivery/delivery-seed.js';

const CONTACTS = 100_000;
const ACCOUNTS = 100;
const ROUNDS = 3;
// The highest account limit and campaign cap (UNPACED's): 100 accounts × 1000 plan every contact today.
const ACCOUNT_LIMIT = 1_000;

const { db, stop } = await openScratchDatabase('bench_launch');
try {
  const pool = db.pool;
  const user = await createUser(pool, 'bench');
  await seedBulkContacts(pool, user.id, CONTACTS);
  const accountIds = await seedAccountRows(pool, user.id, ACCOUNTS);
  // Fully warmed up (started a year ago), so that the warm-up cap is above the limit and planning limits nothing.
  await pool.query(`UPDATE sender_accounts SET warmup_started_at = now() - interval '1 year', daily_limit = $2 WHERE id = ANY ($1::int[])`, [accountIds, ACCOUNT_LIMIT]);
  await pool.query('VACUUM ANALYZE');
  const service = new CampaignService({ db, clock: systemClock, random: cryptoRandom });

  const draft = async (): Promise<number> => {
    const { id } = await service.createDraft(user.id, 'bench');
    await service.update(user.id, id, { accountIds, schedule: UNPACED, allowOverlap: true });
    await service.setSteps(user.id, id, [{ template: '{Hi|Hello} {first_name|there}, a question about {company|your work}', delaySeconds: 0 }]);
    return id;
  };

  // The floor: the same number of rows inserted by the simplest INSERT … SELECT, with no rules at all.
  const bare = async (): Promise<number> => {
    const id = await draft();
    const { rows: step } = await pool.query<{ id: number }>('SELECT id FROM campaign_steps WHERE campaign_id = $1', [id]);
    const started = performance.now();
    const { rowCount } = await pool.query(
      `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, planned_at, queued_at, updated_at)
       SELECT c.user_id, $2, $3, c.id, $4, 'telegram', 'phone:' || c.phone, now(), now(), now() FROM contacts c WHERE c.user_id = $1`,
      [user.id, id, step[0]!.id, accountIds[0]],
    );
    const seconds = (performance.now() - started) / 1000;
    expectRows(rowCount, 'bare INSERT … SELECT');
    return seconds;
  };

  const launch = async (): Promise<number> => {
    const id = await draft();
    const started = performance.now();
    const result = await service.launch(user.id, id);
    const seconds = (performance.now() - started) / 1000;
    expectRows(result.queued, 'launch');
    const { rows } = await pool.query<{ min: number; max: number }>(
      'SELECT min(n)::int AS min, max(n)::int AS max FROM (SELECT count(*) AS n FROM deliveries WHERE campaign_id = $1 GROUP BY account_id) s',
      [id],
    );
    console.log(`  launch: queued ${result.queued}, skipped ${result.skipped}, per account ${rows[0]!.min}–${rows[0]!.max}`);
    return seconds;
  };

  const bareTimes: number[] = [];
  const launchTimes: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    bareTimes.push(await bare());
    await emptyDeliveries(pool);
    launchTimes.push(await launch());
    await emptyDeliveries(pool);
    console.log(`round ${round}: bare INSERT … SELECT ${bareTimes.at(-1)!.toFixed(3)} s, launch ${launchTimes.at(-1)!.toFixed(3)} s`);
  }
  const bareSeconds = median(bareTimes);
  const seconds = median(launchTimes);
  console.log(`bare INSERT … SELECT of ${CONTACTS} rows: median ${bareSeconds.toFixed(3)} s`);
  console.log(`launch to ${CONTACTS} contacts over ${ACCOUNTS} accounts: median ${seconds.toFixed(3)} s`);
  console.log(`RESULT launch seconds=${seconds.toFixed(3)} insert_select_ratio=${(seconds / bareSeconds).toFixed(2)}`);
} finally {
  await stop();
}

// A measurement that inserted fewer rows than contacts measures something else: stop rather than report it.
function expectRows(count: number | null, what: string): void {
  if (count !== CONTACTS) throw new Error(`${what} inserted ${count ?? 0} deliveries, expected ${CONTACTS}`);
}

// Every round starts from an empty, vacuumed table, so later rounds do not pay for earlier rounds' rows.
async function emptyDeliveries(pool: pg.Pool): Promise<void> {
  await pool.query('DELETE FROM deliveries');
  await pool.query(`UPDATE campaigns SET status = 'cancelled' WHERE status <> 'cancelled'`);
  await pool.query('VACUUM ANALYZE deliveries');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
