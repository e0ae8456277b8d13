import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import { freePort } from '../../harness/free-port.js';

describe('the bot in webhook mode', () => {
  let t: TestApp;
  const secret = 'webhook-secret-0123456789';
  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      env: { BOT_MODE: 'webhook', WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`, WEBHOOK_SECRET: secret, WEBHOOK_HOST: '127.0.0.1', WEBHOOK_PORT: String(port) },
    });
  });
  afterAll(async () => t.stop());

  it('registers its webhook with the secret and serves a whole onboarding through it', async () => {
    const setWebhook = t.emulator.callsOf('setWebhook');
    expect(setWebhook).toHaveLength(1);
    expect(setWebhook[0]!.params).toMatchObject({ secret_token: secret });
    expect(t.emulator.callsOf('getUpdates')).toHaveLength(0);
    await registerUser(t.user({ id: 8101, first_name: 'Hooked' }));
    expect(t.emulator.callsOf('getUpdates')).toHaveLength(0);
  });
});
