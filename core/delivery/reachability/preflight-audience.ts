import { recipientsSql } from '../../campaigns/launch-recipients.js';
import type { CampaignRecord } from '../../campaigns/campaign.repository.js';
import type { Platform } from '../../messengers/messenger.js';
import type { Queryable } from '../sql.js';
import { unreachableRecipientCondition } from './recipient-checks.js';
import type { ChannelReachability, ReachabilitySummary } from './reachability.types.js';

/** A campaign account that may check recipients of its platform. */
export interface CheckAccount {
  id: number;
  platform: Platform;
}

/** A recipient nobody has a settled answer about yet, with the campaign accounts that already asked. */
export interface UncheckedRecipient {
  channel: Platform;
  recipient: string;
  checkedBy: number[];
}

const TOP_REASONS = 3;

/** The campaign's chosen accounts that are active and not limited now, on the platforms its channel allows. */
export async function campaignCheckAccounts(db: Queryable, campaign: CampaignRecord, now: Date): Promise<CheckAccount[]> {
  const { rows } = await db.query<CheckAccount>(
    `SELECT a.id, a.platform FROM sender_accounts a
     WHERE a.user_id = $1 AND a.id = ANY ($2::int[]) AND a.status = 'active' AND (a.limited_until IS NULL OR a.limited_until <= $3)
       AND ($4::text = 'any' OR a.platform = $4::text)
     ORDER BY a.id`,
    [campaign.userId, campaign.accountIds, now, campaign.channel],
  );
  return rows;
}

/**
 * The campaign's recipients (the launcher's own selection), each classified against the cache: `reachable`
 * (a fresh answer says some campaign account reaches them), `unreachable` (see `unreachableRecipientCondition`,
 * with the latest reason) or `unchecked`. Parameters follow the selection's own.
 */
function classifiedSql(campaign: CampaignRecord, accounts: readonly CheckAccount[], now: Date): { sql: string; params: unknown[] } {
  const enabled = {
    telegram: accounts.some((a) => a.platform === 'telegram'),
    whatsapp: accounts.some((a) => a.platform === 'whatsapp'),
  };
  const selection = recipientsSql(campaign, enabled);
  const p = selection.params.length;
  const [user, ids, at] = [`$${p + 1}::int`, `$${p + 2}::int[]`, `$${p + 3}::timestamptz`];
  const bad = unreachableRecipientCondition({ recipient: 'r.recipient', channel: 'r.channel', userId: user, accountIds: ids, now: at });
  const sql = `WITH ${selection.sql},
    classified AS (
      SELECT r.contact_id, r.channel, r.recipient,
        CASE WHEN EXISTS (SELECT 1 FROM recipient_checks c WHERE c.account_id = ANY (${ids}) AND c.recipient = r.recipient
                            AND c.platform = r.channel AND c.reachable AND c.expires_at > ${at}) THEN 'reachable'
             WHEN ${bad} THEN 'unreachable' ELSE 'unchecked' END AS state
      FROM recipients r)`;
  return { sql, params: [...selection.params, campaign.userId, accounts.map((a) => a.id), now] };
}

/** Per channel: how many of the campaign's recipients are reachable, unreachable (with top reasons), unchecked. */
export async function reachabilitySummary(db: Queryable, campaign: CampaignRecord, accounts: readonly CheckAccount[], now: Date): Promise<ReachabilitySummary> {
  if (accounts.length === 0) return { campaignId: campaign.id, channels: [] };
  const { sql, params } = classifiedSql(campaign, accounts, now);
  const p = params.length;
  const { rows } = await db.query<{ channel: Platform; state: 'reachable' | 'unreachable' | 'unchecked'; reason: string | null; n: number }>(
    `${sql}
     SELECT k.channel, k.state,
            CASE WHEN k.state = 'unreachable' THEN
              (SELECT c.error_code FROM recipient_checks c WHERE c.user_id = $${p - 2}::int AND c.recipient = k.recipient AND c.platform = k.channel
                 AND NOT c.reachable AND c.expires_at > $${p}::timestamptz ORDER BY c.checked_at DESC LIMIT 1) END AS reason,
            count(*)::int AS n
     FROM classified k GROUP BY 1, 2, 3`,
    params,
  );
  const channels = new Map<Platform, ChannelReachability>();
  for (const row of rows) {
    const entry = channels.get(row.channel) ?? { channel: row.channel, reachable: 0, unreachable: 0, unchecked: 0, topReasons: [] };
    entry[row.state] += row.n;
    if (row.state === 'unreachable') entry.topReasons.push({ code: row.reason ?? 'UNKNOWN', count: row.n });
    channels.set(row.channel, entry);
  }
  const ordered = [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  for (const entry of ordered) {
    entry.topReasons.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    entry.topReasons = entry.topReasons.slice(0, TOP_REASONS);
  }
  return { campaignId: campaign.id, channels: ordered };
}

/**
 * Up to `limit` unchecked recipients of the campaign (contact order), with the campaign accounts that already
 * hold their own fresh answer about each (those need not ask again).
 */
export async function uncheckedRecipients(
  db: Queryable,
  campaign: CampaignRecord,
  accounts: readonly CheckAccount[],
  now: Date,
  limit: number,
): Promise<UncheckedRecipient[]> {
  if (accounts.length === 0 || limit <= 0) return [];
  const { sql, params } = classifiedSql(campaign, accounts, now);
  const p = params.length;
  const { rows } = await db.query<{ channel: Platform; recipient: string; checked_by: number[] }>(
    `${sql}
     SELECT k.channel, k.recipient,
            array(SELECT c.account_id FROM recipient_checks c WHERE c.account_id = ANY ($${p - 1}::int[]) AND c.recipient = k.recipient
                    AND c.expires_at > $${p}::timestamptz ORDER BY 1) AS checked_by
     FROM classified k WHERE k.state = 'unchecked' ORDER BY k.contact_id LIMIT $${p + 1}`,
    [...params, limit],
  );
  return rows.map((row) => ({ channel: row.channel, recipient: row.recipient, checkedBy: row.checked_by }));
}
