import { describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { MessengerError, type ConnectionEvent, type IncomingMessage } from '../../../core/messengers/messenger.js';
import { createTelegramDriver } from '../../../core/messengers/telegram/index.js';
import { RECENT_MESSAGES_PER_DIALOG } from '../../../core/messengers/telegram/telegram-incoming.js';
import { FakeTelegramWorld } from '../../harness/fakes/fake-telegram.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ANN = { id: 1, phone: '15550000001', firstName: 'Ann' };
const RITA = { id: 500, firstName: 'Rita', username: 'rita', phone: '15550000500' };

async function connected() {
  const world = new FakeTelegramWorld()
    .addAccount(ANN)
    .addUser(RITA)
    .addUser({ id: 600, firstName: 'News', username: 'news_channel', channel: true })
    .addUser({ id: 700, firstName: 'Helper', username: 'helper_bot', bot: true });
  const clock = new FakeClock(new Date(world.now() * 1000));
  const driver = createTelegramDriver({ apiId: 1, apiHash: 'h', clientFactory: world.clientFactory, clock, random: seededRandom(3) });
  const credentials = new MemoryCredentialStore();
  const flow = await driver.startLogin({ method: 'phone_code', phone: `+${ANN.phone}` }, { credentials, onStep: () => undefined });
  await flow.submitCode(world.code);
  const connection = await flow.connection;
  const client = world.clients[0]!;
  return { world, driver, credentials, connection, client, clock };
}

async function failureOf(promise: Promise<unknown>): Promise<MessengerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MessengerError);
  return error as MessengerError;
}

describe('Telegram restore', () => {
  it('reconnects from the stored session and reads the profile', async () => {
    const { world, driver, credentials, connection } = await connected();
    await connection.disconnect();
    const restored = await driver.restore(credentials);
    expect(restored.profile.platformUserId).toBe('1');
    expect(world.clients[1]!.sessionString).toBe(world.clients[0]!.sessionString);
  });

  it('answers LOGGED_OUT without building a client when no session is stored', async () => {
    const { world, driver } = await connected();
    expect((await failureOf(driver.restore(new MemoryCredentialStore()))).code).toBe('LOGGED_OUT');
    expect(world.clients).toHaveLength(1);
  });

  it.each([
    ['AUTH_KEY_UNREGISTERED', 'LOGGED_OUT'],
    ['SESSION_REVOKED', 'LOGGED_OUT'],
    ['USER_DEACTIVATED', 'LOGGED_OUT'],
    ['USER_DEACTIVATED_BAN', 'BANNED'],
  ])('maps %s while restoring to %s and destroys the client', async (name, code) => {
    const { world, driver, credentials, connection } = await connected();
    await connection.disconnect();
    world.failNext('users.GetUsers', name);
    expect((await failureOf(driver.restore(credentials))).code).toBe(code);
    expect(world.clients[1]!.destroyed).toBe(true);
  });
});

describe('Telegram recipients', () => {
  it('resolves a username (with or without @) to an address carrying id and access hash', async () => {
    const { connection } = await connected();
    const recipient = await connection.resolveRecipient({ kind: 'username', username: '@rita' });
    expect(recipient).toEqual({ address: `500:${500 * 7 + 3}`, platformUserId: '500', displayName: 'Rita' });
  });

  it('resolves a phone number typed with separators through contacts.ResolvePhone', async () => {
    const { connection, world } = await connected();
    const recipient = await connection.resolveRecipient({ kind: 'phone', phone: '+1 (555) 000-0500' });
    expect(recipient.platformUserId).toBe('500');
    expect(world.calls).toContain('contacts.ResolvePhone');
  });

  it('reports missing usernames, unknown phones and channels as RECIPIENT_NOT_FOUND', async () => {
    const { connection, world } = await connected();
    world.failNext('contacts.ResolveUsername', 'USERNAME_INVALID');
    for (const ref of [
      { kind: 'username', username: 'no_such_user' },
      { kind: 'username', username: 'x' },
      { kind: 'phone', phone: '+15559990000' },
      { kind: 'username', username: 'news_channel' },
    ] as const) {
      expect((await failureOf(connection.resolveRecipient(ref))).code).toBe('RECIPIENT_NOT_FOUND');
    }
  });
});

