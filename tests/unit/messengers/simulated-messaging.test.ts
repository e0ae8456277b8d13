import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';
import type { ConnectionEvent, IncomingMessage, Platform, RecipientRef } from '../../../core/messengers/messenger.js';
import {
  createSimulatedDriver,
  isClientMessageId,
  ManualScheduler,
  MemorySimulatedLedger,
  DEFAULT_REPLY_SETTINGS,
  defaultRules,
  personFor,
  type SimulatedDriverOptions,
  type SimulatedRules,
} from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ACCOUNT = '+15550001001';

/** A driver with an account already connected, on a fake clock. */
async function build(platform: Platform, options: SimulatedDriverOptions = {}) {
  const clock = new FakeClock();
  const scheduler = new ManualScheduler(clock);
  const ledger = new MemorySimulatedLedger();
  const sut = createSimulatedDriver(platform, { clock, scheduler, ledger, random: seededRandom(11), replies: false, ...options });
  const credentials = new MemoryCredentialStore();
  await sut.control.seedSession(ACCOUNT, credentials);
  const connection = await sut.restore(credentials);
  const heard: IncomingMessage[] = [];
  connection.onIncoming((m) => void heard.push(m));
  return { sut, connection, fakes: { clock, scheduler, ledger, credentials, heard } };
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof Error && 'code' in error ? String(error.code) : String(error)),
  );
}

const username = (name: string): RecipientRef => ({ kind: 'username', username: name });
const phone = (number: string): RecipientRef => ({ kind: 'phone', phone: number });

describe('simulated recipients', () => {
  it.each([
    ['telegram', username('alice_smith'), 'ok', 'ok'],
    ['telegram', username('@Alice_Smith'), 'ok', 'ok'],
    ['telegram', username('ghost_writer'), 'RECIPIENT_NOT_FOUND', '-'],
    ['telegram', username('bob'), 'RECIPIENT_NOT_FOUND', '-'],
    ['telegram', username('private_anna'), 'ok', 'PRIVACY_RESTRICTED'],
    ['telegram', username('peerflood_max'), 'ok', 'PEER_FLOOD'],
    ['telegram', username('flood_max'), 'ok', 'FLOOD_WAIT'],
    ['telegram', phone('+15550002001'), 'ok', 'ok'],
    ['telegram', phone('+15550020000'), 'RECIPIENT_NOT_FOUND', '-'],
    ['telegram', phone('+15550021111'), 'ok', 'PRIVACY_RESTRICTED'],
    ['telegram', phone('+15550024040'), 'ok', 'PEER_FLOOD'],
    ['telegram', phone('+15550024290'), 'ok', 'FLOOD_WAIT'],
    ['telegram', phone('15550002001'), 'RECIPIENT_NOT_FOUND', '-'],
    ['whatsapp', phone('+15550002001'), 'ok', 'ok'],
    ['whatsapp', phone('+15550002009'), 'RECIPIENT_NOT_FOUND', '-'],
    ['whatsapp', phone('+15550020000'), 'RECIPIENT_NOT_FOUND', '-'],
    ['whatsapp', phone('+15550021111'), 'ok', 'ok'],
    ['whatsapp', phone('+15550024040'), 'ok', 'ok'],
    ['whatsapp', phone('+15550024290'), 'ok', 'FLOOD_WAIT'],
    ['whatsapp', username('alice_smith'), 'RECIPIENT_NOT_FOUND', '-'],
  ] as const)('on %s resolves %o with %s and sends with %s', async (platform, ref, resolved, sent) => {
    const { sut, connection, fakes } = await build(platform);
    expect(await outcome(connection.resolveRecipient(ref))).toBe(resolved);
    if (resolved !== 'ok') return;
    const recipient = await connection.resolveRecipient(ref);
    expect(await outcome(connection.sendText(recipient, 'Hi', sut.newClientMessageId()))).toBe(sent);
    expect(await fakes.ledger.list()).toHaveLength(sent === 'ok' ? 1 : 0);
  });

  it('gives the same people the same ids in every process, and WhatsApp ids are the phone digits', async () => {
    const first = await build('telegram');
    const second = await build('telegram');
    const a = await first.connection.resolveRecipient(username('alice_smith'));
    const b = await second.connection.resolveRecipient(username('ALICE_SMITH'));
    expect(a).toEqual(b);
    expect(a.platformUserId).toMatch(/^\d{10,16}$/);
    expect(first.sut.control.accountIdForPhone(ACCOUNT)).toBe(second.connection.profile.platformUserId);
    const wa = await build('whatsapp');
    expect(await wa.connection.resolveRecipient(phone('+15550002001'))).toMatchObject({
      platformUserId: '15550002001',
      address: '15550002001@s.whatsapp.net',
    });
  });

  it('refuses an address it never issued with RECIPIENT_NOT_FOUND', async () => {
    const { sut, connection } = await build('telegram');
    const forged = { address: 'username:alice_smith', platformUserId: '42' };
    expect(await outcome(connection.sendText(forged, 'Hi', sut.newClientMessageId()))).toBe('RECIPIENT_NOT_FOUND');
  });
});

