import type { Queryable } from '../delivery/sql.js';
import { foldCounts } from '../delivery/delivery-counts.js';
import { safeCsvLine } from '../shared/csv-safe.js';
import type { CampaignRecord } from './campaign.repository.js';
import { replyRate, type CampaignStats, type CampaignStatus, type OverallStats } from './campaign.types.js';
import { ownedDeliveriesSql } from '../delivery/owned-deliveries.js';

/** Counts per status, per step and per account, reply rates and the most frequent errors of one campaign. */
export async function campaignStats(db: Queryable, campaign: CampaignRecord): Promise<CampaignStats> {
  const { rows } = await db.query<{ position: number; account_id: number | null; status: string; n: number }>(
    `SELECT s.position, d.account_id, d.status, count(*)::int AS n
     FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
     WHERE d.campaign_id = $1 AND d.user_id = $2 GROUP BY s.position, d.account_id, d.status`,
    [campaign.id, campaign.userId],
  );
  const counts = foldCounts(rows);
  const positions = [...new Set(rows.map((row) => row.position))].sort((a, b) => a - b);
  const accounts = [...new Set(rows.map((row) => row.account_id))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const { rows: errors } = await db.query<{ code: string; count: number }>(
    `SELECT error_code AS code, count(*)::int AS count FROM deliveries
     WHERE campaign_id = $1 AND user_id = $2 AND status = 'failed' AND error_code IS NOT NULL
     GROUP BY error_code ORDER BY count DESC, error_code LIMIT 10`,
    [campaign.id, campaign.userId],
  );
  return {
    campaignId: campaign.id,
    status: campaign.status,
    counts,
    replyRate: replyRate(counts),
    perStep: positions.map((position) => {
      const stepCounts = foldCounts(rows.filter((row) => row.position === position));
      return { position, counts: stepCounts, replyRate: replyRate(stepCounts) };
    }),
    perAccount: accounts.map((accountId) => {
      const accountCounts = foldCounts(rows.filter((row) => row.account_id === accountId));
      return { accountId, counts: accountCounts, replyRate: replyRate(accountCounts) };
    }),
    topErrors: errors,
  };
}

/** Totals over every campaign of the user. */
export async function overallStats(db: Queryable, userId: number): Promise<OverallStats> {
  const { rows: statuses } = await db.query<{ status: CampaignStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM campaigns WHERE user_id = $1 GROUP BY status',
    [userId],
  );
  const campaigns: Record<CampaignStatus, number> = { draft: 0, scheduled: 0, running: 0, paused: 0, completed: 0, cancelled: 0 };
  for (const row of statuses) campaigns[row.status] = row.n;
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM deliveries d WHERE ${ownedDeliveriesSql('d', '$1')} GROUP BY status`,
    [userId],
  );
  const { rows: opted } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM contacts WHERE user_id = $1 AND opted_out_at IS NOT NULL',
    [userId],
  );
  const counts = foldCounts(rows);
  return { campaigns, counts, replyRate: replyRate(counts), optedOut: opted[0]!.n };
}

const CSV_HEADER = ['delivery_id', 'step', 'contact_id', 'recipient', 'channel', 'account_id', 'status', 'attempts', 'planned_at',
  'sent_at', 'replied_at', 'finished_at', 'error_code', 'error_text'];

function iso(value: Date | null): string {
  return value === null ? '' : value.toISOString();
}

/** Every delivery of the campaign as CSV (UTF-8, CRLF); cells that a spreadsheet would run are neutralised. */
export async function deliveriesCsv(db: Queryable, campaign: CampaignRecord): Promise<Buffer> {
  const { rows } = await db.query<{
    id: number; position: number; contact_id: number; recipient: string; channel: string; account_id: number | null; status: string;
    attempts: number; planned_at: Date; sent_at: Date | null; replied_at: Date | null; finished_at: Date | null;
    error_code: string | null; error_text: string | null;
  }>(
    `SELECT d.id, s.position, d.contact_id, d.recipient, d.channel, d.account_id, d.status, d.attempts, d.planned_at, d.sent_at,
            d.replied_at, d.finished_at, d.error_code, d.error_text
     FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
     WHERE d.campaign_id = $1 AND d.user_id = $2 ORDER BY d.id`,
    [campaign.id, campaign.userId],
  );
  const lines = [safeCsvLine(CSV_HEADER)];
  for (const row of rows) {
    lines.push(safeCsvLine([
      String(row.id), String(row.position), String(row.contact_id), row.recipient.slice(row.recipient.indexOf(':') + 1), row.channel,
      row.account_id === null ? '' : String(row.account_id), row.status, String(row.attempts), iso(row.planned_at), iso(row.sent_at),
      iso(row.replied_at), iso(row.finished_at), row.error_code ?? '', row.error_text ?? '',
    ]));
  }
  return Buffer.from(lines.join(''), 'utf8');
}
