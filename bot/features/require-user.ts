import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** Everything after this needs a registered user; others are pointed to /start. */
export const requireUserFeature = new Composer<BotContext>();

requireUserFeature.use(async (ctx, next) => {
  if (ctx.user) return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  else if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('not-registered'));
});
