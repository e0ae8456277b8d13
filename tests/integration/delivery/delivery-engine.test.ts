import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { CampaignMaintenance } from '../../../core/delivery/campaign-maintenance.js';
import { DeliveryDispatcher } from '../../../core/delivery/delivery-dispatcher.js';
import { ReplyHandler } from '../../../core/delivery/reply-handler.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { MemoryConnectionRegistry, connectSimulatedAccounts } from '../../../workers/delivery/memory-registry.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, okPhone, RecordingNotifier, UNPACED } from './delivery-fixtures.js';

interface World {
  clock: FakeClock;
  driver: SimulatedDriver;
  registry: MemoryConnectionRegistry;
  notifier: RecordingNotifier;
  dispatcher: DeliveryDispatcher;
  maintenance: CampaignMaintenance;
  service: CampaignService;
  user: { id: number; chatId: number };
  accountIds: number[];
}

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

async function world(accounts = 2): Promise<World> {
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(1), replies: false });
  const registry = new MemoryConnectionRegistry();
  const notifier = new RecordingNotifier();
  const pool = tdb.db.pool;
  const user = await createUser(pool);
  const live = await connectSimulatedAccounts(pool, driver, user, accounts, clock.now());
  for (const account of live) await registry.add(account);
  const replies = new ReplyHandler(pool, clock, notifier);
  registry.onIncoming(async (account, message) => {
    await replies.handle(account, message);
  });
  const dispatcher = new DeliveryDispatcher(
    { pool, clock, registry, notifier, newClientMessageId: () => driver.newClientMessageId() },
    { batchSize: 50, backoffBaseMs: 10_000, maxAttempts: 3, staleClaimMs: 60_000 },
  );
  const maintenance = new CampaignMaintenance(pool, clock, notifier, { progressIntervalMs: 4_000 });
  const service = new CampaignService({ db: tdb.db, clock, random: seededRandom(2) });
  return { clock, driver, registry, notifier, dispatcher, maintenance, service, user, accountIds: live.map((a) => a.accountId) };
}

async function campaign(w: World, steps: { template: string; delaySeconds: number }[], patch: Record<string, unknown> = {}): Promise<number> {
  const { id } = await w.service.createDraft(w.user.id, 'Spring');
  await w.service.update(w.user.id, id, { accountIds: w.accountIds, schedule: UNPACED, ...patch });
  await w.service.setSteps(w.user.id, id, steps);
  return id;
}

async function drain(w: World): Promise<void> {
  while ((await w.dispatcher.dispatchOnce()) > 0) {
    // keep claiming until nothing is due
  }
}

describe('launching a campaign', () => {
  it('materialises one delivery per sendable contact, rotating accounts and skipping opted-out, unreachable and overlapping contacts', async () => {
    const w = await world(2);
    const ids = await insertContacts(tdb.db.pool, w.user.id, [
      { phone: okPhone(1), firstName: 'Ann' },
      { username: 'bob_x' },
      { phone: okPhone(3), optedOut: true },
      { phone: okPhone(4), reachable: false },
      { phone: null, username: null, firstName: 'Nobody' },
      { phone: okPhone(6) },
    ]);
    const first = await campaign(w, [{ template: 'Hi {first_name|there}', delaySeconds: 0 }]);
    const result = await w.service.launch(w.user.id, first);
    expect(result).toMatchObject({ queued: 3, skipped: 3, unplanned: 0 });
    const rows = await deliveryRows(tdb.db.pool, first);
    expect(rows.map((r) => Number(r.contact_id)).sort((a, b) => a - b)).toEqual([ids[0], ids[1], ids[5]].map(Number));
    expect(new Set(rows.map((r) => r.account_id))).toEqual(new Set(w.accountIds));
    expect(rows.find((r) => r.contact_id === ids[1])!.recipient).toBe('username:bob_x');

    // A second campaign to the same audience skips everyone already in the running one, unless overlap is allowed.
    const second = await campaign(w, [{ template: 'Again', delaySeconds: 0 }]);
    expect(await w.service.launch(w.user.id, second)).toMatchObject({ queued: 0, skipped: 6 });
    const third = await campaign(w, [{ template: 'Again', delaySeconds: 0 }], { allowOverlap: true });
    expect((await w.service.launch(w.user.id, third)).queued).toBe(3);
  });

  it('plans paced times within the window and the daily cap', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 5 }, (_, i) => ({ phone: okPhone(100 + i) })));
    const id = await campaign(w, [{ template: 'Hello', delaySeconds: 0 }], {
      schedule: { ...UNPACED, hours: { from: '10:00', to: '18:00' }, dailyCapPerAccount: 2, delaySeconds: { min: 60, max: 60 } },
    });
    await w.service.launch(w.user.id, id);
    const times = (await deliveryRows(tdb.db.pool, id)).map((r) => r.planned_at.toISOString()).sort();
    // Every recipient is cold (the account knows none of them): twice the 60 s pause between two.
    expect(times).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:02:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-03-03T10:02:00.000Z',
      '2026-03-04T10:00:00.000Z',
    ]);
  });
});

