// `npm run bench -- launch`: launching a campaign to 100,000 contacts over 100 accounts (validation, planning
// and the set-based materialisation), against the bare `INSERT … SELECT` of the same rows in the same run.
// Embedded PostgreSQL unless DATABASE_URL is set.
import { systemClock } from '../core/clock.js';
import { cryptoRandom } from '../core/random.js';
import { CampaignService } from '../core/campaigns/campaign.service.js';
import { createUser, UNPACED } from '../tests/integration/delivery/delivery-fixtures.js';
import { openScratchDatabase, seedAccountRows, seedBulkContacts } from '../tests/integration/delivery/delivery-seed.js';

const CONTACTS = 100_000;
const ACCOUNTS = 100;

const { db, stop } = await openScratchDatabase('bench_launch');
try {
  const pool = db.pool;
  const user = await createUser(pool, 'bench');
  await seedBulkContacts(pool, user.id, CONTACTS);
  const accountIds = await seedAccountRows(pool, user.id, ACCOUNTS);
  await pool.query('ANALYZE contacts');
  const service = new CampaignService({ db, clock: systemClock, random: cryptoRandom });

  const draft = async (): Promise<number> => {
    const { id } = await service.createDraft(user.id, 'bench');
    await service.update(user.id, id, { accountIds, schedule: UNPACED, allowOverlap: true });
    await service.setSteps(user.id, id, [{ template: '{Hi|Hello} {first_name|there}, a question about {company|your work}', delaySeconds: 0 }]);
    return id;
  };

  // The floor: the same number of rows inserted by the simplest INSERT … SELECT, with no rules at all.
  const bareId = await draft();
  const { rows: step } = await pool.query<{ id: number }>('SELECT id FROM campaign_steps WHERE campaign_id = $1', [bareId]);
  let started = performance.now();
  const bare = await pool.query(
    `INSERT INTO deliveries (user_id, campaign_id, step_id, contact_id, account_id, channel, recipient, planned_at, queued_at, updated_at)
     SELECT c.user_id, $2, $3, c.id, $4, 'telegram', 'phone:' || c.phone, now(), now(), now() FROM contacts c WHERE c.user_id = $1`,
    [user.id, bareId, step[0]!.id, accountIds[0]],
  );
  const bareSeconds = (performance.now() - started) / 1000;
  await pool.query('DELETE FROM deliveries WHERE campaign_id = $1', [bareId]);
  await pool.query('VACUUM ANALYZE deliveries');

  const id = await draft();
  started = performance.now();
  const result = await service.launch(user.id, id);
  const seconds = (performance.now() - started) / 1000;
  const { rows: perAccount } = await pool.query<{ min: number; max: number }>(
    'SELECT min(n)::int AS min, max(n)::int AS max FROM (SELECT count(*) AS n FROM deliveries WHERE campaign_id = $1 GROUP BY account_id) s',
    [id],
  );
  console.log(`bare INSERT … SELECT: ${bare.rowCount} rows in ${bareSeconds.toFixed(3)} s`);
  console.log(`launch: queued ${result.queued}, skipped ${result.skipped} in ${seconds.toFixed(3)} s; per account ${perAccount[0]!.min}–${perAccount[0]!.max}`);
  console.log(`RESULT launch seconds=${seconds.toFixed(3)} insert_select_ratio=${(seconds / bareSeconds).toFixed(2)}`);
} finally {
  await stop();
}
