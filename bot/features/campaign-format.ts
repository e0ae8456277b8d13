import type { Channel, DeliveryCounts, Issue } from '../../core/campaigns/campaign.types.js';
import type { Platform } from '../../core/messengers/messenger.js';
import { localTime } from '../notifications/local-time.js';
import { escapeHtml } from './html-text.js';

/** How the campaigns section calls i18n (works with `ctx.t` and the notifier's translator). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** A ten-cell bar of the finished share of `counts` (sent, replied, failed and skipped are finished). */
export function progressBar(counts: DeliveryCounts, width = 10): string {
  const filled = counts.total === 0 ? 0 : Math.round((finished(counts) / counts.total) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

/** Deliveries that need no more work. */
export function finished(counts: DeliveryCounts): number {
  return counts.sent + counts.replied + counts.failed + counts.skipped;
}

/** A 0..1 ratio as a whole percentage. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

const PLATFORM_NAMES: Record<Platform, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp' };

/** Brand names are not translated. */
export function platformName(platform: Platform): string {
  return PLATFORM_NAMES[platform];
}

/** The campaign's channel in words. */
export function channelText(t: Translate, channel: Channel, preferred: Platform): string {
  if (channel === 'any') return t('campaign-channel-any', { preferred: platformName(preferred) });
  return t(`campaign-channel-${channel}`);
}

/** `2026-03-02 09:30` in `timeZone` (an IANA name or a fixed offset such as `UTC+3`). */
export function formatInstant(iso: string, timeZone: string): string {
  return localTime(iso, timeZone);
}

/** Issue codes with their own message in campaigns.ftl; any other code is shown by its code. */
const KNOWN_ISSUES = new Set([
  'TEMPLATE_EMPTY',
  'TEMPLATE_UNCLOSED_BRACE',
  'TEMPLATE_UNEXPECTED_CLOSING_BRACE',
  'TEMPLATE_UNKNOWN_VARIABLE',
  'TEMPLATE_EMPTY_BRACES',
  'TEMPLATE_SINGLE_ALTERNATIVE',
  'TEMPLATE_EMPTY_ALTERNATIVE',
  'TEMPLATE_POSSIBLE_VARIABLE',
  'TEMPLATE_EMPTY_VARIABLE',
  'TEMPLATE_TOO_LONG',
  'CAMPAIGN_NO_STEPS',
  'CAMPAIGN_NO_ACCOUNTS',
  'CAMPAIGN_ACCOUNT_UNAVAILABLE',
  'CAMPAIGN_NO_ACCOUNT_FOR_CHANNEL',
  'CAMPAIGN_EMPTY_AUDIENCE',
  'CAMPAIGN_CAP_ABOVE_SAFE',
  'CAMPAIGN_DELAY_BELOW_SAFE',
  'CAMPAIGN_INVALID_SCHEDULE',
  'CAMPAIGN_END_IN_PAST',
  'CAMPAIGN_FOLLOW_UP_WITHOUT_DELAY',
]);

/** One validation issue in words (HTML-escaped): where it is, then what is wrong. */
export function issueText(t: Translate, issue: Pick<Issue, 'code' | 'step' | 'line' | 'column' | 'data'>): string {
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(issue.data)) vars[key] = typeof value === 'string' ? escapeHtml(value) : value;
  if (vars.platform !== undefined) vars.platform = platformName(String(vars.platform) as Platform);
  vars.hint = typeof vars.suggestion === 'string' && vars.suggestion !== '' ? t('campaign-issue-hint', { suggestion: vars.suggestion }) : '';
  const known = KNOWN_ISSUES.has(issue.code);
  const text = known ? t(`campaign-issue-${issue.code.toLowerCase().replaceAll('_', '-')}`, vars) : t('campaign-issue-other', { code: escapeHtml(issue.code) });
  return [wherePrefix(t, issue), text].filter((part) => part !== '').join(' ');
}

function wherePrefix(t: Translate, issue: Pick<Issue, 'step' | 'line' | 'column'>): string {
  if (issue.step === undefined) return '';
  if (issue.line === undefined || issue.column === undefined) return t('campaign-issue-where-step', { step: issue.step });
  return t('campaign-issue-where', { step: issue.step, line: issue.line, column: issue.column });
}

/** A bulleted block of issues. */
export function issueList(t: Translate, issues: readonly Pick<Issue, 'code' | 'step' | 'line' | 'column' | 'data'>[]): string {
  return issues.map((issue) => `• ${issueText(t, issue)}`).join('\n');
}
