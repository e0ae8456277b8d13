import { ownedDeliveriesSql } from '../../delivery/owned-deliveries.js';

/**
 * The files of a data export (P12) and the query behind each. Every query is scoped by `$1` = the user's id;
 * credentials and pending login inputs (codes, passwords) are never exported.
 */
export interface ExportSection {
  /** File name inside the archive. */
  file: string;
  format: 'csv' | 'json';
  /** One line for the archive's README. */
  describes: string;
  sql: string;
  /** Counted towards the progress shown for large accounts. */
  large?: boolean;
}

const CONTACTS_SQL = `SELECT id, first_name, last_name, phone, username, email, company, position, country, city, time_zone,
  tags, custom, reachable, opted_out_at, created_at, updated_at FROM contacts WHERE user_id = $1 ORDER BY id`;

export const EXPORT_SECTIONS: readonly ExportSection[] = [
  {
    file: 'profile.json',
    format: 'json',
    describes: 'your profile as the bot knows it (Telegram id, names, language, time zone, role, status), every consent you gave (privacy policy versions, 18+ confirmation) with its time, the policy-change notices we sent you and your earlier data exports',
    sql: `SELECT u.id, u.telegram_id, u.chat_id, u.username, u.first_name, u.last_name, u.language, u.time_zone, u.role, u.status,
            u.policy_version, u.policy_accepted_at, u.adult_confirmed_at, u.default_country, u.created_at, u.updated_at,
            (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'version', c.version, 'accepted_at', c.accepted_at) ORDER BY c.id), '[]')
               FROM consents c WHERE c.user_id = u.id) AS consents,
            (SELECT coalesce(json_agg(json_build_object('policy_version', b.policy_version, 'outcome', r.outcome, 'at', r.at) ORDER BY r.at, b.id), '[]')
               FROM policy_broadcast_recipients r JOIN policy_broadcasts b ON b.id = r.broadcast_id WHERE r.user_id = u.id) AS policy_notices,
            (SELECT coalesce(json_agg(json_build_object('status', e.status, 'created_at', e.created_at, 'finished_at', e.finished_at) ORDER BY e.id), '[]')
               FROM data_exports e WHERE e.user_id = u.id) AS exports
          FROM users u WHERE u.id = $1`,
  },
  {
    file: 'accounts.json',
    format: 'json',
    describes: 'the Telegram and WhatsApp accounts you connected: platform, phone, username, display name, status, health, limits, when the next recipient check may run (session credentials are never exported)',
    sql: `SELECT a.id, a.platform, a.label, a.display_name, a.phone, a.username, a.platform_user_id, a.status, a.limited_until, a.status_reason,
            a.daily_limit, a.health_state, a.warmup_started_at, a.last_restricted_at, a.connected_at, a.created_at, a.updated_at,
            s.next_check_at AS next_recipient_check_at, s.paused_until AS recipient_checks_paused_until
          FROM sender_accounts a LEFT JOIN account_check_state s ON s.account_id = a.id AND s.user_id = $1
          WHERE a.user_id = $1 ORDER BY a.id`,
  },
  {
    file: 'account-health-events.csv',
    format: 'csv',
    describes: 'what Telegram and WhatsApp signalled about your accounts (flood waits, restrictions, disconnects) in the last 30 days, from which their health is computed',
    sql: 'SELECT account_id, kind, detail, wait_seconds, until, at FROM account_health_events WHERE user_id = $1 ORDER BY account_id, at, id',
  },
  {
    file: 'account-known-peers.csv',
    format: 'csv',
    describes: 'which of your contacts (by phone or username) each account already talked to or has in its address book, for sending to them first; only your contacts are kept',
    sql: 'SELECT account_id, peer, source, seen_at FROM account_peers WHERE user_id = $1 ORDER BY account_id, peer',
    large: true,
  },
  {
    file: 'recipient-checks.csv',
    format: 'csv',
    describes: 'the answers of recipient checks: whether an account can reach a recipient, and until when that answer is used',
    // Not `address`: Telegram's holds an access hash tied to the account's session, a credential of sorts (P2).
    sql: `SELECT account_id, platform, recipient, reachable, everywhere, platform_user_id, error_code, checked_at, expires_at
          FROM recipient_checks WHERE user_id = $1 ORDER BY account_id, recipient`,
    large: true,
  },
  {
    file: 'account-usage.csv',
    format: 'csv',
    describes: 'messages sent and recipient checks per account and day (for daily caps)',
    sql: 'SELECT account_id, day, sent, checks FROM account_daily_usage WHERE user_id = $1 ORDER BY account_id, day',
  },
  {
    file: 'login-attempts.json',
    format: 'json',
    describes: 'attempts to connect an account: method, phone, status, error (codes and passwords you typed are never kept here)',
    sql: `SELECT id, account_id, method, phone, status, error_code, expires_at, created_at, updated_at
          FROM login_attempts WHERE user_id = $1 ORDER BY id`,
  },
  { file: 'contacts.csv', format: 'csv', describes: 'your contacts, one per row (spreadsheet-safe)', sql: CONTACTS_SQL, large: true },
  { file: 'contacts.json', format: 'json', describes: 'the same contacts in JSON, with tags and custom fields as structured values', sql: CONTACTS_SQL, large: true },
  {
    file: 'lists.json',
    format: 'json',
    describes: 'your contact lists with their number of members',
    sql: `SELECT l.id, l.name, l.created_at, (SELECT count(*) FROM contact_list_members m WHERE m.list_id = l.id AND m.user_id = $1) AS members
          FROM contact_lists l WHERE l.user_id = $1 ORDER BY l.id`,
  },
  {
    file: 'list-members.csv',
    format: 'csv',
    describes: 'which contact (contacts.csv id) is in which list (lists.json id)',
    // Through the user's lists: member rows are found by list (their primary key), not by owner.
    sql: `SELECT m.list_id, m.contact_id FROM contact_lists l JOIN contact_list_members m ON m.list_id = l.id
          WHERE l.user_id = $1 AND m.user_id = $1 ORDER BY m.list_id, m.contact_id`,
    large: true,
  },
  {
    file: 'tags.json',
    format: 'json',
    describes: 'the tags on your contacts and how many contacts carry each',
    sql: 'SELECT tag, count(*) AS contacts FROM contacts, unnest(tags) AS tag WHERE user_id = $1 GROUP BY tag ORDER BY tag',
  },
  {
    file: 'campaigns.json',
    format: 'json',
    describes: 'your campaigns: audience, accounts, schedule (start, sending windows, time zone, caps, pacing) and the message template of each step',
    sql: `SELECT c.id, c.name, c.status, c.channel, c.preferred_channel, c.audience, c.account_ids, c.schedule, c.allow_overlap,
            c.created_at, c.updated_at, c.launched_at, c.finished_at,
            (SELECT coalesce(json_agg(json_build_object('position', s.position, 'template', s.template, 'delay_seconds', s.delay_seconds) ORDER BY s.position), '[]')
               FROM campaign_steps s WHERE s.campaign_id = c.id AND s.user_id = $1) AS steps
          FROM campaigns c WHERE c.user_id = $1 ORDER BY c.id`,
  },
  {
    file: 'deliveries.csv',
    format: 'csv',
    describes: 'one row per message of a campaign: recipient, status (queued, sent, failed, replied, skipped), times and error; the text only while it can still be retried',
    sql: `SELECT id, campaign_id, step_id, contact_id, account_id, channel, recipient, status, planned_at, attempts, rendered_text,
            error_code, error_text, queued_at, sent_at, replied_at, finished_at
          FROM deliveries d WHERE ${ownedDeliveriesSql('d', '$1')} ORDER BY id`,
    large: true,
  },
  {
    file: 'imports.json',
    format: 'json',
    describes: 'the contact files you imported: file name, format, counts of imported, updated, duplicate, rejected, extended and unreachable rows',
    sql: `SELECT id, list_id, file_name, file_sha256, format, status, imported, updated, duplicates, rejected, extended, unreachable, error_code, created_at, finished_at
          FROM contact_imports WHERE user_id = $1 ORDER BY id`,
  },
];

