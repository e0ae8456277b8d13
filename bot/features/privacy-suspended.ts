import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** A suspended user's updates all get the same neutral answer; nothing else runs for them. */
export const privacySuspendedFeature = new Composer<BotContext>();

privacySuspendedFeature.use(async (ctx, next) => {
  if (ctx.user?.status !== 'suspended') return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('account-suspended-answer') });
  else if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('account-suspended-answer'));
});
