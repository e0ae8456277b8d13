import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { LiveAccount } from '../accounts/connection-registry.js';
import type { IncomingMessage } from '../messengers/messenger.js';
import type { Notifier } from '../notifier.js';
import { contactLabel } from './delivery-renderer.js';
import { inTransaction } from './sql.js';
import { DEFAULT_STOP_WORDS, isStopReply } from './stop-words.js';

// The engine and tests import the stop-word rules from here, next to the handler that applies them.
export { DEFAULT_STOP_WORDS, isStopReply } from './stop-words.js';

const REPLY_TEXT_MAX = 1_000;

/**
 * In a backfill, a message cannot answer a delivery sent after it arrived. The slack absorbs the platform's
 * coarser timestamps (Telegram dates have whole seconds) and clock differences between it and us.
 */
const BACKFILL_CLOCK_SLACK_MS = 60_000;

export interface ReplyResult {
  deliveryId: number;
  campaignId: number;
  contactId: number;
  optedOut: boolean;
  /** Queued deliveries skipped because of the reply (follow-ups, or everything on opt-out). */
  skipped: number;
}

interface MatchRow {
  id: number;
  campaign_id: number;
  contact_id: number;
  user_id: number;
  campaign_name: string;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  phone: string | null;
}

/**
 * Matches an incoming message to the latest delivery sent from that account to its sender, marks it
 * `replied`, skips the contact's queued deliveries of that campaign (follow-ups), and on a stop word opts
 * the contact out of every campaign of the user. Notifies the user with the reply.
 */
export class ReplyHandler {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly notifier: Notifier | undefined,
    private readonly stopWords: readonly string[] = DEFAULT_STOP_WORDS,
  ) {}

  /**
   * Returns what was done, or null when the message answers none of our deliveries. With `onlyUnanswered`
   * (backfill after a reconnect) a message to an already-replied delivery is ignored, so nothing is told twice,
   * and so is a message older than the delivery (say, an answer to an earlier campaign handled live before).
   */
  async handle(account: LiveAccount, message: IncomingMessage, onlyUnanswered = false): Promise<ReplyResult | null> {
    const now = this.clock.now();
    const optOut = isStopReply(message.text, this.stopWords);
    const sentBy = onlyUnanswered ? new Date(message.receivedAt.getTime() + BACKFILL_CLOCK_SLACK_MS) : null;
    const result = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<MatchRow>(
        `SELECT d.id, d.campaign_id, d.contact_id, d.user_id, c.name AS campaign_name,
                ct.first_name, ct.last_name, ct.username, ct.phone
         FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN contacts ct ON ct.id = d.contact_id
         WHERE d.account_id = $1 AND d.recipient_user_id = $2 AND d.user_id = $3 AND d.status = ANY ($4::text[])
           AND ($5::timestamptz IS NULL OR d.sent_at <= $5)
         ORDER BY d.sent_at DESC LIMIT 1 FOR UPDATE OF d`,
        [account.accountId, message.fromPlatformUserId, account.userId, onlyUnanswered ? ['sent'] : ['sent', 'replied'], sentBy],
      );
      const match = rows[0];
      if (match === undefined) return null;
      await client.query(
        `UPDATE deliveries SET status = 'replied', replied_at = $2, finished_at = $2, rendered_text = NULL, updated_at = $2
         WHERE id = $1 AND status = 'sent'`,
        [match.id, now],
      );
      let skipped: number;
      if (optOut) {
        await client.query('UPDATE contacts SET opted_out_at = coalesce(opted_out_at, $2), updated_at = $2 WHERE id = $1', [match.contact_id, now]);
        skipped = await skipQueued(client, 'contact_id = $1 AND user_id = $2', [match.contact_id, match.user_id], 'OPTED_OUT', now);
      } else {
        skipped = await skipQueued(client, 'contact_id = $1 AND campaign_id = $2', [match.contact_id, match.campaign_id], 'REPLIED', now);
      }
      return { match, skipped };
    });
    if (result === null) return null;
    const { match, skipped } = result;
    await this.notifier?.send(account.chatId, 'delivery.reply', {
      deliveryId: match.id,
      campaignId: match.campaign_id,
      campaignName: match.campaign_name,
      contactId: match.contact_id,
      contactLabel: contactLabel(match),
      accountId: account.accountId,
      text: message.text.slice(0, REPLY_TEXT_MAX),
      optedOut: optOut,
    });
    return { deliveryId: match.id, campaignId: match.campaign_id, contactId: match.contact_id, optedOut: optOut, skipped };
  }
}

/** Skips the queued deliveries matching `where` (parameters from $1), erasing their text; returns how many. */
export async function skipQueued(
  client: Pick<pg.PoolClient, 'query'>,
  where: string,
  params: unknown[],
  code: string,
  now: Date,
): Promise<number> {
  const n = params.length;
  const { rowCount } = await client.query(
    `UPDATE deliveries SET status = 'skipped', error_code = $${n + 1}, rendered_text = NULL, finished_at = $${n + 2}, updated_at = $${n + 2}
     WHERE ${where} AND status = 'queued'`,
    [...params, code, now],
  );
  return rowCount ?? 0;
}