describe('simulated faults', () => {
  it('fails the next sends of an account with the queued faults in order, then delivers', async () => {
    const { sut, connection, fakes } = await build('telegram');
    const to = await connection.resolveRecipient(username('alice_smith'));
    sut.control.injectFault({ code: 'FLOOD_WAIT', waitSeconds: 17 }, connection.profile.platformUserId);
    sut.control.injectFault({ code: 'TRANSIENT' }, connection.profile.platformUserId);
    sut.control.injectFault({ code: 'PEER_FLOOD' }, 'someone-else');
    const id = sut.newClientMessageId();
    await expect(connection.sendText(to, 'Hi', id)).rejects.toMatchObject({ code: 'FLOOD_WAIT', waitSeconds: 17 });
    await expect(connection.sendText(to, 'Hi', id)).rejects.toMatchObject({ code: 'TRANSIENT' });
    expect(await connection.sendText(to, 'Hi', id)).toMatchObject({ duplicate: false });
    expect(await fakes.ledger.list()).toHaveLength(1);
  });

  it('treats a LOGGED_OUT fault as the end of the session: logged_out event, no restore', async () => {
    const { sut, connection, fakes } = await build('whatsapp');
    const events: ConnectionEvent[] = [];
    connection.onEvent((e) => void events.push(e));
    const to = await connection.resolveRecipient(phone('+15550002001'));
    sut.control.injectFault({ code: 'LOGGED_OUT' });
    await expect(connection.sendText(to, 'Hi', sut.newClientMessageId())).rejects.toMatchObject({ code: 'LOGGED_OUT' });
    expect(events).toEqual([{ type: 'logged_out' }]);
    await expect(sut.restore(fakes.credentials)).rejects.toMatchObject({ code: 'LOGGED_OUT' });
  });

  it('fails sends on a disconnected connection as TRANSIENT, and restore reconnects', async () => {
    const { sut, connection, fakes } = await build('telegram');
    const to = await connection.resolveRecipient(username('alice_smith'));
    await connection.disconnect();
    expect(await outcome(connection.sendText(to, 'Hi', sut.newClientMessageId()))).toBe('TRANSIENT');
    const again = await sut.restore(fakes.credentials);
    expect(await outcome(again.sendText(to, 'Hi', sut.newClientMessageId()))).toBe('ok');
  });

  it('adds the configured latency to each platform call, on the scheduler', async () => {
    const clock = new FakeClock();
    const scheduler = new ManualScheduler(clock);
    const sut = createSimulatedDriver('telegram', { clock, scheduler, latencyMs: 250, replies: false });
    const credentials = new MemoryCredentialStore();
    await sut.control.seedSession(ACCOUNT, credentials);
    const flush = () => new Promise((resolve) => setImmediate(resolve));
    let connected = false;
    const restoring = sut.restore(credentials).then((c) => {
      connected = true;
      return c;
    });
    await scheduler.advance(249);
    await flush();
    expect(connected).toBe(false);
    await scheduler.advance(1);
    await flush();
    expect(connected).toBe(true);
    const resolving = (await restoring).resolveRecipient(username('alice_smith'));
    await scheduler.advance(250);
    expect((await resolving).address).toBe('username:alice_smith');
  });

  it('hands errors thrown by incoming handlers to onHandlerError and still calls the other handlers', async () => {
    const errors: unknown[] = [];
    const { sut, connection, fakes } = await build('telegram', { onHandlerError: (e) => void errors.push(e) });
    connection.onIncoming(() => {
      throw new Error('handler bug');
    });
    await sut.control.deliverIncoming('123456789', 'hello');
    expect(errors).toEqual([new Error('handler bug')]);
    expect(fakes.heard.map((m) => m.text)).toEqual(['hello']);
  });
});

