import { createServer, type Server } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../core/logging/logger.js';
import type { BotContext } from './context.js';
import { publishCommands } from './index.js';

export type BotTransport =
  | { mode: 'polling' }
  | { mode: 'webhook'; url: string; secret: string; host: string; port: number };

/** A running bot; `stop()` stops taking updates and waits for the ones in progress. */
export interface RunningBot {
  stop(): Promise<void>;
}

/** Starts taking updates by long polling (@grammyjs/runner) or through a webhook HTTP server. */
export async function startBot(bot: Bot<BotContext>, transport: BotTransport, logger: Logger): Promise<RunningBot> {
  await bot.init();
  await publishCommands(bot);
  if (transport.mode === 'polling') {
    await bot.api.deleteWebhook();
    const handle: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
    logger.info({ action: 'bot.started', mode: 'polling', bot: bot.botInfo.username }, 'bot started (long polling)');
    return { stop: () => (handle.isRunning() ? handle.stop() : Promise.resolve()) };
  }
  const handle = webhookCallback(bot, 'http', { secretToken: transport.secret });
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(transport.port, transport.host, resolve));
  await bot.api.setWebhook(transport.url, { secret_token: transport.secret, allowed_updates: ['message', 'callback_query'] });
  logger.info({ action: 'bot.started', mode: 'webhook', bot: bot.botInfo.username }, 'bot started (webhook)');
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
