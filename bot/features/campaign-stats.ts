import type { AccountStats, CampaignStats, DeliveryCounts, OverallStats } from '../../core/campaigns/campaign.types.js';
import { percent, type Translate } from './campaign-format.js';
import { escapeHtml } from './html-text.js';

function countVars(counts: DeliveryCounts): Record<string, number> {
  return { ...counts };
}

function accountName(t: Translate, row: AccountStats, labels: Record<number, string>): string {
  if (row.accountId === null) return t('campaign-stats-account-none');
  return escapeHtml(labels[row.accountId] ?? `#${row.accountId}`);
}

/** One campaign's statistics: totals, reply rate, per step, per account, top errors. */
export function renderCampaignStats(t: Translate, name: string, stats: CampaignStats, accountLabels: Record<number, string>): string {
  const lines = [
    t('campaign-stats-title', { name: escapeHtml(name), status: t(`campaign-status-${stats.status}`) }),
    t('campaign-stats-counts', countVars(stats.counts)),
    t('campaign-stats-rate', { rate: percent(stats.replyRate) }),
  ];
  if (stats.perStep.length > 0) {
    lines.push('', t('campaign-stats-per-step'));
    for (const step of stats.perStep) lines.push(t('campaign-stats-step', { step: step.position, ...countVars(step.counts), rate: percent(step.replyRate) }));
  }
  if (stats.perAccount.length > 0) {
    lines.push('', t('campaign-stats-per-account'));
    for (const row of stats.perAccount) {
      lines.push(t('campaign-stats-account', { account: accountName(t, row, accountLabels), ...countVars(row.counts), rate: percent(row.replyRate) }));
    }
  }
  if (stats.topErrors.length > 0) {
    lines.push('', t('campaign-stats-errors'));
    for (const error of stats.topErrors) lines.push(t('campaign-stats-error', { code: escapeHtml(error.code), count: error.count }));
  }
  return lines.join('\n');
}

/** Statistics over all of the user's campaigns. */
export function renderOverallStats(t: Translate, stats: OverallStats): string {
  return [
    t('campaign-overall-title'),
    t('campaign-overall-campaigns', { ...stats.campaigns }),
    t('campaign-stats-counts', countVars(stats.counts)),
    t('campaign-stats-rate', { rate: percent(stats.replyRate) }),
    t('campaign-overall-opted-out', { count: stats.optedOut }),
  ].join('\n');
}
