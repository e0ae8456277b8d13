import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, webhookCallback } from 'grammy';
import { describe, expect, it } from 'vitest';
import { TelegramErrors, type BotApiEmulator } from '../../../bot/sandbox/bot-api/index.js';
import { botFor, onCleanup, startEmulator } from './emulator-fixture.js';

/** Serves a grammY webhook handler on 127.0.0.1 and returns its URL. */
async function serveWebhook(bot: Bot, secretToken: string): Promise<string> {
  const server = http.createServer(webhookCallback(bot, 'http', { secretToken }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const botWithWelcome = (emulator: BotApiEmulator, options: ConstructorParameters<typeof Bot>[1] = {}): Bot => {
  const bot = new Bot(emulator.token, { ...options, client: { apiRoot: emulator.apiRoot, ...options.client }, botInfo: emulator.botInfo });
  bot.command('start', (ctx) => ctx.reply('Welcome via webhook'));
  return bot;
};

describe('Bot API emulator updates', () => {
  it('answers a long poll as soon as an update arrives', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);
    const user = emulator.user({ id: 800, first_name: 'Polly' });
    const started = Date.now();

    const poll = bot.api.getUpdates({ timeout: 20 });
    setTimeout(() => user.send('hello'), 50);
    const updates = await poll;

    expect(Date.now() - started).toBeLessThan(5000);
    expect(updates.map((u) => u.message?.text)).toEqual(['hello']);
  });

  it('confirms updates by offset and honours limit', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);
    const user = emulator.user({ id: 801, first_name: 'Otto' });
    ['one', 'two', 'three'].forEach((text) => user.send(text));

    const firstTwo = await bot.api.getUpdates({ limit: 2 });
    const again = await bot.api.getUpdates({ offset: firstTwo[1]!.update_id + 1 });
    const empty = await bot.api.getUpdates({ offset: again[0]!.update_id + 1 });

    expect(firstTwo.map((u) => u.message?.text)).toEqual(['one', 'two']);
    expect(firstTwo[1]!.update_id).toBe(firstTwo[0]!.update_id + 1);
    expect(again.map((u) => u.message?.text)).toEqual(['three']);
    expect(empty).toEqual([]);
  });

  it('ends a waiting getUpdates with 409 when another one arrives', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);

    let settled = false;
    const first = bot.api.getUpdates({ timeout: 20 }).catch((error: unknown) => error).finally(() => (settled = true));
    // Keep polling until the first request, once it is waiting, gets terminated by a newer one.
    await until(async () => {
      await bot.api.getUpdates({ timeout: 0 });
      return settled;
    });
    const error = await first;

    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe(TelegramErrors.otherGetUpdates);
  });

  it('drops update types outside allowed_updates', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);
    const user = emulator.user({ id: 802, first_name: 'Ada' });
    await bot.api.getUpdates({ allowed_updates: ['callback_query'] });

    user.send('ignored');
    await bot.api.sendMessage(802, 'menu', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    user.press('A');
    const updates = await bot.api.getUpdates();

    expect(updates.map((u) => Object.keys(u).filter((k) => k !== 'update_id'))).toEqual([['callback_query']]);
  });

  it('delivers updates to a webhook with the secret token and refuses getUpdates meanwhile', async () => {
    const emulator = await startEmulator();
    const bot = botWithWelcome(emulator);
    const url = await serveWebhook(bot, 'hook_secret-1');
    const user = emulator.user({ id: 803, first_name: 'Wendy' });

    await bot.api.setWebhook(url, { secret_token: 'hook_secret-1' });
    user.send('/start');
    await user.waitFor(/Welcome via webhook/);
    const conflict = await bot.api.getUpdates().catch((error: unknown) => error);
    const info = await bot.api.getWebhookInfo();

    expect((conflict as GrammyError).error_code).toBe(409);
    expect((conflict as GrammyError).description).toBe(TelegramErrors.webhookActive);
    expect(info).toMatchObject({ url, pending_update_count: 0 });
    expect(info.last_error_message).toBeUndefined();
  });

  it('keeps an update pending and reports the error when the webhook rejects the secret', async () => {
    const emulator = await startEmulator({ webhookRetryDelayMs: 50 });
    const bot = botWithWelcome(emulator);
    const url = await serveWebhook(bot, 'expected');
    const user = emulator.user({ id: 804, first_name: 'Sam' });

    await bot.api.setWebhook(url, { secret_token: 'other' });
    user.send('/start');
    await until(async () => (await bot.api.getWebhookInfo()).last_error_message !== undefined);
    const info = await bot.api.getWebhookInfo();
    await bot.api.deleteWebhook({ drop_pending_updates: true });

    expect(info.last_error_message).toBe('Wrong response from the webhook: 401 Unauthorized');
    expect(info.pending_update_count).toBe(1);
    expect(user.messages()).toEqual([]);
    expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it('executes a method returned in the webhook response body', async () => {
    const emulator = await startEmulator();
    const bot = botWithWelcome(emulator, { client: { canUseWebhookReply: (method) => method === 'sendMessage' } });
    const url = await serveWebhook(bot, 'reply');
    const user = emulator.user({ id: 805, first_name: 'Rita' });

    await bot.api.setWebhook(url, { secret_token: 'reply' });
    user.send('/start');
    await user.waitFor(/Welcome via webhook/);

    expect(emulator.callsOf('sendMessage').map((call) => call.via)).toEqual(['webhook-reply']);
  });

  it('fails waitFor with the recent bot messages listed', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);
    const user = emulator.user({ id: 806, first_name: 'Tim' });
    user.send('/start');
    await bot.api.sendMessage(806, 'Hello there', { reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } });

    const failure = await user.waitFor(/Goodbye/, { timeoutMs: 100, since: 0 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('waitFor timed out after 100 ms');
    expect((failure as Error).message).toContain('/Goodbye/');
    expect((failure as Error).message).toContain('#2 "Hello there" buttons: [OK]');
  });

  it('explains which buttons exist when press finds none', async () => {
    const emulator = await startEmulator();
    const bot = botFor(emulator);
    const user = emulator.user({ id: 807, first_name: 'Una' });
    user.send('/start');
    await bot.api.sendMessage(807, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'Red', callback_data: 'r' }, { text: 'Blue', callback_data: 'b' }]] } });

    expect(() => user.press('Green')).toThrow(/No inline button "Green"[\s\S]*\[Red\] \[Blue\]/);
  });
});
