import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ConflictError } from '../../../core/errors.js';
import { MessengerError } from '../../../core/messengers/messenger.js';
import { GRAMJS_CLIENT_PARAMS, createTelegramDriver } from '../../../core/messengers/telegram/index.js';
import { FakeTelegramWorld } from '../../harness/fakes/fake-telegram.js';
import { RecordedSteps } from '../../harness/fakes/login-steps.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ANN = { id: 1, phone: '15550000001', firstName: 'Ann', username: 'ann_sends' };
const BOB = { id: 2, phone: '15550000002', firstName: 'Bob', password: 'correct horse', hint: 'a horse' };

function setup() {
  const world = new FakeTelegramWorld().addAccount(ANN).addAccount(BOB);
  const clock = new FakeClock(new Date(world.now() * 1000));
  const driver = createTelegramDriver({ apiId: 4242, apiHash: 'hash', clientFactory: world.clientFactory, clock });
  const credentials = new MemoryCredentialStore();
  const steps = new RecordedSteps();
  const start = (request: Parameters<typeof driver.startLogin>[0]) =>
    driver.startLogin(request, { credentials, onStep: steps.onStep });
  return { world, clock, driver, credentials, steps, start };
}

async function failureOf(promise: Promise<unknown>): Promise<MessengerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MessengerError);
  return error as MessengerError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Telegram login by phone', () => {
  it('sends the code and signs in on the same connected client', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+1 555 000 0001' });
    expect(steps.steps).toEqual([{ type: 'code_sent', codeLength: 5 }]);
    await flow.submitCode(world.code);
    await steps.waitFor('done');
    expect(world.clients).toHaveLength(1);
    expect(world.calls.slice(0, 2)).toEqual(['auth.SendCode', 'auth.SignIn']);
  });

  it('strips the separators the user types between the digits of the code', async () => {
    const { start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    await flow.submitCode('1-2 3.4-5');
    const done = await steps.waitFor('done');
    expect(done.profile.platformUserId).toBe('1');
  });

  it('stores the GramJS session under the key "session" and reports the profile', async () => {
    const { world, start, steps, credentials } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    await flow.submitCode(world.code);
    const done = await steps.waitFor('done');
    const connection = await flow.connection;
    expect(done.profile).toEqual({ platformUserId: '1', displayName: 'Ann', phone: '+15550000001', username: 'ann_sends' });
    expect(connection.profile).toEqual(done.profile);
    expect(credentials.snapshot()).toEqual(new Map([['session', world.clients[0]!.sessionString]]));
    expect(world.clients[0]!.sessionString).toMatch(/^fake-session-/);
  });

  it('answers a wrong code with invalid_code and keeps waiting for the right one', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    await flow.submitCode('99999');
    expect(steps.types()).toEqual(['code_sent', 'invalid_code']);
    await flow.submitCode(world.code);
    expect(steps.types()).toEqual(['code_sent', 'invalid_code', 'done']);
  });

  it('fails with CODE_EXPIRED when Telegram says the code expired', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    world.failNext('auth.SignIn', 'PHONE_CODE_EXPIRED');
    await flow.submitCode(world.code);
    const failed = await steps.waitFor('failed');
    expect(failed.error.code).toBe('CODE_EXPIRED');
    expect((await failureOf(flow.connection)).code).toBe('CODE_EXPIRED');
    expect(world.clients[0]!.destroyed).toBe(true);
  });

  it('fails with FLOOD_WAIT and the seconds Telegram asks for when sending the code', async () => {
    const { world, start, steps } = setup();
    world.failNextWithFloodWait('auth.SendCode', 3600);
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    const failed = await steps.waitFor('failed');
    expect(failed.error.code).toBe('FLOOD_WAIT');
    expect(failed.error.waitSeconds).toBe(3600);
    expect((await failureOf(flow.connection)).waitSeconds).toBe(3600);
  });

  it('fails with INVALID_PHONE for a number Telegram rejects', async () => {
    const { start, steps } = setup();
    await start({ method: 'phone_code', phone: '12' });
    expect((await steps.waitFor('failed')).error.code).toBe('INVALID_PHONE');
  });

  it('fails with INVALID_PHONE for a number without a Telegram account instead of signing up', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15557654321' });
    await flow.submitCode(world.code);
    expect((await steps.waitFor('failed')).error.code).toBe('INVALID_PHONE');
    expect(world.calls).not.toContain('auth.SignUp');
  });

  it('asks for the 2FA password with its hint and checks it through SRP', async () => {
    const { world, start, steps } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000002' });
    await flow.submitCode(world.code);
    expect(await steps.waitFor('password_required')).toEqual({ type: 'password_required', hint: 'a horse' });
    await flow.submitPassword('wrong horse');
    expect(steps.types().at(-1)).toBe('invalid_password');
    await flow.submitPassword('correct horse');
    expect((await steps.waitFor('done')).profile.platformUserId).toBe('2');
    expect(world.calls.filter((c) => c === 'account.GetPassword')).toHaveLength(3);
  });

  it('refuses a code or password the flow is not waiting for', async () => {
    const { start } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    await expect(flow.submitPassword('x')).rejects.toBeInstanceOf(ConflictError);
    const qr = await setup().start({ method: 'qr' });
    await expect(qr.submitCode('12345')).rejects.toBeInstanceOf(ConflictError);
  });

  it('cancels: the connection rejects with LOGIN_CANCELLED and the client is destroyed', async () => {
    const { world, start } = setup();
    const flow = await start({ method: 'phone_code', phone: '+15550000001' });
    await flow.cancel();
    expect((await failureOf(flow.connection)).code).toBe('LOGIN_CANCELLED');
    expect(world.clients[0]!.destroyed).toBe(true);
  });
});