describe('Telegram sending', () => {
  it('sends with random_id equal to the client message id and returns the Telegram message id', async () => {
    const { connection, world, driver } = await connected();
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    const id = driver.newClientMessageId();
    const result = await connection.sendText(to, 'Hello Rita', id);
    expect(world.sent).toEqual([expect.objectContaining({ toUserId: 500, text: 'Hello Rita', randomId: id })]);
    expect(result).toEqual({ platformMessageId: String(world.sent[0]!.id), duplicate: false, sentAt: new Date(world.now() * 1000) });
  });

  it('finds the message id in a full Updates answer through UpdateMessageID', async () => {
    const { connection, world } = await connected();
    world.sendAnswer = 'updates';
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    const result = await connection.sendText(to, 'Hi', '-42');
    expect(result.platformMessageId).toBe(String(world.sent[0]!.id));
  });

  it('reports a reused random_id as a duplicate success without a second delivery', async () => {
    const { connection, world } = await connected();
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    await connection.sendText(to, 'Once', '9223372036854775807');
    const again = await connection.sendText(to, 'Once', '9223372036854775807');
    expect(again.duplicate).toBe(true);
    expect(world.sent).toHaveLength(1);
  });

  it.each([
    ['PEER_FLOOD', 'PEER_FLOOD'],
    ['USER_PRIVACY_RESTRICTED', 'PRIVACY_RESTRICTED'],
    ['PRIVACY_PREMIUM_REQUIRED', 'PRIVACY_RESTRICTED'],
    ['USER_IS_BLOCKED', 'RECIPIENT_NOT_FOUND'],
    ['INPUT_USER_DEACTIVATED', 'RECIPIENT_NOT_FOUND'],
  ])('maps %s on send to %s', async (name, code) => {
    const { connection, world } = await connected();
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    world.failNext('messages.SendMessage', name);
    expect((await failureOf(connection.sendText(to, 'x', '1'))).code).toBe(code);
  });

  it('maps a flood wait on send to FLOOD_WAIT with its seconds and a network failure to TRANSIENT', async () => {
    const { connection, world } = await connected();
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    world.failNextWithFloodWait('messages.SendMessage', 75);
    const flood = await failureOf(connection.sendText(to, 'x', '1'));
    expect([flood.code, flood.waitSeconds]).toEqual(['FLOOD_WAIT', 75]);
    world.failNext('messages.SendMessage', new Error('Cannot send requests while disconnected. Please reconnect.'));
    expect((await failureOf(connection.sendText(to, 'x', '2'))).code).toBe('TRANSIENT');
    expect(world.sent).toHaveLength(0);
  });

  it('announces logged_out once when a send finds the session revoked', async () => {
    const { connection, world, client } = await connected();
    const to = await connection.resolveRecipient({ kind: 'username', username: 'rita' });
    const events: ConnectionEvent[] = [];
    connection.onEvent((e) => void events.push(e));
    world.revokeSessions(ANN.id);
    expect((await failureOf(connection.sendText(to, 'x', '1'))).code).toBe('LOGGED_OUT');
    expect(events).toEqual([{ type: 'logged_out' }]);
    expect(client.destroyed).toBe(true);
  });
});

describe('Telegram client message ids', () => {
  it('are signed 64-bit integers in decimal, reproducible from the random source', () => {
    const make = () => createTelegramDriver({ apiId: 1, apiHash: 'h', clientFactory: new FakeTelegramWorld().clientFactory, random: seededRandom(9) });
    const ids = Array.from({ length: 200 }, make().newClientMessageId);
    expect(Array.from({ length: 200 }, make().newClientMessageId)).toEqual(ids);
    for (const id of ids) {
      expect(id).toMatch(/^-?\d+$/);
      expect(BigInt(id) >= -(2n ** 63n) && BigInt(id) < 2n ** 63n).toBe(true);
    }
    expect(ids.some((id) => id.startsWith('-'))).toBe(true);
  });
});

