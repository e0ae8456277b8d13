import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { backToMenuKeyboard } from '../keyboards/main-menu.js';

/** /help. */
export const helpFeature = new Composer<BotContext>();

helpFeature.command('help', async (ctx) => {
  await ctx.reply(ctx.t('help'), { parse_mode: 'HTML', reply_markup: backToMenuKeyboard(ctx.t.bind(ctx)) });
});
