import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { mainMenuKeyboard } from '../keyboards/main-menu.js';
import { policyLink } from '../policy.js';

/**
 * P14: a registered user who accepted an older policy version must accept the current one before anything
 * else. Everything but the acceptance button (and reading the policy) stops here until they do.
 */
export const policyGateFeature = new Composer<BotContext>();

policyGateFeature.callbackQuery('policy:accept', async (ctx) => {
  const user = ctx.user;
  const { policyVersion } = ctx.services.settings;
  if (!user) {
    await ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
    return;
  }
  if (user.policyVersion !== policyVersion) await ctx.services.users.acceptPolicy(user.id, policyVersion);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await ctx.reply(ctx.t('policy-accepted', { version: policyVersion }), { reply_markup: mainMenuKeyboard(ctx.t.bind(ctx)) });
});

policyGateFeature.use(async (ctx, next) => {
  const user = ctx.user;
  const { policyVersion, policyUrl } = ctx.services.settings;
  if (!user || user.policyVersion === policyVersion || ctx.callbackQuery?.data === 'policy:text') return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('policy-changed', { version: policyVersion, link: policyLink(ctx.t.bind(ctx), policyUrl) }), {
    reply_markup: new InlineKeyboard().text(ctx.t('onboarding-policy-accept'), 'policy:accept').row().text(ctx.t('policy-full-text'), 'policy:text'),
    link_preview_options: { is_disabled: true },
  });
});