describe('Telegram incoming messages', () => {
  it('passes private messages with the sender username and phone when Telegram sent the user along', async () => {
    const { connection, world } = await connected();
    const heard: IncomingMessage[] = [];
    connection.onIncoming((m) => void heard.push(m));
    const rita = world.apiUser(world.users[0]!);
    const message = new Api.Message({ id: 77, peerId: new Api.PeerUser({ userId: returnBigInt(500) }), date: world.now(), message: 'Tell me more' });
    await world.push(ANN.id, new Api.UpdateNewMessage({ message, pts: 1, ptsCount: 1 }), [rita]);
    expect(heard).toEqual([
      {
        fromPlatformUserId: '500',
        fromPhone: '+15550000500',
        fromUsername: 'rita',
        text: 'Tell me more',
        platformMessageId: '77',
        receivedAt: new Date(world.now() * 1000),
      },
    ]);
  });

  it('ignores groups, channels, our own messages, bots and empty texts', async () => {
    const { connection, world } = await connected();
    const heard: IncomingMessage[] = [];
    connection.onIncoming((m) => void heard.push(m));
    const base = { date: world.now(), message: 'hi' };
    const bot = world.apiUser(world.users[2]!);
    await world.push(ANN.id, new Api.UpdateNewMessage({ message: new Api.Message({ ...base, id: 1, peerId: new Api.PeerChat({ chatId: returnBigInt(5) }), fromId: new Api.PeerUser({ userId: returnBigInt(500) }) }), pts: 1, ptsCount: 1 }));
    await world.push(ANN.id, new Api.UpdateNewChannelMessage({ message: new Api.Message({ ...base, id: 2, peerId: new Api.PeerChannel({ channelId: returnBigInt(600) }) }), pts: 1, ptsCount: 1 }));
    await world.push(ANN.id, new Api.UpdateShortMessage({ ...base, id: 3, userId: returnBigInt(500), out: true, pts: 1, ptsCount: 1 }));
    await world.push(ANN.id, new Api.UpdateNewMessage({ message: new Api.Message({ ...base, id: 4, peerId: new Api.PeerUser({ userId: returnBigInt(700) }) }), pts: 1, ptsCount: 1 }), [bot]);
    await world.push(ANN.id, new Api.UpdateNewMessage({ message: new Api.Message({ ...base, id: 5, message: '', peerId: new Api.PeerUser({ userId: returnBigInt(500) }) }), pts: 1, ptsCount: 1 }));
    await world.deliverIncoming(ANN.id, 500, 'a real reply');
    expect(heard.map((m) => m.text)).toEqual(['a real reply']);
  });

  it('finds replies since a time through dialogs and a bounded history read', async () => {
    const { connection, world, clock } = await connected();
    const start = world.now();
    await world.deliverIncoming(ANN.id, 500, 'old');
    world.now = () => start + 3600;
    await world.deliverIncoming(ANN.id, 500, 'new');
    clock.set(new Date((start + 3600) * 1000));
    const recent = await connection.recentIncoming(new Date((start + 60) * 1000));
    expect(recent.map((m) => m.text)).toEqual(['new']);
    expect(world.calls.filter((c) => c === 'messages.GetHistory')).toHaveLength(1);
    expect(RECENT_MESSAGES_PER_DIALOG).toBeLessThanOrEqual(100);
  });

  it('skips the history of dialogs that did not move since the given time', async () => {
    const { connection, world } = await connected();
    await world.deliverIncoming(ANN.id, 500, 'old');
    expect(await connection.recentIncoming(new Date((world.now() + 10) * 1000))).toEqual([]);
    expect(world.calls).not.toContain('messages.GetHistory');
  });
});

describe('Telegram logout and disconnect', () => {
  it('logs out on Telegram before destroying the client; restore then fails', async () => {
    const { connection, world, client, driver, credentials } = await connected();
    await connection.logout();
    expect(world.calls.at(-1)).toBe('auth.LogOut');
    expect(client.destroyed).toBe(true);
    expect((await failureOf(driver.restore(credentials))).code).toBe('LOGGED_OUT');
  });

  it('disconnects by destroying the client without ending the session', async () => {
    const { connection, world, client } = await connected();
    await connection.disconnect();
    expect(client.destroyed).toBe(true);
    expect(world.calls).not.toContain('auth.LogOut');
    expect(client.handlers).toHaveLength(0);
  });
});
