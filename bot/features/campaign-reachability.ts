import { Composer, type InlineKeyboard } from 'grammy';
import { DomainError } from '../../core/errors.js';
import { NoCheckAccountsError } from '../../core/delivery/reachability/reachability.service.js';
import { callbackData } from '../callback-data/callback-data.js';
import { positiveId } from '../callback-data/campaigns.js';
import type { BotContext } from '../context.js';
import type { Translate } from './campaign-format.js';

/** The review screen's "Check reachability" button (`id` = campaign, re-checked against the owner by the service). */
export const reachabilityCheckData = callbackData('cpk', ['id']);

/** Starts a reachability pre-flight of a campaign; the workers report back in the chat when it is done. */
export const campaignReachabilityFeature = new Composer<BotContext>();

campaignReachabilityFeature.callbackQuery(reachabilityCheckData.filter, async (ctx) => {
  const values = reachabilityCheckData.unpack(ctx.callbackQuery.data);
  const id = values === null ? null : positiveId(values.id);
  const service = ctx.services.campaigns.reachability;
  if (id === null || service === undefined) {
    await ctx.answerCallbackQuery({ text: ctx.t('reachability-check-unavailable'), show_alert: true });
    return;
  }
  try {
    await service.requestCheck(ctx.user!.id, id);
    await ctx.answerCallbackQuery({ text: ctx.t('reachability-check-started'), show_alert: true });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const key = error instanceof NoCheckAccountsError ? 'reachability-check-no-accounts' : 'reachability-check-unavailable';
    await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
  }
});

/** Adds the "Check reachability" button as the row above the keyboard's last (back) row. */
export function withReachabilityButton(keyboard: InlineKeyboard, t: Translate, campaignId: number): InlineKeyboard {
  const rows = keyboard.inline_keyboard;
  rows.splice(Math.max(0, rows.length - 1), 0, [{ text: t('reachability-check'), callback_data: reachabilityCheckData.pack({ id: campaignId }) }]);
  return keyboard;
}