describe('Telegram login by QR code', () => {
  it('shows tg://login with the base64url token and its expiry', async () => {
    const { start, steps, world } = setup();
    await start({ method: 'qr' });
    const qr = await steps.waitFor('qr');
    const token = Buffer.from('token-1000');
    expect(qr.payload).toBe(`tg://login?token=${token.toString('base64url')}`);
    expect(qr.expiresAt).toEqual(new Date((world.now() + 30) * 1000));
  });

  it('exports a new token shortly before the shown one expires', async () => {
    vi.useFakeTimers();
    const { start, steps } = setup();
    await start({ method: 'qr' });
    const first = await steps.waitFor('qr');
    await vi.advanceTimersByTimeAsync(24_000);
    expect(steps.types()).toEqual(['qr']);
    await vi.advanceTimersByTimeAsync(1_000);
    const second = steps.steps.at(-1);
    expect(second?.type).toBe('qr');
    expect(second).not.toEqual(first);
  });

  it('logs in when Telegram reports the token accepted', async () => {
    const { start, steps, world, credentials } = setup();
    const flow = await start({ method: 'qr' });
    await steps.waitFor('qr');
    world.approveQr(ANN.id);
    expect((await steps.waitFor('done')).profile.platformUserId).toBe('1');
    expect((await flow.connection).profile.displayName).toBe('Ann');
    expect((await credentials.read(['session'])).get('session')).toMatch(/^fake-session-/);
  });

  it('follows LoginTokenMigrateTo to the account data centre and imports the token there', async () => {
    const { start, steps, world } = setup();
    world.qrHomeDc = 4;
    await start({ method: 'qr' });
    await steps.waitFor('qr');
    world.approveQr(ANN.id);
    await steps.waitFor('done');
    expect(world.clients[0]!.dc).toBe(4);
    expect(world.calls).toContain('auth.ImportLoginToken');
  });

  it('asks for the 2FA password after the QR code was accepted', async () => {
    const { start, steps, world } = setup();
    const flow = await start({ method: 'qr' });
    await steps.waitFor('qr');
    world.approveQr(BOB.id);
    await steps.waitFor('password_required');
    await flow.submitPassword('correct horse');
    expect((await steps.waitFor('done')).profile.platformUserId).toBe('2');
  });
});

describe('the production GramJS client options', () => {
  it('never let GramJS sleep through a flood wait itself', () => {
    // The real factory is never called in tests; its options are checked instead.
    expect(GRAMJS_CLIENT_PARAMS.floodSleepThreshold).toBe(0);
  });
});
