import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import type { LoginRequest, LoginStep, MessengerDriver, Platform } from '../../../core/messengers/messenger.js';
import {
  createSimulatedDriver,
  ManualScheduler,
  SIMULATED_SESSION_KEY,
  type SimulatedDriverOptions,
} from '../../../core/messengers/simulated/index.js';
import { seededRandom } from '../../../core/random.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

function build(platform: Platform, options: SimulatedDriverOptions = {}) {
  const clock = new FakeClock();
  const scheduler = new ManualScheduler(clock);
  const sut = createSimulatedDriver(platform, { clock, scheduler, random: seededRandom(7), replies: false, ...options });
  return { sut, fakes: { clock, scheduler } };
}

async function start(driver: MessengerDriver, request: LoginRequest) {
  const steps: LoginStep[] = [];
  const credentials = new MemoryCredentialStore();
  const flow = await driver.startLogin(request, { credentials, onStep: (step) => void steps.push(step) });
  return { flow, steps, credentials, types: () => steps.map((s) => s.type) };
}

const qrPayloads = (steps: LoginStep[]): string[] => steps.flatMap((s) => (s.type === 'qr' ? [s.payload] : []));

describe('simulated login by phone and code', () => {
  it('sends a five-digit code, accepts it typed with separators and stores the session', async () => {
    const { sut } = build('telegram');
    const { flow, steps, credentials } = await start(sut, { method: 'phone_code', phone: '+15550001001' });
    expect(steps).toEqual([{ type: 'code_sent', codeLength: 5 }]);
    await flow.submitCode('1-2-3-4-5');
    const connection = await flow.connection;
    expect(connection.profile).toEqual({
      platformUserId: sut.control.accountIdForPhone('+15550001001'),
      displayName: 'Simulated 1001',
      phone: '+15550001001',
    });
    expect(steps.at(-1)).toEqual({ type: 'done', profile: connection.profile });
    expect([...(await credentials.readPrefix('')).keys()]).toEqual([SIMULATED_SESSION_KEY]);
  });

  it('asks for the password only for phones ending in 2, and accepts "secret"', async () => {
    const { sut } = build('telegram');
    const protectedLogin = await start(sut, { method: 'phone_code', phone: '+15550001002' });
    await protectedLogin.flow.submitCode('12345');
    await protectedLogin.flow.submitPassword('Secret');
    await protectedLogin.flow.submitPassword('secret');
    expect(protectedLogin.types()).toEqual(['code_sent', 'password_required', 'invalid_password', 'done']);
    const plainLogin = await start(sut, { method: 'phone_code', phone: '+15550001003' });
    await plainLogin.flow.submitCode('12345');
    expect(plainLogin.types()).toEqual(['code_sent', 'done']);
  });

  it('fails with CODE_EXPIRED when the code arrives after its lifetime, then refuses more input', async () => {
    const { sut, fakes } = build('telegram', { codeTtlMs: 60_000 });
    const { flow, types } = await start(sut, { method: 'phone_code', phone: '+15550001001' });
    fakes.clock.advance(60_001);
    await flow.submitCode('12345');
    expect(types()).toEqual(['code_sent', 'failed']);
    await expect(flow.connection).rejects.toMatchObject({ code: 'CODE_EXPIRED' });
    await expect(flow.submitCode('12345')).rejects.toBeInstanceOf(ConflictError);
  });

  it.each([
    ['+15550006666', 'BANNED', undefined],
    ['+15550001429', 'FLOOD_WAIT', 120],
    ['15550001001', 'INVALID_PHONE', undefined],
  ])('ends a login for %s with %s at once', async (phone, code, waitSeconds) => {
    const { sut } = build('telegram');
    const { flow, steps } = await start(sut, { method: 'phone_code', phone });
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ type: 'failed', error: { code, waitSeconds } });
    await expect(flow.connection).rejects.toMatchObject({ code });
  });

  it('reports LOGIN_CANCELLED when cancelled and then refuses a code', async () => {
    const { sut } = build('telegram');
    const { flow, steps } = await start(sut, { method: 'phone_code', phone: '+15550001001' });
    await flow.cancel();
    expect(steps.at(-1)).toMatchObject({ type: 'failed', error: { code: 'LOGIN_CANCELLED' } });
    await expect(flow.connection).rejects.toMatchObject({ code: 'LOGIN_CANCELLED' });
    await expect(flow.submitCode('12345')).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers a password while a code is awaited with ConflictError', async () => {
    const { sut } = build('telegram');
    const { flow } = await start(sut, { method: 'phone_code', phone: '+15550001002' });
    await expect(flow.submitPassword('secret')).rejects.toBeInstanceOf(ConflictError);
  });

  it.each([
    ['telegram', 'pairing_code'],
    ['whatsapp', 'phone_code'],
  ] as const)('refuses %s logins by %s with a ValidationError', async (platform, method) => {
    const { sut } = build(platform);
    await expect(start(sut, { method, phone: '+15550001001' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('fails the login when the session cannot be stored, without reporting done', async () => {
    const { sut } = build('telegram');
    const { flow, credentials, types } = await start(sut, { method: 'phone_code', phone: '+15550001001' });
    credentials.failNextWrite(new Error('lease lost'));
    await expect(flow.submitCode('12345')).rejects.toThrow('lease lost');
    await expect(flow.connection).rejects.toThrow('lease lost');
    expect(types()).toEqual(['code_sent']);
    expect(credentials.snapshot().size).toBe(0);
  });
});

describe('simulated QR and pairing-code login', () => {
  it('refreshes the QR code before it expires, keeps the old one valid until then, and gives up after the last', async () => {
    const { sut, fakes } = build('telegram', { qr: { ttlMs: 30_000, refreshLeadMs: 2_000, refreshes: 2 } });
    const { flow, steps, types } = await start(sut, { method: 'qr' });
    const first = steps[0];
    expect(first).toMatchObject({ type: 'qr', expiresAt: new Date(fakes.clock.now().getTime() + 30_000) });
    expect(qrPayloads(steps)[0]).toMatch(/^tg:\/\/login\?token=[\w-]{43}$/);
    await fakes.scheduler.advance(27_999);
    expect(qrPayloads(steps)).toHaveLength(1);
    await fakes.scheduler.advance(1);
    const [old, fresh] = qrPayloads(steps);
    expect(fresh).not.toBe(old);
    expect(sut.control.pendingLinks()).toEqual([{ kind: 'qr', values: [old, fresh] }]);
    await fakes.scheduler.advance(2_000);
    expect(sut.control.pendingLinks()).toEqual([{ kind: 'qr', values: [fresh] }]);
    await fakes.scheduler.advance(28_000 + 30_000);
    expect(types()).toEqual(['qr', 'qr', 'qr', 'failed']);
    await expect(flow.connection).rejects.toMatchObject({ code: 'CODE_EXPIRED' });
    expect(sut.control.pendingLinks()).toEqual([]);
  });

  it('logs in the scanning phone when a current payload is scanned and ignores unknown payloads', async () => {
    const { sut } = build('whatsapp');
    const { flow, steps } = await start(sut, { method: 'qr' });
    expect(await sut.control.approveLink('2@not-a-real-payload', '+15550001007')).toBe(false);
    expect(qrPayloads(steps)[0]).toMatch(/^2@[\w+/=]+(,[\w+/=]+){3}$/);
    expect(await sut.control.approveLink(qrPayloads(steps)[0]!, '+15550001007')).toBe(true);
    expect((await flow.connection).profile).toMatchObject({ platformUserId: '15550001007', phone: '+15550001007' });
  });

  it('asks a 2FA Telegram account for its password after the QR scan', async () => {
    const { sut } = build('telegram');
    const { flow, steps, types } = await start(sut, { method: 'qr' });
    await sut.control.approveLink(qrPayloads(steps)[0]!, '+15550001002');
    await flow.submitPassword('secret');
    expect(types()).toEqual(['qr', 'password_required', 'done']);
  });

  it('approves a QR login by itself after linkApproveAfterMs as the default QR phone', async () => {
    const { sut, fakes } = build('whatsapp', { linkApproveAfterMs: 10_000 });
    const { flow, types } = await start(sut, { method: 'qr' });
    await fakes.scheduler.advance(9_999);
    expect(types()).toEqual(['qr']);
    await fakes.scheduler.advance(1);
    expect(types()).toEqual(['qr', 'done']);
    expect((await flow.connection).profile.phone).toBe('+15550100001');
  });

  it('gives WhatsApp an 8-character pairing code that logs in the requested phone', async () => {
    const { sut } = build('whatsapp');
    const { flow, steps } = await start(sut, { method: 'pairing_code', phone: '+15550001002' });
    const step = steps[0];
    if (step?.type !== 'pairing_code') throw new Error(`expected a pairing code, got ${step?.type}`);
    expect(step.code).toMatch(/^[1-9A-HJ-NP-TV-Z]{8}$/);
    expect(await sut.control.approveLink(step.code)).toBe(true);
    // WhatsApp has no 2FA password: a phone ending in 2 logs in straight away.
    expect((await flow.connection).profile.phone).toBe('+15550001002');
  });

  it('expires a pairing code that was not entered within the code lifetime', async () => {
    const { sut, fakes } = build('whatsapp', { codeTtlMs: 180_000 });
    const { flow, types } = await start(sut, { method: 'pairing_code', phone: '+15550001001' });
    await fakes.scheduler.advance(180_000);
    expect(types()).toEqual(['pairing_code', 'failed']);
    await expect(flow.connection).rejects.toMatchObject({ code: 'CODE_EXPIRED' });
  });
});

describe('simulated sessions', () => {
  it('seeds a session that restore() connects without a login', async () => {
    const { sut } = build('telegram');
    const credentials = new MemoryCredentialStore();
    const profile = await sut.control.seedSession('+15550003001', credentials);
    const connection = await sut.restore(credentials);
    expect(connection.profile).toEqual(profile);
  });

  it('refuses to restore credentials of the other platform or unreadable ones', async () => {
    const telegram = build('telegram').sut;
    const whatsapp = build('whatsapp').sut;
    const credentials = new MemoryCredentialStore();
    await telegram.control.seedSession('+15550003001', credentials);
    await expect(whatsapp.restore(credentials)).rejects.toMatchObject({ code: 'LOGGED_OUT' });
    await credentials.write({ [SIMULATED_SESSION_KEY]: '{not json' });
    await expect(telegram.restore(credentials)).rejects.toMatchObject({ code: 'LOGGED_OUT' });
  });

  it('restores in another driver (another process) a session this one issued', async () => {
    const credentials = new MemoryCredentialStore();
    const profile = await build('whatsapp').sut.control.seedSession('+15550003001', credentials);
    const restarted = build('whatsapp').sut;
    expect((await restarted.restore(credentials)).profile.platformUserId).toBe(profile.platformUserId);
  });
});
