import { z } from 'zod';
import type { ConnectionRegistry } from '../../core/accounts/connection-registry.js';
import type { Clock } from '../../core/clock.js';
import type { JobQueue } from '../../core/jobs.js';
import type { Logger } from '../../core/logging/logger.js';
import type { MessengerDriver, Platform } from '../../core/messengers/messenger.js';
import { SEND_TEST_JOB } from '../../core/campaigns/campaign.service.js';
import { defineJob } from '../job.js';

// The account may be held by another worker: the job comes back here a few times before giving up.
const MAX_HOPS = 12;
const HOP_DELAY_MS = 5_000;

/**
 * Sends a campaign's test message (queued by `CampaignService.sendTest`) to the user's own Telegram account,
 * through the chosen account if this worker holds it; otherwise re-queues itself for the worker that does.
 */
export function sendTestDeliveryJob(deps: {
  registry: () => ConnectionRegistry | undefined;
  drivers: Partial<Record<Platform, MessengerDriver>>;
  jobs: () => JobQueue | undefined;
  clock: Clock;
  logger: Logger;
}) {
  return defineJob({
    name: SEND_TEST_JOB,
    payload: z.object({
      userId: z.number().int(),
      campaignId: z.number().int(),
      accountId: z.number().int(),
      text: z.string(),
      username: z.string(),
      hop: z.number().int().default(0),
    }),
    handle: async (payload) => {
      const account = deps.registry()?.get(payload.accountId);
      if (account === undefined || account.userId !== payload.userId) {
        if (payload.hop >= MAX_HOPS) {
          deps.logger.warn({ action: SEND_TEST_JOB, accountId: payload.accountId }, 'test message dropped: account not connected');
          return;
        }
        await deps.jobs()?.enqueue(SEND_TEST_JOB, { ...payload, hop: payload.hop + 1 }, { at: new Date(deps.clock.now().getTime() + HOP_DELAY_MS) });
        return;
      }
      const driver = deps.drivers[account.platform];
      if (driver === undefined) return;
      const to = await account.connection.resolveRecipient({ kind: 'username', username: payload.username });
      await account.connection.sendText(to, payload.text, driver.newClientMessageId());
      deps.logger.info({ action: SEND_TEST_JOB, accountId: payload.accountId, campaignId: payload.campaignId }, 'test message sent');
    },
  });
}
