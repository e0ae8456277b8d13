import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { ONBOARDING } from '../conversations/onboarding.js';
import { mainMenuKeyboard } from '../keyboards/main-menu.js';

/** /start: onboarding for newcomers (restarting it if half done), the menu for registered users. */
export const startFeature = new Composer<BotContext>();

startFeature.chatType('private').command('start', async (ctx) => {
  if (ctx.user) {
    await ctx.reply(ctx.t('onboarding-already-registered', { name: ctx.user.firstName }), {
      reply_markup: mainMenuKeyboard(ctx.t.bind(ctx)),
    });
    return;
  }
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(ONBOARDING);
});
