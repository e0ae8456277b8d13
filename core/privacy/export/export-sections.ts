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
    describes: 'your profile as the bot knows it (Telegram id, names, language, time zone, role, status) and every consent you gave (privacy policy versions, 18+ confirmation) with its time',
    sql: `SELECT u.id, u.telegram_id, u.chat_id, u.username, u.first_name, u.last_name, u.language, u.time_zone, u.role, u.status,
            u.policy_version, u.policy_accepted_at, u.adult_confirmed_at, u.default_country, u.created_at, u.updated_at,
            (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'version', c.version, 'accepted_at', c.accepted_at) ORDER BY c.id), '[]')
               FROM consents c WHERE c.user_id = u.id) AS consents
          FROM users u WHERE u.id = $1`,
  },
  {
    file: 'accounts.json',
    format: 'json',
    describes: 'the Telegram and WhatsApp accounts you connected: platform, phone, username, display name, status, limits (session credentials are never exported)',
    sql: `SELECT id, platform, label, display_name, phone, username, platform_user_id, status, limited_until, status_reason, daily_limit,
            warmup_started_at, last_restricted_at, connected_at, created_at, updated_at
          FROM sender_accounts WHERE user_id = $1 ORDER BY id`,
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
    sql: 'SELECT list_id, contact_id FROM contact_list_members WHERE user_id = $1 ORDER BY list_id, contact_id',
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
          FROM deliveries WHERE user_id = $1 ORDER BY id`,
    large: true,
  },
  {
    file: 'imports.json',
    format: 'json',
    describes: 'the contact files you imported: file name, format, counts of imported, updated, duplicate and rejected rows',
    sql: `SELECT id, list_id, file_name, file_sha256, format, status, imported, updated, duplicates, rejected, error_code, created_at, finished_at
          FROM contact_imports WHERE user_id = $1 ORDER BY id`,
  },
];

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
