// Shared set-up for the emulator tests: an emulator per test, a grammY bot polling it, and teardown that
// leaves no server, poll or socket behind.
import { Bot, type Context } from 'grammy';
import { afterEach } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator, type BotApiEmulatorOptions } from '../../../bot/sandbox/bot-api/index.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  // Bots first (their last getUpdates needs the server), then servers.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Registers teardown work for the current test. */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/** A fresh emulator, closed after the test. */
export async function startEmulator(options?: BotApiEmulatorOptions): Promise<BotApiEmulator> {
  const emulator = await createBotApiEmulator(options);
  onCleanup(() => emulator.close());
  return emulator;
}

/** A grammY bot pointed at the emulator (not started). */
export function botFor(emulator: BotApiEmulator): Bot {
  return new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot }, botInfo: emulator.botInfo });
}

/** Starts long polling with the bot's handlers; errors in handlers are collected, not swallowed. */
export async function startPolling(emulator: BotApiEmulator, setup: (bot: Bot) => void): Promise<{ bot: Bot; errors: unknown[] }> {
  const bot = botFor(emulator);
  const errors: unknown[] = [];
  bot.catch((error) => {
    errors.push(error.error);
  });
  setup(bot);
  await new Promise<void>((resolve, reject) => {
    bot.start({ onStart: () => resolve(), timeout: 2 }).catch(reject);
  });
  onCleanup(async () => {
    await bot.stop();
    if (errors.length > 0) throw new Error(`The bot's handlers failed: ${errors.map(String).join('; ')}`);
  });
  return { bot, errors };
}

/** A tiny PNG header of the given size: enough for the emulator's PhotoSize ladder. */
export function pngHeader(width: number, height: number): Buffer {
  const data = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(data, 0);
  data.writeUInt32BE(13, 8);
  data.write('IHDR', 12, 'latin1');
  data.writeUInt32BE(width, 16);
  data.writeUInt32BE(height, 20);
  return data;
}

export type { Context };
