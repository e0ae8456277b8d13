import { z } from 'zod';
import type { ConnectionRegistry } from '../../core/accounts/connection-registry.js';
import type { Clock } from '../../core/clock.js';
import type { JobQueue } from '../../core/jobs.js';
import type { Logger } from '../../core/logging/logger.js';
import type { MessengerDriver, Platform } from '../../core/messengers/messenger.js';
import { DIRECT_MESSAGE_JOB } from '../../core/campaigns/direct-message.js';
import { recipientRef } from '../../core/delivery/delivery-renderer.js';
import { defineJob } from '../job.js';

// The account may be held by another worker: the job comes back here a few times before giving up.
const MAX_HOPS = 12;
const HOP_DELAY_MS = 5_000;

/**
 * Sends one direct message (a campaign's test message, or the user's answer to a contact) through the chosen
 * account if this worker holds it; otherwise re-queues itself for the worker that does.
 */
export function directMessageJob(deps: {
  registry: () => ConnectionRegistry | undefined;
  drivers: Partial<Record<Platform, MessengerDriver>>;
  jobs: () => JobQueue | undefined;
  clock: Clock;
  logger: Logger;
}) {
  return defineJob({
    name: DIRECT_MESSAGE_JOB,
    payload: z.object({
      userId: z.number().int(),
      campaignId: z.number().int(),
      accountId: z.number().int(),
      recipient: z.string().regex(/^(username|phone):.+$/),
      text: z.string().min(1),
      purpose: z.enum(['test', 'reply']),
      hop: z.number().int().default(0),
    }),
    handle: async (payload) => {
      const log = { action: DIRECT_MESSAGE_JOB, purpose: payload.purpose, accountId: payload.accountId, campaignId: payload.campaignId };
      const account = deps.registry()?.get(payload.accountId);
      if (account === undefined || account.userId !== payload.userId) {
        if (payload.hop >= MAX_HOPS) {
          deps.logger.warn(log, 'direct message dropped: account not connected');
          return;
        }
        await deps.jobs()?.enqueue(DIRECT_MESSAGE_JOB, { ...payload, hop: payload.hop + 1 }, { at: new Date(deps.clock.now().getTime() + HOP_DELAY_MS) });
        return;
      }
      const driver = deps.drivers[account.platform];
      if (driver === undefined) return;
      const to = await account.connection.resolveRecipient(recipientRef(payload.recipient));
      await account.connection.sendText(to, payload.text, driver.newClientMessageId());
      deps.logger.info(log, 'direct message sent');
    },
  });
}
