/**
 * One message outside a campaign's deliveries, sent through a user's connected account by the worker that holds
 * it: a campaign's test message to the user themself, or the user's answer to a contact who replied.
 */
export const DIRECT_MESSAGE_JOB = 'delivery.direct-message';

/** Payload of `DIRECT_MESSAGE_JOB`; `recipient` is in `deliveries.recipient` form (`username:…` / `phone:…`). */
export interface DirectMessagePayload {
  userId: number;
  accountId: number;
  recipient: string;
  text: string;
  purpose: 'test' | 'reply';
  campaignId: number;
}
