import { Composer, InlineKeyboard } from 'grammy';
import { ExportInProgressError } from '../../core/privacy/privacy.errors.js';
import { parsePrivacyAction, privacyActionData } from '../callback-data/privacy.js';
import type { BotContext } from '../context.js';
import { DELETE_ACCOUNT } from '../conversations/delete-account.js';
import { backToMenuKeyboard } from '../keyboards/main-menu.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The Privacy menu's data rights (P12): export everything, delete everything. */
export const privacyDataFeature = new Composer<BotContext>();

/** The export and delete buttons, added to the Privacy screen's keyboard. */
export function addPrivacyDataButtons(keyboard: InlineKeyboard, t: Translate): InlineKeyboard {
  return keyboard
    .text(t('privacy-export-button'), privacyActionData.pack({ action: 'export' }))
    .text(t('privacy-delete-button'), privacyActionData.pack({ action: 'delete' }))
    .row();
}

privacyDataFeature.callbackQuery(privacyActionData.filter, async (ctx) => {
  const action = parsePrivacyAction(ctx.callbackQuery.data);
  const user = ctx.user;
  if (!action || !user) {
    await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
    return;
  }
  await ctx.answerCallbackQuery();
  switch (action) {
    case 'export':
      try {
        await ctx.services.privacy.exports.requestExport(user.id);
        await ctx.reply(ctx.t('privacy-export-started'));
      } catch (e) {
        if (!(e instanceof ExportInProgressError)) throw e;
        await ctx.reply(ctx.t('privacy-export-in-progress'));
      }
      return;
    case 'delete':
      await ctx.reply(ctx.t('privacy-delete-warning'), {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard()
          .text(ctx.t('privacy-delete-continue'), privacyActionData.pack({ action: 'delete-yes' }))
          .row()
          .add(...backToMenuKeyboard(ctx.t.bind(ctx)).inline_keyboard.flat()),
      });
      return;
    case 'delete-yes':
      await ctx.editMessageReplyMarkup();
      await ctx.conversation.enter(DELETE_ACCOUNT);
      return;
  }
});
