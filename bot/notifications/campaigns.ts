import { InlineKeyboard } from 'grammy';
import { replyRate } from '../../core/campaigns/campaign.types.js';
import { campaignActionData, replyActionData } from '../callback-data/campaigns.js';
import { finished, percent, platformName, progressBar } from '../features/campaign-format.js';
import { localTime } from './local-time.js';
import type { NotificationRenderers } from './renderer.js';
import { escapeHtml } from '../features/html-text.js';

type CampaignKinds = 'campaign.progress' | 'campaign.completed' | 'delivery.reply' | 'account.limited' | 'campaign.caught_up';

/** Reply texts are shown in full up to this length (the engine truncates at 1,000 already). */
const REPLY_CHARS = 1000;

/**
 * The campaign engine's notifications: the live progress message (edited in place), the completion
 * summary, replies with their buttons, and limited accounts. Times are shown in the recipient's own zone
 * (the one chosen at onboarding), not the campaign's: the same account may serve campaigns of several zones.
 */
export const campaignRenderers: Pick<NotificationRenderers, CampaignKinds> = {
  'campaign.progress': (data, t, { timeZone }) => {
    const c = data.counts;
    const lines = [
      t('campaign-progress', {
        name: escapeHtml(data.name),
        status: t(`campaign-status-${data.status}`),
        bar: progressBar(c),
        percent: percent(c.total === 0 ? 0 : finished(c) / c.total),
        queued: c.queued + c.sending,
        sent: c.sent + c.replied,
        failed: c.failed,
        replied: c.replied,
        rate: percent(replyRate(c)),
      }),
    ];
    if (data.nextPlannedAt !== null) lines.push(t('campaign-progress-next', { at: localTime(data.nextPlannedAt, timeZone) }));
    return {
      text: lines.join('\n'),
      parseMode: 'HTML',
      keyboard: new InlineKeyboard().text(t('campaign-stats'), campaignActionData.pack({ action: 'stats-new', id: data.campaignId })),
    };
  },
  'campaign.completed': (data, t) => {
    const c = data.counts;
    const lines = [t('campaign-completed', { name: escapeHtml(data.name), sent: c.sent + c.replied, replied: c.replied, failed: c.failed, skipped: c.skipped, rate: percent(data.replyRate) })];
    if (data.topErrors.length > 0) {
      lines.push(t('campaign-completed-errors', { errors: data.topErrors.map((e) => `${escapeHtml(e.code)} (${e.count})`).join(', ') }));
    }
    return {
      text: lines.join('\n'),
      parseMode: 'HTML',
      keyboard: new InlineKeyboard()
        .text(t('campaign-stats'), campaignActionData.pack({ action: 'stats-new', id: data.campaignId }))
        .text(t('campaign-export'), campaignActionData.pack({ action: 'export', id: data.campaignId })),
    };
  },
  'delivery.reply': (data, t) => {
    const lines = [t('campaign-reply', { contact: escapeHtml(data.contactLabel), campaign: escapeHtml(data.campaignName), text: escapeHtml(data.text.slice(0, REPLY_CHARS)) })];
    if (data.optedOut) lines.push(t('campaign-reply-opted-out'));
    const keyboard = new InlineKeyboard().text(t('campaign-reply-open'), replyActionData.pack({ action: 'contact', id: data.contactId }));
    if (!data.optedOut) keyboard.text(t('campaign-reply-opt-out'), replyActionData.pack({ action: 'optout', id: data.contactId }));
    keyboard.row().text(t('campaign-reply-answer'), replyActionData.pack({ action: 'answer', id: data.deliveryId }));
    return { text: lines.join('\n'), parseMode: 'HTML', keyboard };
  },
  'account.limited': (data, t, { timeZone }) => {
    const vars = {
      account: escapeHtml(data.accountLabel),
      platform: platformName(data.platform),
      until: data.until === null ? '' : localTime(data.until, timeZone),
      moved: data.movedDeliveries,
    };
    const takers = (data.takenOverBy ?? []).map(escapeHtml).join(', ');
    const takenOver = data.action === 'moved_to_other_accounts' && takers !== '' ? [t('campaign-account-limited-taken-over', { accounts: takers })] : [];
    if (data.reason === 'RESTRICTED') {
      // What happened and until when, then what the bot did with the queued messages.
      const open = data.until === null ? '-open' : '';
      const done = data.action === 'moved_to_other_accounts' ? 'campaign-account-restricted-moved' : `campaign-account-restricted-waiting${open}`;
      return { text: [t(`campaign-account-restricted${open}`, vars), t(done, vars), ...takenOver].join('\n'), parseMode: 'HTML' };
    }
    switch (data.action) {
      case 'paused_until':
        return { text: t('campaign-account-limited-flood', vars), parseMode: 'HTML' };
      case 'moved_to_other_accounts':
        return { text: [t('campaign-account-limited-peer-moved', vars), ...takenOver].join('\n'), parseMode: 'HTML' };
      case 'waiting':
        return { text: t('campaign-account-limited-peer-waiting', vars), parseMode: 'HTML' };
    }
  },
  'campaign.caught_up': (data, t) => {
    const lines = [
      t('campaign-caught-up', { name: escapeHtml(data.name), replanned: data.replanned }),
      t('campaign-caught-up-stale', { stale: data.stale, hours: data.maxAgeHours, followUpHours: data.followUpMaxAgeHours }),
    ];
    if (data.ended > 0) lines.push(t('campaign-caught-up-ended', { ended: data.ended }));
    return {
      text: lines.join('\n'),
      parseMode: 'HTML',
      keyboard: new InlineKeyboard().text(t('campaign-stats'), campaignActionData.pack({ action: 'stats-new', id: data.campaignId })),
    };
  },
};
