import { audienceCondition } from '../contacts/contact-audience.js';
import { unreachableRecipientCondition } from '../delivery/reachability/recipient-checks.js';
import type pg from 'pg';
import { inTransaction, type Queryable } from '../delivery/sql.js';
import type { Platform } from '../messengers/messenger.js';
import type { CampaignRecord } from './campaign.repository.js';
import type { LaunchRecipient } from './launch-plan.js';

/**
 * The SQL that picks the campaign's recipients, one row per sendable contact with its channel and recipient:
 * matches the audience, drops opted-out and unreachable contacts and contacts already in another active campaign
 * of the user (unless overlap is allowed). No two rows share a recipient without a sort to remove duplicates: a
 * user's phones and lower-cased usernames are unique (`contacts_user_phone_unique`,
 * `contacts_user_username_unique`), and a Telegram recipient is the username whenever there is one. Parameters
 * from `$1`.
 */
export function recipientsSql(campaign: CampaignRecord, enabled: Record<Platform, boolean>): { sql: string; params: unknown[] } {
  const where = audienceCondition(campaign.userId, {
    listIds: campaign.audience.listIds,
    tags: campaign.audience.tags,
    excludedTags: campaign.audience.excludeTags,
  });
  const params: unknown[] = [...where.params];
  if (!campaign.allowOverlap) params.push(campaign.id);
  const campaignParam = `$${params.length}`;
  const tgOk = enabled.telegram ? '(c.username IS NOT NULL OR c.phone IS NOT NULL)' : 'false';
  const waOk = enabled.whatsapp ? 'c.phone IS NOT NULL' : 'false';
  const preferTelegram = campaign.channel === 'telegram' || (campaign.channel === 'any' && campaign.preferredChannel === 'telegram');
  const channel = preferTelegram
    ? `CASE WHEN ${tgOk} THEN 'telegram' WHEN ${waOk} THEN 'whatsapp' END`
    : `CASE WHEN ${waOk} THEN 'whatsapp' WHEN ${tgOk} THEN 'telegram' END`;
  const overlap = campaign.allowOverlap
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM deliveries o JOIN campaigns oc ON oc.id = o.campaign_id
         WHERE o.contact_id = c.id AND o.user_id = c.user_id AND oc.id <> ${campaignParam}
           AND oc.status IN ('scheduled', 'running', 'paused'))`;
  const sql = `
    cand AS (
      SELECT c.id AS contact_id, ${channel} AS channel, c.username, c.phone
      FROM contacts c
      WHERE ${where.sql} AND c.reachable AND c.opted_out_at IS NULL ${overlap}),
    recipients AS (
      SELECT contact_id, channel,
             CASE WHEN channel = 'telegram' AND username IS NOT NULL THEN 'username:' || lower(username) ELSE 'phone:' || phone END AS recipient
      FROM cand WHERE channel IS NOT NULL)`;
  return { sql, params };
}

/**
 * The recipients with what planning needs, in contact id order: the contact's place only when the campaign
 * sends in recipients' local time, and which of `accounts` already know the recipient (`account_peers`).
 * Recipients cached unreachable for every account of their channel are left out (they count as skipped).
 *
 * They come back as one row of columns (ids and channels as joined text, the other columns as JSON arrays), not
 * as a row per recipient: node-postgres spent more time taking 100,000 rows apart than the server needed to
 * select them. With `alongside`, the upper half of the owner's contacts is selected at the same time on a
 * connection of that pool (in a transaction of its own: it reads what is committed, as the caller's transaction
 * does, and the caller's uncommitted writes cannot change who is selected).
 */
export async function selectRecipients(
  db: Queryable,
  campaign: CampaignRecord,
  accounts: readonly { id: number; platform: Platform }[],
  now: Date,
  alongside?: pg.Pool,
): Promise<LaunchRecipient[]> {
  const enabled = {
    telegram: campaign.channel !== 'whatsapp' && accounts.some((a) => a.platform === 'telegram'),
    whatsapp: campaign.channel !== 'telegram' && accounts.some((a) => a.platform === 'whatsapp'),
  };
  if (!enabled.telegram && !enabled.whatsapp) return [];
  const recipients = recipientsSql(campaign, enabled);
  const p = recipients.params.length;
  const local = campaign.schedule.recipientLocalTime;
  // The full test runs correlated subqueries per row; it can only hold for a recipient with some unexpired
  // "unreachable" answer of the owner, so one hashed lookup first keeps it off the other 99 % of a big audience.
  const cached = `r.recipient IN (SELECT rc.recipient FROM recipient_checks rc
                                  WHERE rc.user_id = $${p + 1} AND NOT rc.reachable AND rc.expires_at > $${p + 3}::timestamptz)`;
  const unreachable = unreachableRecipientCondition({
    recipient: 'r.recipient',
    channel: 'r.channel',
    userId: `$${p + 1}`,
    accountIds: `$${p + 2}::int[]`,
    now: `$${p + 3}::timestamptz`,
  });
  const inOrder = (column: string): string => `json_agg(${column} ORDER BY contact_id)`;
  // Contacts from id `$${p + 4}` (inclusive) to `$${p + 5}` (exclusive), either bound null for no limit.
  const sql = `WITH ${recipients.sql},
     known AS (
       SELECT peer, array_agg(account_id ORDER BY account_id) AS known_by FROM account_peers
       WHERE user_id = $${p + 1} AND account_id = ANY ($${p + 2}::int[]) GROUP BY peer),
     picked AS (
       SELECT r.contact_id, r.channel, r.recipient, k.known_by ${local ? ', c.time_zone, c.country, c.city' : ''}
       FROM recipients r LEFT JOIN known k ON k.peer = r.recipient
            ${local ? 'JOIN contacts c ON c.id = r.contact_id' : ''}
       WHERE NOT (${cached} AND ${unreachable})
         AND ($${p + 4}::bigint IS NULL OR r.contact_id >= $${p + 4}::bigint) AND ($${p + 5}::bigint IS NULL OR r.contact_id < $${p + 5}::bigint))
     SELECT count(*)::int AS count,
            string_agg(contact_id::text, ',' ORDER BY contact_id) AS ids,
            string_agg(CASE channel WHEN 'telegram' THEN 't' ELSE 'w' END, '' ORDER BY contact_id) AS channels,
            ${inOrder('recipient')} AS recipients, ${inOrder('known_by')} AS known
            ${local ? `, ${inOrder('time_zone')} AS zones, ${inOrder('country')} AS countries, ${inOrder('city')} AS cities` : ''}
     FROM picked`;
  const params = [...recipients.params, campaign.userId, accounts.map((a) => a.id), now];
  // Room for the sorts of a 100,000-row audience in memory (the default 4 MB spills them to disk); local to the
  // transaction (launch and preview both run in one).
  const select = async (client: Queryable, from: string | null, below: string | null): Promise<LaunchRecipient[]> => {
    await client.query(`SELECT set_config('work_mem', '64MB', true)`);
    const { rows } = await client.query<SelectedColumns>(sql, [...params, from, below]);
    return decodeRecipients(rows[0]!);
  };
  const split = alongside === undefined ? null : await midContactId(db, campaign.userId);
  if (alongside === undefined || split === null) return select(db, null, null);
  // Two halves of the owner's contacts at once, the upper one on a connection of its own: the server spends
  // most of a large selection evaluating rows, and this way it has both cores for it.
  const [lower, upper] = await Promise.all([select(db, null, split), inTransaction(alongside, (client) => select(client, split, null))]);
  return lower.concat(upper);
}

/** The id halfway between the owner's lowest and highest contact ids (null when there is nothing to split). */
async function midContactId(db: Queryable, userId: number): Promise<string | null> {
  const { rows } = await db.query<{ mid: string | null }>(
    `SELECT (min(id) + (max(id) - min(id) + 1) / 2)::text AS mid FROM contacts WHERE user_id = $1 HAVING max(id) > min(id)`,
    [userId],
  );
  return rows[0]?.mid ?? null;
}

/** The one row `selectRecipients` reads: columns in contact id order (null when no recipient). */
interface SelectedColumns {
  count: number;
  /** Contact ids (bigint text), comma-separated. */
  ids: string | null;
  /** One letter per recipient: `t` Telegram, `w` WhatsApp. */
  channels: string | null;
  recipients: string[] | null;
  known: (number[] | null)[] | null;
  zones?: (string | null)[] | null;
  countries?: (string | null)[] | null;
  cities?: (string | null)[] | null;
}

function decodeRecipients(selected: SelectedColumns): LaunchRecipient[] {
  const { count } = selected;
  if (count === 0) return [];
  const ids = selected.ids!.split(',');
  const { channels, recipients, known, zones, countries, cities } = selected;
  const local = zones !== undefined;
  const lengths = [ids.length, channels!.length, recipients!.length, known!.length, ...(local ? [zones!.length, countries!.length, cities!.length] : [])];
  if (lengths.some((length) => length !== count)) throw new Error(`launch recipients: columns of different lengths (${lengths.join(', ')}) for ${count}`);
  const decoded = new Array<LaunchRecipient>(count);
  for (let i = 0; i < count; i += 1) {
    const base = { contactId: ids[i]!, channel: channels![i] === 't' ? ('telegram' as const) : ('whatsapp' as const), recipient: recipients![i]!, knownBy: known![i]! };
    decoded[i] = local ? { ...base, timeZone: zones![i]!, country: countries![i]!, city: cities![i]! } : base;
  }
  return decoded;
}