describe('simulated client message ids', () => {
  it('makes Telegram random_ids signed 64-bit decimals, both signs, and WhatsApp ids 3EB0 + 20 hex digits', () => {
    const telegram = createSimulatedDriver('telegram', { random: seededRandom(3) });
    const ids = Array.from({ length: 200 }, () => telegram.newClientMessageId());
    expect(ids.every((id) => isClientMessageId('telegram', id))).toBe(true);
    expect(ids.some((id) => id.startsWith('-'))).toBe(true);
    expect(ids.some((id) => BigInt(id) > 2n ** 32n)).toBe(true);
    const whatsapp = createSimulatedDriver('whatsapp', { random: seededRandom(3) });
    expect(whatsapp.newClientMessageId()).toMatch(/^3EB0[0-9A-F]{20}$/);
    expect(isClientMessageId('telegram', '9223372036854775808')).toBe(false);
  });

  it('refuses a client message id in the wrong format with a ValidationError', async () => {
    const { connection } = await build('telegram');
    const to = await connection.resolveRecipient(username('alice_smith'));
    await expect(connection.sendText(to, 'Hi', '3EB0AAAAAAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('simulated replies', () => {
  const replying = { replies: { delayMs: 60_000 } } as const;

  it('lets replier_ and stop_ recipients answer after the reply delay, not before', async () => {
    const { sut, connection, fakes } = await build('telegram', replying);
    const keen = await connection.resolveRecipient(username('replier_kim'));
    const done = await connection.resolveRecipient(username('stop_lee'));
    await connection.sendText(keen, 'Offer', sut.newClientMessageId());
    await connection.sendText(done, 'Offer', sut.newClientMessageId());
    await fakes.scheduler.advance(59_999);
    expect(fakes.heard).toEqual([]);
    await fakes.scheduler.advance(1);
    expect(fakes.heard.map((m) => [m.fromPlatformUserId, m.fromUsername, m.text])).toEqual([
      [keen.platformUserId, 'replier_kim', 'Thanks, tell me more'],
      [done.platformUserId, 'stop_lee', 'STOP'],
    ]);
    expect(fakes.heard[0]?.receivedAt).toEqual(fakes.clock.now());
  });

  it('does not answer a duplicate send a second time', async () => {
    const { sut, connection, fakes } = await build('whatsapp', replying);
    const keen = await connection.resolveRecipient(phone('+15550008888'));
    const id = sut.newClientMessageId();
    await connection.sendText(keen, 'Offer', id);
    await connection.sendText(keen, 'Offer', id);
    await fakes.scheduler.advance(60_000);
    expect(fakes.heard.map((m) => [m.fromPhone, m.text])).toEqual([['+15550008888', 'Thanks, tell me more']]);
  });

  it('keeps every recipient silent when replies are off', async () => {
    const { sut, connection, fakes } = await build('telegram', { replies: false });
    await connection.sendText(await connection.resolveRecipient(username('replier_kim')), 'Offer', sut.newClientMessageId());
    await fakes.scheduler.advance(24 * 3_600_000);
    expect(fakes.heard).toEqual([]);
    expect(await connection.recentIncoming(new Date(0))).toEqual([]);
  });

  it('makes about the configured share of other recipients answer, the same ones in every process', () => {
    const people = Array.from({ length: 2_000 }, (_, i) => personFor('whatsapp', phone(`+1555${String(i).padStart(6, '0')}1`))!);
    const settings = { ...DEFAULT_REPLY_SETTINGS, percent: 20, stopPercent: 5 };
    const answers = (rules: SimulatedRules) => people.map((p) => rules.reply(p, 'Offer'));
    const first = answers(defaultRules('whatsapp', settings));
    expect(answers(defaultRules('whatsapp', settings))).toEqual(first);
    const thanks = first.filter((a) => a === settings.text).length;
    const stops = first.filter((a) => a === settings.stopText).length;
    expect(thanks).toBeGreaterThan(2_000 * 0.16);
    expect(thanks).toBeLessThan(2_000 * 0.24);
    expect(stops).toBeGreaterThan(2_000 * 0.03);
    expect(stops).toBeLessThan(2_000 * 0.07);
  });
});

describe('simulated platform across processes', () => {
  it('finds through recentIncoming a reply that came while the sending process was gone', async () => {
    const ledger = new MemorySimulatedLedger();
    const before = await build('telegram', { ledger, replies: { delayMs: 60_000 } });
    const keen = await before.connection.resolveRecipient(username('replier_kim'));
    const sent = await before.connection.sendText(keen, 'Offer', before.sut.newClientMessageId());
    // The first process dies before the reply's timer fires; a new one takes the account over later.
    const clock = new FakeClock(new Date(sent.sentAt.getTime() + 90_000));
    const after = createSimulatedDriver('telegram', { ledger, clock, replies: { delayMs: 60_000 } });
    const connection = await after.restore(before.fakes.credentials);
    const missed = await connection.recentIncoming(sent.sentAt);
    expect(missed).toEqual([
      {
        fromPlatformUserId: keen.platformUserId,
        fromUsername: 'replier_kim',
        text: 'Thanks, tell me more',
        platformMessageId: `reply-${sent.platformMessageId}`,
        receivedAt: new Date(sent.sentAt.getTime() + 60_000),
      },
    ]);
    expect(await connection.recentIncoming(new Date(sent.sentAt.getTime() + 60_001))).toEqual([]);
  });

  it('answers duplicate when another process already sent the same client message id', async () => {
    const ledger = new MemorySimulatedLedger();
    const first = await build('whatsapp', { ledger });
    const second = createSimulatedDriver('whatsapp', { ledger });
    const resumed = await second.restore(first.fakes.credentials);
    const to = await first.connection.resolveRecipient(phone('+15550002001'));
    const id = first.sut.newClientMessageId();
    const original = await first.connection.sendText(to, 'Once', id);
    const retry = await resumed.sendText(to, 'Once', id);
    expect(retry).toEqual({ ...original, duplicate: true });
    expect(await ledger.list()).toHaveLength(1);
  });
});

describe('simulated concurrency', () => {
  it('delivers every message of 100 accounts sending at once, each exactly once', async () => {
    const driver = createSimulatedDriver('telegram', { replies: false });
    const connections = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const credentials = new MemoryCredentialStore();
        await driver.control.seedSession(`+1555100${String(i).padStart(4, '0')}`, credentials);
        return driver.restore(credentials);
      }),
    );
    const to = await connections[0]!.resolveRecipient(username('alice_smith'));
    await Promise.all(
      connections.map(async (connection) => {
        for (let n = 0; n < 50; n += 1) await connection.sendText(to, `Hello ${n}`, driver.newClientMessageId());
      }),
    );
    const ledger = await driver.control.ledger.list();
    expect(ledger).toHaveLength(5_000);
    expect(new Set(ledger.map((m) => m.clientMessageId)).size).toBe(5_000);
  });
});