/**
 * The tables holding a user's rows that no section reads, each with the reason. Everything else a user owns
 * is exported: `tests/integration/privacy/export-coverage.test.ts` walks the catalog and fails for a table
 * that is in neither place, so a new table needs a section or a reason here.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  // A working session in the archive would let whoever holds the file act as the user's account (P2, P10).
  account_credentials: 'session credentials of connected accounts: secrets, never exported',
  account_leases: "which worker process holds an account's live connection: cluster bookkeeping, no data about the user",
  // Keyed by Telegram id, not user_id: the conversations plugin's replay log of a dialog in progress.
  bot_state: "the bot framework's state of an open dialog (the messages sent in it, in the framework's own format): transient, and what a dialog saves is in the exported files",
  agenda_jobs:
    'scheduled internal jobs (campaign ticks, export builds, contact imports in progress): ids and times of what campaigns.json and deliveries.csv hold, and of an import the file being read; removed when done',
};

/** The archive's README: what each file holds. */
export function exportReadme(generatedAt: Date): string {
  const lines = [
    'Contactd: everything we hold about you',
    `Generated ${generatedAt.toISOString()} (times are UTC, ISO 8601).`,
    '',
    'Files:',
    ...EXPORT_SECTIONS.map((s) => `- ${s.file}: ${s.describes}.`),
    '',
    'CSV files are UTF-8 with a header row; cells that a spreadsheet would run as a formula start with an apostrophe.',
    'Message texts are kept only until a message can no longer be retried, so most deliveries have an empty rendered_text.',
    'Server logs are kept at most 90 days and hold no message texts, phone numbers or credentials; they are not part of this export.',
    '',
  ];
  return lines.join('\n');
}
