import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CampaignService } from '../../../core/campaigns/campaign.service.js';
import { FakeClock } from '../../../core/clock.js';
import { syncKnownPeers } from '../../../core/delivery/account-peers.js';
import { createSimulatedDriver, type SimulatedDriver } from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { clientIdsFrom, startDeliveryEngine, type DeliveryEngine } from '../../../workers/delivery/delivery-engine.js';
import { connectSimulatedAccounts, MemoryConnectionRegistry, senderPhone } from '../../../workers/delivery/memory-registry.js';
import { createAccount } from '../accounts/account-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { createUser, deliveryRows, insertContacts, launchCampaign, okPhone } from './delivery-fixtures.js';

/** Issue #7 point 6, the data side: `account_peers` is filled on connect and kept warm by sends and replies. */

let tdb: TestDatabase;
const engines: DeliveryEngine[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});
afterAll(async () => {
  await tdb.drop();
});

type PeerRow = [peer: string, source: string];

async function peersOf(accountId: number): Promise<PeerRow[]> {
  const { rows } = await tdb.db.pool.query<{ peer: string; source: string }>(
    'SELECT peer, source FROM account_peers WHERE account_id = $1 ORDER BY peer',
    [accountId],
  );
  return rows.map((row) => [row.peer, row.source]);
}

async function seenAt(accountId: number, peer: string): Promise<Date | undefined> {
  const { rows } = await tdb.db.pool.query<{ seen_at: Date }>('SELECT seen_at FROM account_peers WHERE account_id = $1 AND peer = $2', [accountId, peer]);
  return rows[0]?.seen_at;
}

describe('syncKnownPeers', () => {
  const T0 = new Date('2026-03-02T09:00:00Z');

  it('stores each peer under its lower-cased username and its E.164 phone, and skips peers with neither', async () => {
    const user = await createUser(tdb.db.pool);
    const accountId = await createAccount(tdb.db.pool, user.id);
    await insertContacts(tdb.db.pool, user.id, [{ username: 'ALICE_W', phone: '+15550001111' }, { phone: '+4915100000002' }]);
    const written = await syncKnownPeers(
      tdb.db.pool,
      { accountId, userId: user.id },
      [
        { platformUserId: '1', username: 'Alice_W', phone: '15550001111', source: 'dialog' },
        { platformUserId: '2', phone: '+4915100000002', source: 'address_book' },
        { platformUserId: '3', source: 'dialog' },
        { platformUserId: '4', phone: '42777', source: 'dialog' },
      ],
      T0,
    );
    expect(written).toBe(3);
    expect(await peersOf(accountId)).toEqual([
      ['phone:+15550001111', 'dialog'],
      ['phone:+4915100000002', 'address_book'],
      ['username:alice_w', 'dialog'],
    ]);
  });

  it('stores only the peers that are contacts of the account’s owner, by phone or by username', async () => {
    const user = await createUser(tdb.db.pool);
    const other = await createUser(tdb.db.pool);
    const accountId = await createAccount(tdb.db.pool, user.id);
    await insertContacts(tdb.db.pool, user.id, [{ phone: '+15550004444' }, { username: 'Known_Name' }]);
    // Someone who is a contact of another user only is a stranger to this one.
    await insertContacts(tdb.db.pool, other.id, [{ phone: '+15550005555', username: 'theirs' }]);
    const written = await syncKnownPeers(
      tdb.db.pool,
      { accountId, userId: user.id },
      [
        { platformUserId: '1', phone: '+15550004444', username: 'not_saved_name', source: 'dialog' },
        { platformUserId: '2', username: 'known_name', phone: '+15550006666', source: 'address_book' },
        { platformUserId: '3', username: 'stranger', phone: '+15550007777', source: 'dialog' },
        { platformUserId: '4', username: 'theirs', phone: '+15550005555', source: 'dialog' },
      ],
      T0,
    );
    expect(written).toBe(2);
    expect(await peersOf(accountId)).toEqual([
      ['phone:+15550004444', 'dialog'],
      ['username:known_name', 'address_book'],
    ]);
  });

  it('keeps the strongest source and the latest time when a peer is reported again or twice at once', async () => {
    const user = await createUser(tdb.db.pool);
    const accountId = await createAccount(tdb.db.pool, user.id);
    await insertContacts(tdb.db.pool, user.id, [{ phone: '+15550002222' }, { username: 'bob_b' }]);
    const owner = { accountId, userId: user.id };
    const later = new Date(T0.getTime() + 60_000);
    // The same person as a dialog and as an address-book entry in one answer: one row, a dialog.
    await syncKnownPeers(tdb.db.pool, owner, [
      { platformUserId: '1', phone: '+15550002222', source: 'address_book' },
      { platformUserId: '1', phone: '+15550002222', source: 'dialog' },
      { platformUserId: '2', username: 'bob_b', source: 'address_book' },
    ], later);
    await syncKnownPeers(tdb.db.pool, owner, [
      { platformUserId: '1', phone: '+15550002222', source: 'address_book' },
      { platformUserId: '2', username: 'bob_b', source: 'dialog' },
    ], T0);
    expect(await peersOf(accountId)).toEqual([
      ['phone:+15550002222', 'dialog'],
      ['username:bob_b', 'dialog'],
    ]);
    expect(await seenAt(accountId, 'phone:+15550002222')).toEqual(later);
  });

  it('never lets the peers of one account appear for another account, even of the same user', async () => {
    const user = await createUser(tdb.db.pool);
    const first = await createAccount(tdb.db.pool, user.id);
    const second = await createAccount(tdb.db.pool, user.id);
    await insertContacts(tdb.db.pool, user.id, [{ username: 'only_first' }]);
    await syncKnownPeers(tdb.db.pool, { accountId: first, userId: user.id }, [{ platformUserId: '9', username: 'only_first', source: 'dialog' }], T0);
    expect(await peersOf(first)).toEqual([['username:only_first', 'dialog']]);
    expect(await peersOf(second)).toEqual([]);
  });
});

