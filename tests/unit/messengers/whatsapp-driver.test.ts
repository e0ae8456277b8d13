import { describe, expect, it, vi } from 'vitest';
import type { WAMessage } from '@whiskeysockets/baileys';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { MessengerError, type ConnectionEvent, type IncomingMessage } from '../../../core/messengers/messenger.js';
import { RATE_LIMIT_WAIT_SECONDS, createWhatsAppDriver } from '../../../core/messengers/whatsapp/index.js';
import { FakeWhatsAppWorld, PAIRING_CODE, boom } from '../../harness/fakes/fake-baileys.js';
import { RecordedSteps } from '../../harness/fakes/login-steps.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ANN = '15550000001';
const RITA = '15550000500';

function setup() {
  const world = new FakeWhatsAppWorld().addAccount(ANN, 'Ann').addAccount(RITA, 'Rita');
  const clock = new FakeClock(new Date(world.now() * 1000));
  const driver = createWhatsAppDriver({
    socketFactory: world.socketFactory,
    clock,
    random: seededRandom(5),
    version: [2, 3000, 1],
    reconnect: { initialDelayMs: 1, maxDelayMs: 4 },
  });
  const credentials = new MemoryCredentialStore();
  const steps = new RecordedSteps();
  const start = (request: Parameters<typeof driver.startLogin>[0]) => driver.startLogin(request, { credentials, onStep: steps.onStep });
  return { world, clock, driver, credentials, steps, start };
}

async function linked() {
  const env = setup();
  const flow = await env.start({ method: 'qr' });
  await env.steps.waitFor('qr');
  env.world.approveLink(ANN);
  const connection = await flow.connection;
  const events: ConnectionEvent[] = [];
  connection.onEvent((e) => void events.push(e));
  return { ...env, connection, events };
}

async function failureOf(promise: Promise<unknown>): Promise<MessengerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MessengerError);
  return error as MessengerError;
}

describe('WhatsApp login', () => {
  it('reports every QR WhatsApp rotates in, the first living 60 s and the next 20 s', async () => {
    const { world, start, steps, clock } = setup();
    await start({ method: 'qr' });
    await steps.waitFor('qr');
    world.current().showQr();
    await vi.waitFor(() => expect(steps.steps).toHaveLength(2));
    expect(steps.steps).toEqual([
      { type: 'qr', payload: '2@fake-ref-1,noise,identity,adv', expiresAt: new Date(clock.now().getTime() + 60_000) },
      { type: 'qr', payload: '2@fake-ref-2,noise,identity,adv', expiresAt: new Date(clock.now().getTime() + 20_000) },
    ]);
  });

  it('opens a new socket on the same auth state after the 515 restart and then reports done', async () => {
    const { world, start, steps, credentials } = setup();
    const flow = await start({ method: 'qr' });
    await steps.waitFor('qr');
    world.approveLink(ANN);
    const done = await steps.waitFor('done');
    expect(done.profile).toEqual({ platformUserId: ANN, displayName: 'Ann', phone: `+${ANN}` });
    expect(world.sockets).toHaveLength(2);
    expect(world.sockets[1]!.auth).toBe(world.sockets[0]!.auth);
    expect((await flow.connection).profile).toEqual(done.profile);
    const creds = JSON.parse(credentials.snapshot().get('creds')!) as { me: { id: string }; account: { details: unknown } };
    expect(creds.me.id).toBe(`${ANN}:1@s.whatsapp.net`);
    expect(creds.account.details).toEqual({ type: 'Buffer', data: Buffer.from('device-1').toString('base64') });
  });

  it('asks for a pairing code once per socket with the digits of the phone number', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'pairing_code', phone: '+1 555-000-0001' });
    expect(await steps.waitFor('pairing_code')).toEqual({ type: 'pairing_code', code: PAIRING_CODE });
    const socket = world.current();
    const pairing = vi.spyOn(socket, 'requestPairingCode');
    socket.showQr();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pairing).not.toHaveBeenCalled();
    expect(steps.types()).toEqual(['pairing_code']);
    world.approveLink(ANN);
    expect((await flow.connection).profile.platformUserId).toBe(ANN);
  });

  it('fails with CODE_EXPIRED when every QR was shown without a scan', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'qr' });
    await steps.waitFor('qr');
    await world.current().closeWith(boom('QR refs attempts ended', 408));
    expect((await steps.waitFor('failed')).error.code).toBe('CODE_EXPIRED');
    expect((await failureOf(flow.connection)).code).toBe('CODE_EXPIRED');
    expect(world.live()).toHaveLength(0);
  });

  it('refuses phone-code logins and codes or passwords, which WhatsApp does not have', async () => {
    const { start } = setup();
    expect((await failureOf(start({ method: 'phone_code', phone: `+${ANN}` }))).code).toBe('INVALID_PHONE');
    expect((await failureOf(start({ method: 'pairing_code' }))).code).toBe('INVALID_PHONE');
    const flow = await start({ method: 'qr' });
    await expect(flow.submitCode('1234')).rejects.toThrow(/no code/);
    await expect(flow.submitPassword('x')).rejects.toThrow(/no password/);
    await flow.cancel();
    expect((await failureOf(flow.connection)).code).toBe('LOGIN_CANCELLED');
  });
});

