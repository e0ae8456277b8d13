import type { InlineKeyboard } from 'grammy';
import type { CampaignView, LaunchResult, ValidationReport } from '../../core/campaigns/campaign.types.js';
import type { ConversationContext } from '../context.js';
import { reviewKeyboard } from '../keyboards/campaigns.js';
import type { CampaignBotServices } from './campaign-directory.js';
import { channelText, formatInstant, issueList, type Translate } from './campaign-format.js';
import { planLines } from './campaign-plan.js';
import { isCheckable, type ReachabilitySummary } from '../../core/delivery/reachability/reachability.types.js';
import { withReachabilityButton } from './campaign-reachability.js';
import { reachabilityLines } from './reachability-text.js';
import { escapeHtml } from './html-text.js';

/** Everything the review screen shows, as plain data (it also travels through conversation replays). */
export interface ReviewData {
  view: CampaignView;
  report: ValidationReport;
  accountLabels: Record<number, string>;
  listNames: Record<number, string>;
  /** What launching now would plan (drafts without errors only), else null. */
  plan: LaunchResult | null;
  /** The audience's reachability per channel, when the pre-flight is wired and the campaign can still send. */
  reachability?: ReachabilitySummary | null;
}

/**
 * Loads a campaign with its validation, the names of its accounts and lists and, for a draft that could be
 * launched, the dry-run plan (`plan: false` skips it, e.g. right before a real launch). Scoped by the owner.
 */
export async function loadReview(campaigns: CampaignBotServices, userId: number, campaignId: number, options: { plan?: boolean } = {}): Promise<ReviewData> {
  const [view, report, accounts, lists] = await Promise.all([
    campaigns.service.get(userId, campaignId),
    campaigns.service.validate(userId, campaignId),
    campaigns.directory.accounts(userId),
    campaigns.directory.lists(userId),
  ]);
  const launchable = options.plan !== false && view.status === 'draft' && report.errors.length === 0;
  return {
    view,
    report,
    accountLabels: Object.fromEntries(accounts.map((a) => [a.id, a.label])),
    listNames: Object.fromEntries(lists.map((l) => [l.id, l.name])),
    plan: launchable ? await campaigns.service.planPreview(userId, campaignId) : null,
    reachability: campaigns.reachability !== undefined && options.plan !== false && isCheckable(view.status) ? await campaigns.reachability.summary(userId, campaignId) : null,
  };
}

const STEP_PREVIEW_CHARS = 300;

/** The review screen: every setting, the problems that block a launch and the warnings. */
export function renderReview(t: Translate, data: ReviewData): { text: string; keyboard: InlineKeyboard } {
  const { view, report } = data;
  const s = view.schedule;
  const named = (ids: number[], names: Record<number, string>) => (ids.length === 0 ? null : ids.map((id) => escapeHtml(names[id] ?? `#${id}`)).join(', '));
  const tags = (list: string[]) => (list.length === 0 ? null : list.map(escapeHtml).join(', '));
  const lines = [
    t('campaign-review-title', { name: escapeHtml(view.name) }),
    t('campaign-review-channel', { channel: channelText(t, view.channel, view.preferredChannel) }),
    t('campaign-review-accounts', { accounts: named(view.accountIds, data.accountLabels) ?? t('campaign-review-audience-none') }),
    t('campaign-review-audience', {
      lists: named(view.audience.listIds, data.listNames) ?? t('campaign-review-audience-all'),
      tags: tags(view.audience.tags) ?? t('campaign-review-audience-all'),
      exclude: tags(view.audience.excludeTags) ?? t('campaign-review-audience-none'),
    }),
    t('campaign-review-steps', { count: view.steps.length }),
  ];
  let previous = 0;
  for (const step of view.steps) {
    const text = step.template.length > STEP_PREVIEW_CHARS ? `${step.template.slice(0, STEP_PREVIEW_CHARS)}…` : step.template;
    const delay = step.position === 1 ? '' : t('campaign-review-step-delay', { days: formatDays(step.delaySeconds), previous });
    lines.push(t('campaign-review-step', { step: step.position, delay, text: escapeHtml(text) }));
    previous = step.position;
  }
  lines.push(
    s.startAt === null ? t('campaign-review-start-now') : t('campaign-review-start-at', { at: formatInstant(s.startAt, s.timeZone) }),
    t('campaign-review-window', { days: s.days.map((day) => t(`campaign-day-${day}`)).join(' '), from: s.hours.from, to: s.hours.to, zone: s.timeZone }),
    ...(s.recipientLocalTime ? [t('campaign-review-local-time', { zone: s.timeZone })] : []),
    t('campaign-review-pacing', { cap: s.dailyCapPerAccount, min: s.delaySeconds.min, max: s.delaySeconds.max }),
    s.endAt === null ? t('campaign-review-no-end') : t('campaign-review-end', { at: formatInstant(s.endAt, s.timeZone) }),
  );
  if (data.plan !== null) {
    lines.push('', t('campaign-review-plan', { queued: data.plan.queued, skipped: data.plan.skipped }), ...planLines(t, data.plan, data.accountLabels, s.timeZone));
  }
  if (report.errors.length > 0) lines.push('', t('campaign-review-problems'), issueList(t, report.errors));
  if (report.warnings.length > 0) lines.push('', t('campaign-review-warnings'), issueList(t, report.warnings));
  if (data.reachability && data.reachability.channels.length > 0) lines.push('', t('reachability-title'), ...reachabilityLines(t, data.reachability));
  const keyboard = reviewKeyboard(t, view.id, view.status);
  return { text: lines.join('\n'), keyboard: data.reachability ? withReachabilityButton(keyboard, t, view.id) : keyboard };
}

/** Days with at most one decimal (`0.5` for 12 hours). */
function formatDays(seconds: number): string {
  return String(Math.round((seconds / 86_400) * 10) / 10);
}

/** Sends the review as a new message (after the composer) or in place of the current one (from a button). */
export async function showReview(ctx: ConversationContext, data: ReviewData, mode: 'reply' | 'edit'): Promise<void> {
  const { text, keyboard } = renderReview(ctx.t.bind(ctx), data);
  const options = { parse_mode: 'HTML' as const, reply_markup: keyboard, link_preview_options: { is_disabled: true } };
  if (mode === 'edit') await ctx.editMessageText(text, options);
  else await ctx.reply(text, options);
}
