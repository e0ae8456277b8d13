import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { menuData } from '../callback-data/menu.js';
import type { BotContext } from '../context.js';
import { policyDocument, policyLink } from '../policy.js';
import { addPrivacyDataButtons } from './privacy-data.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** /privacy: what we keep and the policy text. Export and deletion join this section in their issue. */
export const privacyFeature = new Composer<BotContext>();

export function privacyText(ctx: BotContext): string {
  const { policyVersion, policyUrl } = ctx.services.settings;
  return ctx.t('privacy-summary', { version: policyVersion, link: policyLink(ctx.t.bind(ctx), policyUrl) });
}

export function privacyKeyboard(t: Translate): InlineKeyboard {
  return addPrivacyDataButtons(new InlineKeyboard(), t).text(t('policy-full-text'), 'policy:text').row().text(t('menu-back'), menuData.pack({ section: 'home' }));
}

privacyFeature.command('privacy', async (ctx) => {
  await ctx.reply(privacyText(ctx), { parse_mode: 'HTML', reply_markup: privacyKeyboard(ctx.t.bind(ctx)), link_preview_options: { is_disabled: true } });
});

privacyFeature.callbackQuery('policy:text', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.replyWithDocument(new InputFile(policyDocument(), 'contactd-privacy-policy.md'), {
    caption: ctx.t('policy-document-caption', { version: ctx.services.settings.policyVersion }),
  });
});