describe('WhatsApp connection lifecycle', () => {
  it('reconnects with backoff after a dropped connection and says so', async () => {
    const { world, connection, events } = await linked();
    await world.current().closeWith(boom('Connection Lost', 408));
    await vi.waitFor(() => expect(events).toEqual([{ type: 'disconnected', willReconnect: true }, { type: 'reconnected' }]));
    expect(world.sockets).toHaveLength(3);
    const to = await connection.resolveRecipient({ kind: 'phone', phone: `+${RITA}` });
    await connection.sendText(to, 'after reconnect', '3EB0AAAAAAAAAAAAAAAAAA');
    expect(world.sent.map((m) => m.text)).toEqual(['after reconnect']);
  });

  it('on loggedOut (401) emits logged_out, wipes the credentials, does not reconnect and refuses sends', async () => {
    const { world, connection, events, credentials } = await linked();
    const to = await connection.resolveRecipient({ kind: 'phone', phone: `+${RITA}` });
    world.revoke(ANN);
    await vi.waitFor(() => expect(credentials.snapshot().size).toBe(0));
    expect(events).toEqual([{ type: 'logged_out' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(world.sockets).toHaveLength(2);
    expect((await failureOf(connection.sendText(to, 'x', '3EB0BBBBBBBBBBBBBBBBBB'))).code).toBe('LOGGED_OUT');
  });

  it('stops without reconnecting when another client replaced the session', async () => {
    const { world, events } = await linked();
    await world.current().closeWith(boom('Connection Replaced', 440));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events).toEqual([{ type: 'disconnected', willReconnect: false }]);
    expect(world.sockets).toHaveLength(2);
  });

  it('closes the socket when the credentials can no longer be saved (lease lost)', async () => {
    const { world, events, credentials } = await linked();
    credentials.failNextWrite(new Error('LeaseLostError'));
    world.current().emit('creds.update', { accountSyncCounter: 1 });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'disconnected', willReconnect: false }]));
    expect(world.live()).toHaveLength(0);
  });

  it('reports WhatsApp restrictions from the reach-out time lock and from error 463 acks', async () => {
    const { world, events } = await linked();
    const until = new Date('2026-01-06T00:00:00Z');
    world.current().emit('connection.update', { reachoutTimeLock: { isActive: true, timeEnforcementEnds: until } });
    world.current().emit('messages.update', [{ key: { id: '3EB0X', fromMe: true, remoteJid: `${RITA}@s.whatsapp.net` }, update: { status: 0, messageStubParameters: ['463'] } }]);
    expect(events).toEqual([
      { type: 'restricted', reason: 'reachout_timelock', until },
      { type: 'restricted', reason: 'whatsapp_463' },
    ]);
  });

  it('restores from stored credentials; a device WhatsApp logged out restores to LOGGED_OUT and is wiped', async () => {
    const { world, connection, driver, credentials } = await linked();
    await connection.disconnect();
    const restored = await driver.restore(credentials);
    expect(restored.profile.platformUserId).toBe(ANN);
    await restored.disconnect();
    world.revoke(ANN);
    expect((await failureOf(driver.restore(credentials))).code).toBe('LOGGED_OUT');
    expect(credentials.snapshot().size).toBe(0);
  });

  it('refuses to restore credentials of a login that never completed', async () => {
    const { start, steps, driver, credentials, world } = setup();
    await start({ method: 'pairing_code', phone: `+${ANN}` });
    await steps.waitFor('pairing_code');
    expect(credentials.snapshot().has('creds')).toBe(true);
    const socketsBefore = world.sockets.length;
    expect((await failureOf(driver.restore(credentials))).code).toBe('LOGGED_OUT');
    expect(world.sockets).toHaveLength(socketsBefore);
  });

  it('logs out on WhatsApp, wipes the credentials and emits nothing afterwards', async () => {
    const { world, connection, events, credentials } = await linked();
    const logout = vi.spyOn(world.current(), 'logout');
    await connection.logout();
    expect(logout).toHaveBeenCalledOnce();
    expect(credentials.snapshot().size).toBe(0);
    expect(events).toEqual([]);
  });
});

