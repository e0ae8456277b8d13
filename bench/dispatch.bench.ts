// `npm run bench -- dispatch`: one worker process, pacing off, the simulated Telegram driver, 100 accounts:
// deliveries per second through the full state machine (claim → sending with stored id → send → sent) and
// the p99 claim-to-sent latency, against a naive design with one Agenda job per message in the same run.
// Embedded PostgreSQL unless DATABASE_URL is set.
import { Agenda, type Job } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { systemClock } from '../core/clock.js';
import { cryptoRandom } from '../core/random.js';
import { CampaignService } from '../core/campaigns/campaign.service.js';
import { DeliveryDispatcher } from '../core/delivery/delivery-dispatcher.js';
import { CONTACT_COLUMNS, MessageRenderer, recipientRef, type ContactRow } from '../core/delivery/delivery-renderer.js';
import { createSimulatedDriver } from '../core/messengers/simulated/index.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../workers/delivery/memory-registry.js';
import { createUser, UNPACED } from '../tests/integration/delivery/delivery-fixtures.js';
import { openScratchDatabase, seedBulkContacts } from '../tests/integration/delivery/delivery-seed.js';

const DELIVERIES = Number(process.env.DISPATCH_DELIVERIES ?? '20000');
const NAIVE_DELIVERIES = Number(process.env.DISPATCH_NAIVE_DELIVERIES ?? '2000');
const ACCOUNTS = 100;

const { db, stop } = await openScratchDatabase('bench_dispatch');
try {
  const pool = db.pool;
  const driver = createSimulatedDriver('telegram', { replies: false });
  const user = await createUser(pool, 'bench');
  await seedBulkContacts(pool, user.id, DELIVERIES + NAIVE_DELIVERIES);
  const live = await connectSimulatedAccounts(pool, driver, user, ACCOUNTS, new Date());
  const registry = new MemoryConnectionRegistry();
  for (const account of live) await registry.add(account);
  const service = new CampaignService({ db, clock: systemClock, random: cryptoRandom });
  const { rows: contactIds } = await pool.query<{ id: number }>('SELECT id FROM contacts WHERE user_id = $1 ORDER BY id', [user.id]);
  const split = contactIds[DELIVERIES - 1]!.id;

  const launch = async (tag: string): Promise<number> => {
    await pool.query(`UPDATE contacts SET tags = ARRAY[$2] WHERE user_id = $1 AND (id <= $3) = ($2 = 'engine')`, [user.id, tag, split]);
    const { id } = await service.createDraft(user.id, tag);
    await service.update(user.id, id, { accountIds: live.map((a) => a.accountId), schedule: UNPACED, allowOverlap: true, audience: { listIds: [], tags: [tag], excludeTags: [] } });
    await service.setSteps(user.id, id, [{ template: 'Hi {first_name}', delaySeconds: 0 }]);
    await service.launch(user.id, id);
    return id;
  };

  const measure = async (campaignId: number, seconds: number, label: string): Promise<{ perSecond: number; p99: number }> => {
    const { rows } = await pool.query<{ sent: number; p99: number }>(
      `SELECT count(*)::int AS sent,
              coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - sending_at) * 1000), 0)::float AS p99
       FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`,
      [campaignId],
    );
    const perSecond = rows[0]!.sent / seconds;
    console.log(`${label}: ${rows[0]!.sent} sent in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)}/s, p99 claim→sent ${rows[0]!.p99.toFixed(1)} ms`);
    return { perSecond, p99: rows[0]!.p99 };
  };

  // The engine: one dispatcher loop claiming batches for every held account.
  const engineId = await launch('engine');
  const dispatcher = new DeliveryDispatcher(
    { pool, clock: systemClock, registry, newClientMessageId: () => driver.newClientMessageId() },
    { batchSize: 1000 },
  );
  let started = performance.now();
  while ((await dispatcher.dispatchOnce()) > 0) {
    // until nothing is due
  }
  const engine = await measure(engineId, (performance.now() - started) / 1000, 'engine');

  // The naive design: one Agenda job per message, each doing its own conditional updates.
  const naiveId = await launch('naive');
  const renderer = new MessageRenderer();
  const agenda = new Agenda({ backend: new PostgresBackend({ pool, tableName: 'agenda_jobs' }), processEvery: '200 milliseconds', maxConcurrency: 100, defaultConcurrency: 100 });
  agenda.define('naive.send', async (job: Job<{ id: number }>) => {
    const { rows } = await pool.query<ContactRow & { id: number; account_id: number; recipient: string; step_id: number; contact_id: number; template: string }>(
      `WITH c AS (UPDATE deliveries SET status = 'sending', sending_at = now(), attempts = attempts + 1 WHERE id = $1 AND status = 'queued' RETURNING *)
       SELECT c.id, c.account_id, c.recipient, c.step_id, c.contact_id, s.template, ${CONTACT_COLUMNS}
       FROM c JOIN campaign_steps s ON s.id = c.step_id JOIN contacts ct ON ct.id = c.contact_id`,
      [job.attrs.data.id],
    );
    const row = rows[0];
    if (row === undefined) return;
    const account = registry.get(row.account_id)!;
    const clientId = driver.newClientMessageId();
    const text = renderer.render(row.step_id, row.template, row.contact_id, row);
    await pool.query('UPDATE deliveries SET client_message_id = $2, rendered_text = $3 WHERE id = $1', [row.id, clientId, text]);
    const to = await account.connection.resolveRecipient(recipientRef(row.recipient));
    const result = await account.connection.sendText(to, text, clientId);
    await pool.query(`UPDATE deliveries SET status = 'sent', sent_at = $2, rendered_text = NULL WHERE id = $1 AND status = 'sending'`, [row.id, result.sentAt]);
  });
  const { rows: naiveRows } = await pool.query<{ id: number }>('SELECT id FROM deliveries WHERE campaign_id = $1', [naiveId]);
  for (const row of naiveRows) await agenda.now('naive.send', { id: row.id });
  started = performance.now();
  await agenda.start();
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status <> 'sent'`, [naiveId]);
    if (rows[0]!.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const naive = await measure(naiveId, (performance.now() - started) / 1000, 'naive (one Agenda job per message)');
  await agenda.stop();
  console.log(`RESULT dispatch per_s=${engine.perSecond.toFixed(0)} p99_ms=${engine.p99.toFixed(0)} naive_per_s=${naive.perSecond.toFixed(0)}`);
} finally {
  await stop();
}
