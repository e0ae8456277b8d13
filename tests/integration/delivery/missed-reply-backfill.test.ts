import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountLeases } from '../../../core/accounts/account-lease.js';
import { PgCredentialStore } from '../../../core/accounts/pg-credential-store.js';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { FakeClock } from '../../../core/clock.js';
import type { MessengerConnection, MessengerDriver } from '../../../core/messengers/messenger.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { clientIdsFrom, startDeliveryEngine } from '../../../workers/delivery/delivery-engine.js';
import { startSessionHost } from '../../../workers/session-host.js';
import { createAccount, KEY_A, vaultOf } from '../accounts/account-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, launchCampaign, okPhone, RecordingNotifier } from './delivery-fixtures.js';

/**
 * Issue #7 point 3: replies that reach an account while no worker holds it are found when a worker connects
 * it again, before that account sends anything more. The workers here are the production pair (session host
 * + delivery engine, started in main.ts's order) over one simulated platform and one database.
 */

const SENDER_PHONE = '+15550300001';
const HOUR = 3_600_000;
const STEPS = [
  { template: 'First', delaySeconds: 0 },
  { template: 'Second', delaySeconds: 3_600 },
];

let tdb: TestDatabase;
const vault = vaultOf(KEY_A);
const logger = pino({ level: 'silent' });
const running: Worker[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  for (const worker of running.splice(0)) await worker.stop();
  // Every session host claims every active account of the database: leave none behind for the next test.
  await tdb.db.pool.query('DELETE FROM users');
});
afterAll(async () => {
  await tdb.drop();
});

interface Worker {
  stop(): Promise<void>;
}

/** What the database said about some deliveries at the moment a message went out. */
interface SendSnapshot {
  text: string;
  statuses: string[];
}

interface World {
  clock: FakeClock;
  simulated: SimulatedDriver;
  notifier: RecordingNotifier;
  user: { id: number; chatId: number };
  accountId: number;
  /** The account's user id on the simulated platform (where contacts' messages go). */
  accountUserId: string;
  snapshots: SendSnapshot[];
  /** Deliveries whose statuses every send records from now on. */
  watch(deliveryIds: number[]): void;
  startWorker(name: string, backfillMs?: number): Promise<Worker>;
}

/**
 * One user with sender account X (a stored simulated session, no lease held), and a driver whose connections
 * record, before each send, the statuses of the watched deliveries.
 */
async function world(): Promise<World> {
  const pool = tdb.db.pool;
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  const simulated = createSimulatedDriver('telegram', { clock, random: seededRandom(3), replies: false });
  const notifier = new RecordingNotifier();
  const user = await createUser(pool, 'owner', 'Europe/Berlin');
  const accountId = await createAccount(pool, user.id, { phone: SENDER_PHONE });
  await pool.query('UPDATE sender_accounts SET daily_limit = 100 WHERE id = $1', [accountId]);
  const leases = new AccountLeases(pool);
  const [lease] = await leases.claim('seeder', 1, 30);
  const holder = { owner: 'seeder', fencingToken: lease!.fencingToken };
  const profile = await simulated.control.seedSession(SENDER_PHONE, new PgCredentialStore(pool, vault, clock, { accountId, userId: user.id, holder }));
  await leases.release('seeder', [accountId]);

  const snapshots: SendSnapshot[] = [];
  let watched: number[] = [];
  const beforeSend = async (text: string): Promise<void> => {
    if (watched.length === 0) return;
    const { rows } = await pool.query<{ status: string }>('SELECT status FROM deliveries WHERE id = ANY ($1::int[]) ORDER BY id', [watched]);
    snapshots.push({ text, statuses: rows.map((r) => r.status) });
  };
  const driver = observedDriver(simulated, beforeSend);

  const startWorker = async (name: string, backfillMs?: number): Promise<Worker> => {
    // The order of main.ts: the session host starts, then the engine registers its handlers on it.
    const host = await startSessionHost({ pool, vault, drivers: { telegram: driver }, notifier, clock, logger, owner: name, leaseSeconds: 30, maxAccounts: 10 });
    const engine = startDeliveryEngine(
      { pool, clock, registry: host, newClientMessageId: clientIdsFrom({ telegram: simulated }), notifier, logger },
      { idleMs: 10, maintenanceMs: 0, ...(backfillMs === undefined ? {} : { backfillMs }) },
    );
    const worker: Worker = {
      stop: async () => {
        running.splice(running.indexOf(worker), 1);
        await engine.stop();
        await host.stop();
      },
    };
    running.push(worker);
    await expect.poll(() => host.get(accountId) !== undefined, { timeout: 10_000 }).toBe(true);
    return worker;
  };

  return {
    clock,
    simulated,
    notifier,
    user,
    accountId,
    accountUserId: profile.platformUserId,
    snapshots,
    watch: (ids) => void (watched = ids),
    startWorker,
  };
}