describe('WhatsApp recipients and sending', () => {
  it('resolves a phone number through onWhatsApp and refuses usernames and numbers without WhatsApp', async () => {
    const { connection } = await linked();
    expect(await connection.resolveRecipient({ kind: 'phone', phone: '+1 (555) 000-0500' })).toEqual({
      address: `${RITA}@s.whatsapp.net`,
      platformUserId: RITA,
    });
    expect((await failureOf(connection.resolveRecipient({ kind: 'username', username: 'rita' }))).code).toBe('RECIPIENT_NOT_FOUND');
    expect((await failureOf(connection.resolveRecipient({ kind: 'phone', phone: '+15559999999' }))).code).toBe('RECIPIENT_NOT_FOUND');
  });

  it('sends under our own message id and answers a repeat of that id as a duplicate without resending', async () => {
    const { world, connection, driver } = await linked();
    const to = await connection.resolveRecipient({ kind: 'phone', phone: `+${RITA}` });
    const id = driver.newClientMessageId();
    const first = await connection.sendText(to, 'Hello', id);
    const second = await connection.sendText(to, 'Hello', id);
    expect(world.sent).toEqual([{ fromPhone: ANN, toJid: `${RITA}@s.whatsapp.net`, text: 'Hello', messageId: id }]);
    expect(first).toEqual({ platformMessageId: id, duplicate: false, sentAt: new Date(world.now() * 1000) });
    expect(second).toEqual({ ...first, duplicate: true });
  });

  it('maps rate-overlimit to a conservative FLOOD_WAIT and a closed connection to TRANSIENT', async () => {
    const { world, connection } = await linked();
    const to = await connection.resolveRecipient({ kind: 'phone', phone: `+${RITA}` });
    world.failNextSend(boom('rate-overlimit', 500, 429));
    const flood = await failureOf(connection.sendText(to, 'x', '3EB0000000000000000001'));
    expect([flood.code, flood.waitSeconds]).toEqual(['FLOOD_WAIT', RATE_LIMIT_WAIT_SECONDS]);
    world.failNextSend(boom('Connection Closed', 428));
    expect((await failureOf(connection.sendText(to, 'x', '3EB0000000000000000002'))).code).toBe('TRANSIENT');
    expect(world.sent).toHaveLength(0);
  });

  it('creates message ids shaped like Baileys own (3EB0 + 18 upper-case hex)', () => {
    const { driver } = setup();
    const ids = Array.from({ length: 100 }, () => driver.newClientMessageId());
    for (const id of ids) expect(id).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(new Set(ids).size).toBe(100);
  });
});

describe('WhatsApp incoming messages', () => {
  const text = (id: string, overrides: Partial<WAMessage> = {}): WAMessage => ({
    key: { remoteJid: `${RITA}@s.whatsapp.net`, fromMe: false, id },
    message: { conversation: `text ${id}` },
    messageTimestamp: 1767603600,
    ...overrides,
  });

  it('passes 1:1 texts (plain, extended, disappearing, LID-addressed) and nothing else', async () => {
    const { world, connection } = await linked();
    const heard: IncomingMessage[] = [];
    connection.onIncoming((m) => void heard.push(m));
    world.push(ANN, 'messages.upsert', {
      type: 'notify',
      messages: [
        text('A'),
        text('B', { message: { extendedTextMessage: { text: 'with a link https://x.y' } } }),
        text('C', { message: { ephemeralMessage: { message: { conversation: 'disappearing' } } } }),
        text('D', { key: { remoteJid: '123456@lid', remoteJidAlt: `${RITA}@s.whatsapp.net`, fromMe: false, id: 'D' } }),
        text('E', { key: { remoteJid: 'group@g.us', participant: `${RITA}@s.whatsapp.net`, fromMe: false, id: 'E' } }),
        text('F', { key: { remoteJid: `${RITA}@s.whatsapp.net`, fromMe: true, id: 'F' } }),
        text('G', { key: { remoteJid: 'status@broadcast', fromMe: false, id: 'G' } }),
        text('H', { message: { imageMessage: {} } }),
      ],
    });
    world.push(ANN, 'messages.upsert', { type: 'append', messages: [text('I')] });
    expect(heard.map((m) => [m.platformMessageId, m.text])).toEqual([
      ['A', 'text A'],
      ['B', 'with a link https://x.y'],
      ['C', 'disappearing'],
      ['D', 'text D'],
    ]);
    expect(heard[3]).toMatchObject({ fromPlatformUserId: RITA, fromPhone: `+${RITA}` });
    expect(heard[0]!.receivedAt).toEqual(new Date(1767603600 * 1000));
  });

  it('keeps history-sync messages for recentIncoming without handing them to live handlers', async () => {
    const { world, connection } = await linked();
    const heard: IncomingMessage[] = [];
    connection.onIncoming((m) => void heard.push(m));
    world.push(ANN, 'messaging-history.set', { chats: [], contacts: [], messages: [text('OLD', { messageTimestamp: 1767600000 }), text('NEW')] });
    world.push(ANN, 'messages.upsert', { type: 'notify', messages: [text('NEW')] });
    expect(heard).toEqual([]);
    const recent = await connection.recentIncoming(new Date(1767601000 * 1000));
    expect(recent.map((m) => m.platformMessageId)).toEqual(['NEW']);
  });
});
