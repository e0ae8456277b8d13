import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Api } from 'grammy';

/**
 * What every Bot API client of ours does: waits out Telegram's "Too Many Requests" (up to 3 retries, at most 60 s
 * each) and paces its own calls. The bot's client and the notifier's (progress edits, summaries, replies) both.
 */
export function configureBotApi(api: Api): Api {
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  api.config.use(apiThrottler({ out: { maxConcurrent: 1, minTime: 25 } }));
  return api;
}