describe('dispatching', () => {
  it('sends every due delivery once, stores the client id before sending and erases the text afterwards', async () => {
    const w = await world(3);
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 20 }, (_, i) => ({ phone: okPhone(200 + i), firstName: `N${i}` })));
    const id = await campaign(w, [{ template: 'Hi {first_name}', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    await drain(w);
    const rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.every((r) => r.status === 'sent' && r.rendered_text === null && r.client_message_id !== null)).toBe(true);
    const ledger = await w.driver.control.ledger.list();
    const mine = ledger.filter((e) => rows.some((r) => r.client_message_id === e.clientMessageId));
    expect(mine).toHaveLength(20);
    expect(new Set(mine.map((e) => e.text)).has('Hi N0')).toBe(true);
  });

  it('sends nothing through an account whose lease another worker took (fencing token moved on)', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 3 }, (_, i) => ({ phone: okPhone(400 + i), firstName: `F${i}` })));
    const id = await campaign(w, [{ template: 'Hi {first_name}', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    await tdb.db.pool.query("UPDATE account_leases SET owner = 'another-worker', fencing_token = fencing_token + 1 WHERE account_id = $1", [w.accountIds[0]]);
    expect(await w.dispatcher.dispatchOnce()).toBe(0);
    expect((await deliveryRows(tdb.db.pool, id)).every((r) => r.status === 'queued')).toBe(true);
    await tdb.db.pool.query("UPDATE account_leases SET owner = 'memory-registry', fencing_token = 1 WHERE account_id = $1", [w.accountIds[0]]);
    await drain(w);
    expect((await deliveryRows(tdb.db.pool, id)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('takes over a stale sending claim with the same client message id, so the platform sees no second message', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(300) }]);
    const id = await campaign(w, [{ template: 'Once', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    const [row] = await deliveryRows(tdb.db.pool, id);
    // A worker stored its id and sent, then died before recording the outcome.
    const clientId = w.driver.newClientMessageId();
    const account = w.registry.get(row!.account_id)!;
    const to = await account.connection.resolveRecipient({ kind: 'phone', phone: okPhone(300) });
    await account.connection.sendText(to, 'Once', clientId);
    await tdb.db.pool.query(
      `UPDATE deliveries SET status = 'sending', sending_at = $2, client_message_id = $3, rendered_text = 'Once', attempts = 1 WHERE id = $1`,
      [row!.id, w.clock.now(), clientId],
    );
    expect(await w.dispatcher.dispatchOnce()).toBe(0);
    w.clock.advance(61_000);
    expect(await w.dispatcher.dispatchOnce()).toBe(1);
    const [after] = await deliveryRows(tdb.db.pool, id);
    expect(after!.status).toBe('sent');
    expect(after!.client_message_id).toBe(clientId);
    expect((await w.driver.control.ledger.list()).filter((e) => e.clientMessageId === clientId)).toHaveLength(1);
  });

  it('fails not-found and privacy-restricted recipients without retry, and retries transient errors with backoff', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, [{ phone: '+15551230000' }, { phone: '+15551231111' }, { phone: okPhone(400) }]);
    const id = await campaign(w, [{ template: 'Hey', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    w.driver.control.injectFault({ code: 'TRANSIENT' });
    await drain(w);
    let rows = await deliveryRows(tdb.db.pool, id);
    const retried = rows.filter((r) => r.status === 'queued');
    expect(retried.map((r) => r.error_code)).toEqual(['TRANSIENT']);
    expect(retried[0]!.planned_at.getTime()).toBe(w.clock.now().getTime() + 10_000);
    w.clock.advance(10_000);
    await drain(w);
    rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.map((r) => [r.status, r.error_code])).toEqual([
      ['failed', 'RECIPIENT_NOT_FOUND'],
      ['failed', 'PRIVACY_RESTRICTED'],
      ['sent', null],
    ]);
    expect(rows.find((r) => r.id === retried[0]!.id)!.attempts).toBe(2);
    expect(rows.every((r) => r.rendered_text === null)).toBe(true);
  });

  it('gives up after the maximum number of transient attempts', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(450) }]);
    const id = await campaign(w, [{ template: 'Hey', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    for (let i = 0; i < 3; i += 1) {
      w.driver.control.injectFault({ code: 'TRANSIENT' });
      await drain(w);
      w.clock.advance(60_000);
    }
    const [row] = await deliveryRows(tdb.db.pool, id);
    expect([row!.status, row!.error_code, row!.attempts]).toEqual(['failed', 'TRANSIENT', 3]);
  });

  it('pauses an account on flood wait until the given time and then sends, failing nothing', async () => {
    const w = await world(1);
    await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(500) }, { phone: okPhone(501) }]);
    const id = await campaign(w, [{ template: 'Hey', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    w.driver.control.injectFault({ code: 'FLOOD_WAIT', waitSeconds: 120 });
    await drain(w);
    let rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    const [notice] = w.notifier.of('account.limited');
    expect(notice).toMatchObject({ reason: 'FLOOD_WAIT', action: 'paused_until', until: '2026-03-02T09:02:00.000Z' });
    w.clock.advance(119_000);
    expect(await w.dispatcher.dispatchOnce()).toBe(0);
    w.clock.advance(1_000);
    await drain(w);
    rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('marks an account limited on peer flood and moves its deliveries to the campaign’s other account', async () => {
    const w = await world(2);
    await insertContacts(tdb.db.pool, w.user.id, Array.from({ length: 6 }, (_, i) => ({ phone: okPhone(600 + i) })));
    const id = await campaign(w, [{ template: 'Hey', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    const first = w.registry.get(w.accountIds[0]!)!;
    w.driver.control.injectFault({ code: 'PEER_FLOOD' }, first.connection.profile.platformUserId);
    await drain(w);
    const rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.every((r) => r.account_id === w.accountIds[1])).toBe(true);
    const { rows: account } = await tdb.db.pool.query<{ status: string }>('SELECT status FROM sender_accounts WHERE id = $1', [w.accountIds[0]]);
    expect(account[0]!.status).toBe('limited');
    expect(w.notifier.of('account.limited')[0]).toMatchObject({ reason: 'PEER_FLOOD', action: 'moved_to_other_accounts', accountId: w.accountIds[0] });
  });
});

describe('replies, follow-ups and completion', () => {
  it('marks a reply, stops that contact’s follow-ups, sends follow-ups to the others when due, and completes with a summary', async () => {
    const w = await world(1);
    const [a, b] = await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(700), firstName: 'Ann' }, { phone: okPhone(701) }]);
    const id = await campaign(w, [{ template: 'First', delaySeconds: 0 }, { template: 'Second', delaySeconds: 3600 }]);
    await w.service.launch(w.user.id, id);
    await drain(w);
    await w.maintenance.run();
    expect(w.notifier.of('campaign.progress').filter((p) => p.campaignId === id)).toHaveLength(1);
    const account = w.registry.get(w.accountIds[0]!)!;
    await w.driver.control.deliverIncoming({ kind: 'phone', phone: okPhone(700) }, 'Interested!', account.connection.profile.platformUserId);
    await expect.poll(() => w.notifier.of('delivery.reply').length).toBe(1);
    expect(w.notifier.of('delivery.reply')[0]).toMatchObject({ contactId: a, campaignId: id, text: 'Interested!', optedOut: false, contactLabel: 'Ann' });

    w.clock.advance(3_600_000);
    await w.maintenance.run();
    await drain(w);
    const rows = await deliveryRows(tdb.db.pool, id);
    expect(rows.map((r) => [r.contact_id, r.status])).toEqual([[a, 'replied'], [b, 'sent'], [b, 'sent']]);
    await w.maintenance.run();
    const [summary] = w.notifier.of('campaign.completed').filter((s) => s.campaignId === id);
    expect(summary).toMatchObject({ campaignId: id, counts: { sent: 2, replied: 1, total: 3 } });
    expect((await w.service.get(w.user.id, id)).status).toBe('completed');
  });

  it('opts a contact out on a stop word and skips its queued deliveries in every campaign', async () => {
    const w = await world(1);
    const [a] = await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(800) }]);
    const id = await campaign(w, [{ template: 'First', delaySeconds: 0 }]);
    await w.service.launch(w.user.id, id);
    await drain(w);
    const other = await campaign(w, [{ template: 'Other', delaySeconds: 0 }], {
      allowOverlap: true,
      schedule: { ...UNPACED, startAt: '2026-03-09T09:00:00Z' },
    });
    await w.service.launch(w.user.id, other);
    const account = w.registry.get(w.accountIds[0]!)!;
    await w.driver.control.deliverIncoming({ kind: 'phone', phone: okPhone(800) }, '  Stop! ', account.connection.profile.platformUserId);
    await expect.poll(() => w.notifier.of('delivery.reply').length).toBe(1);
    expect(w.notifier.of('delivery.reply')[0]!.optedOut).toBe(true);
    const { rows } = await tdb.db.pool.query<{ opted_out_at: Date | null }>('SELECT opted_out_at FROM contacts WHERE id = $1', [a]);
    expect(rows[0]!.opted_out_at).not.toBeNull();
    expect((await deliveryRows(tdb.db.pool, other)).map((r) => [r.status, r.error_code])).toEqual([['skipped', 'OPTED_OUT']]);
  });
});