describe('the delivery engine keeps account_peers', () => {
  interface World {
    clock: FakeClock;
    driver: SimulatedDriver;
    registry: MemoryConnectionRegistry;
    user: { id: number; chatId: number };
  }

  function world(): Promise<World> {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    const driver = createSimulatedDriver('telegram', { clock, random: seededRandom(5), replies: false });
    const registry = new MemoryConnectionRegistry();
    engines.push(
      startDeliveryEngine(
        { pool: tdb.db.pool, clock, registry, newClientMessageId: clientIdsFrom({ telegram: driver }), logger: pino({ level: 'silent' }) },
        { idleMs: 10, maintenanceMs: 0 },
      ),
    );
    return createUser(tdb.db.pool).then((user) => ({ clock, driver, registry, user }));
  }

  /** Connects two simulated accounts (senderPhone(0) and (1)) through the registry; returns their ids. */
  async function connect(w: World): Promise<[number, number]> {
    const live = await connectSimulatedAccounts(tdb.db.pool, w.driver, w.user, 2, w.clock.now());
    for (const account of live) await w.registry.add(account);
    return [live[0]!.accountId, live[1]!.accountId];
  }

  it("stores a connected account's dialog and address-book entry with a contact, for that account only, and no stranger", async () => {
    const w = await world();
    await insertContacts(tdb.db.pool, w.user.id, [{ username: 'alice_warm' }, { phone: okPhone(7) }]);
    const simulatedAccount = w.driver.control.accountIdForPhone(senderPhone(0));
    await w.driver.control.deliverIncoming({ kind: 'username', username: 'Alice_Warm' }, 'hello', simulatedAccount);
    await w.driver.control.deliverIncoming({ kind: 'username', username: 'not_a_contact' }, 'hi there', simulatedAccount);
    w.driver.control.addToAddressBook(simulatedAccount, { kind: 'phone', phone: okPhone(7) });
    w.driver.control.addToAddressBook(simulatedAccount, { kind: 'phone', phone: okPhone(8) });

    const [first, second] = await connect(w);

    expect(await peersOf(first)).toEqual([
      [`phone:${okPhone(7)}`, 'address_book'],
      ['username:alice_warm', 'dialog'],
    ]);
    expect(await peersOf(second)).toEqual([]);
  });

  it('reads the peers again after the sync interval, so contacts imported after connecting become warm', async () => {
    const w = await world();
    const simulatedAccount = w.driver.control.accountIdForPhone(senderPhone(0));
    w.driver.control.addToAddressBook(simulatedAccount, { kind: 'phone', phone: okPhone(21) });
    const [first] = await connect(w);
    expect(await peersOf(first)).toEqual([]);

    await insertContacts(tdb.db.pool, w.user.id, [{ phone: okPhone(21) }]);
    w.clock.advance(3_600_000);
    await expect.poll(() => peersOf(first)).toEqual([[`phone:${okPhone(21)}`, 'address_book']]);
  });

  it('marks the recipient of a sent delivery warm for the sending account, and a reply from them makes it a dialog', async () => {
    const w = await world();
    const [first, second] = await connect(w);
    const phone = okPhone(9);
    await insertContacts(tdb.db.pool, w.user.id, [{ phone, firstName: 'Cleo' }]);
    const service = new CampaignService({ db: tdb.db, clock: w.clock, random: seededRandom(6) });
    const campaignId = await launchCampaign(service, w.user.id, [second], [{ template: 'Hi {first_name}', delaySeconds: 0 }]);

    await expect.poll(async () => (await deliveryRows(tdb.db.pool, campaignId)).map((r) => r.status), { timeout: 10_000 }).toEqual(['sent']);
    await expect.poll(() => peersOf(second), { timeout: 10_000 }).toEqual([[`phone:${phone}`, 'delivery']]);
    expect(await peersOf(first)).toEqual([]);

    await w.driver.control.deliverIncoming({ kind: 'phone', phone }, 'Tell me more', w.driver.control.accountIdForPhone(senderPhone(1)));
    await expect.poll(() => peersOf(second), { timeout: 10_000 }).toEqual([[`phone:${phone}`, 'dialog']]);
    expect(await peersOf(first)).toEqual([]);
  });
});