/** `inner`, whose connections call `beforeSend` with the text just before each send reaches the platform. */
function observedDriver(inner: SimulatedDriver, beforeSend: (text: string) => Promise<void>): MessengerDriver {
  const observe = (connection: MessengerConnection): MessengerConnection =>
    new Proxy(connection, {
      get(target, property) {
        if (property === 'sendText') {
          return async (...args: Parameters<MessengerConnection['sendText']>) => {
            await beforeSend(args[1]);
            return target.sendText(...args);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return {
    platform: inner.platform,
    startLogin: (request, context) => inner.startLogin(request, context),
    newClientMessageId: () => inner.newClientMessageId(),
    restore: async (credentials) => observe(await inner.restore(credentials)),
  };
}

interface Launched {
  campaignId: number;
  /** Contact ids in the order of `phones`. */
  contacts: number[];
  /** Step-1 delivery id of each contact. */
  firstOf: Map<number, number>;
}

/** Launches the two-step campaign to `phones` through X and waits until the running worker sent step 1 to all. */
async function launchAndSendFirstStep(w: World, phones: string[]): Promise<Launched> {
  const contacts = await insertContacts(tdb.db.pool, w.user.id, phones.map((phone, i) => ({ phone, firstName: `C${i}` })));
  const service = new CampaignService({ db: tdb.db, clock: w.clock, random: seededRandom(4) });
  const campaignId = await launchCampaign(service, w.user.id, [w.accountId], STEPS);
  await expect.poll(async () => (await deliveryRows(tdb.db.pool, campaignId)).map((r) => r.status), { timeout: 10_000 }).toEqual(phones.map(() => 'sent'));
  const rows = await deliveryRows(tdb.db.pool, campaignId);
  return { campaignId, contacts, firstOf: new Map(rows.map((r) => [r.contact_id, r.id])) };
}

/** The contact with `phone` writes to X (stored by the platform; pushed only to a live connection). */
async function contactWrites(w: World, phone: string, text: string): Promise<void> {
  await w.simulated.control.deliverIncoming({ kind: 'phone', phone }, text, w.accountUserId);
}

/** Status and error code of every delivery of the campaign, by contact and step text. */
async function deliveriesByContact(campaignId: number): Promise<Map<number, [string, string | null][]>> {
  const byContact = new Map<number, [string, string | null][]>();
  for (const row of await deliveryRows(tdb.db.pool, campaignId)) {
    byContact.set(row.contact_id, [...(byContact.get(row.contact_id) ?? []), [row.status, row.error_code]]);
  }
  return byContact;
}

/** The texts the platform delivered from X to each of `phones` (a simulated Telegram address is `phone:<E.164>`). */
async function received(w: World, phones: string[]): Promise<Record<string, string[]>> {
  const entries = await w.simulated.control.ledger.list({ accountPlatformUserId: w.accountUserId });
  return Object.fromEntries(
    phones.map((phone) => [phone, entries.filter((e) => e.recipientAddress === `phone:${phone}`).map((e) => e.text)]),
  );
}

describe('replies missed while no worker held the account', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it('are marked before the account sends again: repliers get no follow-up, the others do, the user hears of each reply once', async () => {
    const phones = [okPhone(1), okPhone(2), okPhone(3)];
    const first = await w.startWorker('worker-1');
    const { campaignId, contacts, firstOf } = await launchAndSendFirstStep(w, phones);
    const [a, b, c] = contacts as [number, number, number];
    await first.stop();

    // The outage: A and C answer while nobody listens; then the follow-up falls due.
    w.clock.advance(10 * 60_000);
    await contactWrites(w, okPhone(1), 'Interested!');
    w.clock.advance(5 * 60_000);
    await contactWrites(w, okPhone(3), 'Call me next week');
    w.clock.advance(HOUR);
    w.watch([firstOf.get(a)!, firstOf.get(c)!]);

    await w.startWorker('worker-2');
    await expect.poll(async () => (await deliveriesByContact(campaignId)).get(b), { timeout: 10_000 }).toEqual([['sent', null], ['sent', null]]);

    // Before X sent anything after the restart (B's follow-up), A's and C's first messages were already replied.
    expect(w.snapshots.map((s) => s.text)).toEqual(['Second']);
    expect(w.snapshots[0]!.statuses).toEqual(['replied', 'replied']);
    const rows = await deliveriesByContact(campaignId);
    // Their follow-ups were either never created or skipped as answered, never sent.
    for (const replier of [a, c]) {
      const [step1, ...followUps] = rows.get(replier)!;
      expect(step1).toEqual(['replied', null]);
      expect(followUps.every(([status, code]) => status === 'skipped' && code === 'REPLIED')).toBe(true);
    }
    const replies = w.notifier.of('delivery.reply').filter((r) => r.campaignId === campaignId);
    expect(replies.map((r) => [r.contactId, r.text, r.optedOut]).sort()).toEqual([[a, 'Interested!', false], [c, 'Call me next week', false]].sort());
    expect(await received(w, phones)).toEqual({ [okPhone(1)]: ['First'], [okPhone(2)]: ['First', 'Second'], [okPhone(3)]: ['First'] });
  });

  it('ignores a reply older than the backfill horizon, and still finds one within it', async () => {
    const phones = [okPhone(11), okPhone(12)];
    const first = await w.startWorker('worker-1');
    const { campaignId, contacts, firstOf } = await launchAndSendFirstStep(w, phones);
    const [old, recent] = contacts as [number, number];
    await first.stop();

    w.clock.advance(10 * 60_000);
    await contactWrites(w, okPhone(11), 'Sounds good');
    w.clock.advance(2 * HOUR + 20 * 60_000);
    await contactWrites(w, okPhone(12), 'Tell me more');
    w.clock.advance(30 * 60_000);
    w.watch([firstOf.get(old)!, firstOf.get(recent)!]);

    // Back three hours after the launch, looking one hour back: the first answer (2 h 50 min ago) is out of reach.
    await w.startWorker('worker-2', HOUR);
    await expect.poll(async () => (await deliveriesByContact(campaignId)).get(old), { timeout: 10_000 }).toEqual([['sent', null], ['sent', null]]);
    expect(w.snapshots.every((s) => s.statuses[1] === 'replied')).toBe(true);
    expect((await deliveriesByContact(campaignId)).get(recent)![0]).toEqual(['replied', null]);
    expect(w.notifier.of('delivery.reply').map((r) => r.contactId)).toEqual([recent]);
    expect(await received(w, phones)).toEqual({ [okPhone(11)]: ['First', 'Second'], [okPhone(12)]: ['First'] });
  });

  it('does not take a message written before the campaign reached the contact for its reply', async () => {
    const phones = [okPhone(21)];
    const first = await w.startWorker('worker-1');
    // Written to X (live, answering nothing yet) well before the campaign's first message.
    await contactWrites(w, okPhone(21), 'Hello, are you around?');
    w.clock.advance(5 * 60_000);
    const { campaignId, firstOf } = await launchAndSendFirstStep(w, phones);
    await first.stop();

    w.clock.advance(HOUR);
    w.watch([...firstOf.values()]);
    await w.startWorker('worker-2');
    await expect.poll(async () => (await received(w, phones))[okPhone(21)], { timeout: 10_000 }).toEqual(['First', 'Second']);
    expect(w.snapshots).toEqual([{ text: 'Second', statuses: ['sent'] }]);
    expect(w.notifier.of('delivery.reply').filter((r) => r.campaignId === campaignId)).toEqual([]);
  });
});
