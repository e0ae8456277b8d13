import { InlineKeyboard } from 'grammy';
import { campaignActionData } from '../callback-data/campaigns.js';
import { reachabilityLines } from '../features/reachability-text.js';
import type { NotificationRenderers } from './renderer.js';
import { escapeHtml } from '../features/html-text.js';

/** The report of a finished reachability pre-flight, with a button back to the campaign's review. */
export const reachabilityRenderers: Pick<NotificationRenderers, 'campaign.preflight_done'> = {
  'campaign.preflight_done': (data, t) => ({
    text: [
      t('reachability-done', { name: escapeHtml(data.name), checked: data.checked }),
      ...reachabilityLines(t, data.summary),
      ...data.stops.map((stop) => t(`reachability-stop-${stop}`)),
    ].join('\n'),
    parseMode: 'HTML',
    keyboard: new InlineKeyboard().text(t('reachability-open-review'), campaignActionData.pack({ action: 'review', id: data.campaignId })),
  }),
};
