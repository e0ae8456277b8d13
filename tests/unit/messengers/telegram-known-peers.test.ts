import { describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { MessengerError } from '../../../core/messengers/messenger.js';
import { createTelegramDriver } from '../../../core/messengers/telegram/index.js';
import { FakeTelegramWorld } from '../../harness/fakes/fake-telegram.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ANN = { id: 1, phone: '15550000001', firstName: 'Ann' };
const RITA = { id: 500, firstName: 'Rita', username: 'Rita_R', phone: '15550000500' };
const SAM = { id: 502, firstName: 'Sam', phone: '15550000502' };
const HIDDEN = { id: 503, firstName: 'Hidden' };
const BOT = { id: 700, firstName: 'Helper', username: 'helper_bot', bot: true };

async function connected(world: FakeTelegramWorld) {
  world.addAccount(ANN);
  const driver = createTelegramDriver({
    apiId: 1,
    apiHash: 'h',
    clientFactory: world.clientFactory,
    clock: new FakeClock(new Date(world.now() * 1000)),
    random: seededRandom(3),
  });
  const flow = await driver.startLogin({ method: 'phone_code', phone: `+${ANN.phone}` }, { credentials: new MemoryCredentialStore(), onStep: () => undefined });
  await flow.submitCode(world.code);
  return flow.connection;
}

/** A message from `peer` in the account's history, as if it had arrived. */
function arrived(world: FakeTelegramWorld, peer: Api.TypePeer, id: number): void {
  world.historyOf(ANN.id).push(new Api.Message({ id, peerId: peer, date: world.now(), message: 'hi', out: false }));
}

const calls = (world: FakeTelegramWorld, name: string): number => world.calls.filter((c) => c === name).length;

describe('Telegram knownPeers', () => {
  it('lists the people of private dialogs with their phone in E.164, and no groups, channels or bots', async () => {
    const world = new FakeTelegramWorld().addUser(RITA).addUser(BOT).addUser(HIDDEN);
    const connection = await connected(world);
    arrived(world, new Api.PeerChat({ chatId: returnBigInt(40) }), 1);
    arrived(world, new Api.PeerChannel({ channelId: returnBigInt(600) }), 2);
    arrived(world, new Api.PeerUser({ userId: returnBigInt(BOT.id) }), 3);
    arrived(world, new Api.PeerUser({ userId: returnBigInt(HIDDEN.id) }), 4);
    await world.deliverIncoming(ANN.id, RITA.id, 'hello');

    expect(await connection.knownPeers(500)).toEqual([
      { platformUserId: '500', phone: '+15550000500', username: 'Rita_R', source: 'dialog' },
      // Telegram hides this user's phone and they have no username: still listed, the caller decides.
      { platformUserId: '503', source: 'dialog' },
    ]);
  });

  it('lists the contact list as address_book, and a contact the account also talks to once, as a dialog', async () => {
    const world = new FakeTelegramWorld().addUser(RITA).addUser(SAM);
    const connection = await connected(world);
    world.addToAddressBook(ANN.id, RITA.id);
    world.addToAddressBook(ANN.id, SAM.id);
    await world.deliverIncoming(ANN.id, RITA.id, 'hello');

    expect((await connection.knownPeers(500)).map((p) => [p.platformUserId, p.source, p.phone])).toEqual([
      ['500', 'dialog', '+15550000500'],
      ['502', 'address_book', '+15550000502'],
    ]);
  });

  it('pages through more than 100 dialogs, newest first, and reads no more than the limit', async () => {
    const world = new FakeTelegramWorld();
    for (let i = 0; i < 130; i += 1) world.addUser({ id: 1_000 + i, firstName: `U${i}`, username: `user_${i}` });
    const connection = await connected(world);
    for (let i = 0; i < 130; i += 1) await world.deliverIncoming(ANN.id, 1_000 + i, `m${i}`);

    const some = await connection.knownPeers(120);
    expect(some.map((p) => p.platformUserId)).toEqual(Array.from({ length: 120 }, (_, i) => String(1_129 - i)));
    expect(calls(world, 'messages.GetDialogs')).toBe(2);

    const all = await connection.knownPeers(500);
    expect(new Set(all.map((p) => p.platformUserId)).size).toBe(130);
    expect(calls(world, 'messages.GetDialogs')).toBe(4);
  });

  it('reports a revoked session as LOGGED_OUT', async () => {
    const world = new FakeTelegramWorld();
    const connection = await connected(world);
    world.failNext('contacts.GetContacts', 'AUTH_KEY_UNREGISTERED');
    const error = await connection.knownPeers(10).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MessengerError);
    expect((error as MessengerError).code).toBe('LOGGED_OUT');
  });
});
