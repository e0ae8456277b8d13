import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** Whatever no feature handled gets an answer, never silence. */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
});

fallbackFeature.chatType('private').on('message', async (ctx) => {
  await ctx.reply(ctx.user ? ctx.t('unknown-input') : ctx.t('not-registered'));
});
