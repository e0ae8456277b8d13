import type { LaunchResult } from '../../core/campaigns/campaign.types.js';
import { formatInstant, type Translate } from './campaign-format.js';
import { escapeHtml } from './html-text.js';

/**
 * A launch plan in words, one line per account ("Main: 3 warm, 40 cold, sending until 2026-03-09 17:55"), then
 * how many recipients found no slot before the end date. Times in the campaign's zone.
 */
export function planLines(t: Translate, plan: LaunchResult, accountLabels: Record<number, string>, timeZone: string): string[] {
  const lines = plan.accounts.map((account) => {
    const name = escapeHtml(accountLabels[account.accountId] ?? `#${account.accountId}`);
    if (account.lastAt === null) return t('campaign-plan-account-idle', { account: name });
    return t('campaign-plan-account', { account: name, warm: account.warm, cold: account.cold, until: formatInstant(account.lastAt, timeZone) });
  });
  if (plan.unplanned > 0) lines.push(t('campaign-plan-unplanned', { count: plan.unplanned }));
  return lines;
}
