import { Composer } from 'grammy';
import { menuData, parseMenuSection, type MenuSection } from '../callback-data/menu.js';
import type { BotContext } from '../context.js';
import { backToMenuKeyboard, mainMenuKeyboard } from '../keyboards/main-menu.js';
import { privacyKeyboard, privacyText } from './privacy.js';
import { sectionScreens } from './sections.js';

/** The main menu (/menu and its buttons). Sections whose features have not landed say so. */
export const menuFeature = new Composer<BotContext>();

menuFeature.command('menu', async (ctx) => {
  await ctx.reply(ctx.t('menu-title'), { reply_markup: mainMenuKeyboard(ctx.t.bind(ctx)) });
});

menuFeature.callbackQuery(menuData.filter, async (ctx) => {
  const section = parseMenuSection(ctx.callbackQuery.data);
  if (!section) {
    await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
    return;
  }
  await ctx.answerCallbackQuery();
  await showSection(ctx, section);
});

async function showSection(ctx: BotContext, section: MenuSection): Promise<void> {
  const t = ctx.t.bind(ctx);
  switch (section) {
    case 'home':
      await ctx.editMessageText(t('menu-title'), { reply_markup: mainMenuKeyboard(t) });
      return;
    case 'help':
      await ctx.editMessageText(t('help'), { parse_mode: 'HTML', reply_markup: backToMenuKeyboard(t) });
      return;
    case 'privacy':
      await ctx.editMessageText(privacyText(ctx), { parse_mode: 'HTML', reply_markup: privacyKeyboard(t), link_preview_options: { is_disabled: true } });
      return;
    case 'accounts':
    case 'contacts':
    case 'campaigns': {
      const screen = sectionScreens[section];
      if (screen) return screen(ctx);
      await ctx.editMessageText(t('section-coming-soon', { section: t(`menu-${section}`) }), { reply_markup: backToMenuKeyboard(t) });
      return;
    }
  }
}
