import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard, InputFile } from 'grammy';
import { localTimeIn, parseTimeZoneInput } from '../../core/users/time-zone-input.js';
import type { BotContext, ConversationContext } from '../context.js';
import { LANGUAGES } from '../i18n/i18n.js';
import { mainMenuKeyboard } from '../keyboards/main-menu.js';
import { policyDocument, policyLink } from '../policy.js';
import { escapeHtml } from '../features/html-text.js';

export const ONBOARDING = 'onboarding';

type OnboardingConversation = Conversation<BotContext, ConversationContext>;

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English' };

/**
 * Sign-up: language, 18+ confirmation, privacy policy, time zone. Nothing is stored before the last step
 * (the conversation's own state aside, which is deleted when it ends); a refusal stores nothing.
 */
export async function onboarding(conversation: OnboardingConversation, ctx: ConversationContext): Promise<void> {
  const from = ctx.from;
  if (!from) return;
  // /start in the middle starts over: leave this conversation and let the /start handler enter a new one.
  const pressButton = async (c: ConversationContext): Promise<void> => {
    if (c.message?.text?.startsWith('/start')) await conversation.halt({ next: true });
    if (c.callbackQuery) await c.answerCallbackQuery({ text: c.t('onboarding-press-button') });
    else await c.reply(c.t('onboarding-press-button'));
  };

  const languages = new InlineKeyboard();
  for (const lang of LANGUAGES) languages.text(LANGUAGE_NAMES[lang], `ob:lang:${lang}`);
  await ctx.reply(ctx.t('onboarding-welcome'), { reply_markup: languages });
  const langCtx = await conversation.waitForCallbackQuery(/^ob:lang:/, { otherwise: pressButton });
  const language = langCtx.callbackQuery.data.slice('ob:lang:'.length);
  await langCtx.answerCallbackQuery();
  await langCtx.editMessageReplyMarkup();

  await ctx.reply(ctx.t('onboarding-age-question'), {
    reply_markup: new InlineKeyboard().text(ctx.t('onboarding-age-yes'), 'ob:age:yes').text(ctx.t('onboarding-age-no'), 'ob:age:no'),
  });
  const ageCtx = await conversation.waitForCallbackQuery(/^ob:age:/, { otherwise: pressButton });
  await ageCtx.answerCallbackQuery();
  await ageCtx.editMessageReplyMarkup();
  if (ageCtx.callbackQuery.data !== 'ob:age:yes') {
    await conversation.external((c) => c.services.users.recordAgeGateRefusal());
    await ctx.reply(ctx.t('onboarding-age-refused'));
    return;
  }

  const { policyVersion, policyUrl } = ctx.services.settings;
  await ctx.reply(ctx.t('onboarding-policy-question', { version: policyVersion, link: policyLink(ctx.t, policyUrl) }), {
    reply_markup: new InlineKeyboard()
      .text(ctx.t('onboarding-policy-accept'), 'ob:policy:yes')
      .text(ctx.t('onboarding-policy-decline'), 'ob:policy:no')
      .row()
      .text(ctx.t('policy-full-text'), 'ob:policy:text'),
    link_preview_options: { is_disabled: true },
  });
  for (;;) {
    const policyCtx = await conversation.waitForCallbackQuery(/^ob:policy:/, { otherwise: pressButton });
    await policyCtx.answerCallbackQuery();
    const answer = policyCtx.callbackQuery.data;
    if (answer === 'ob:policy:text') {
      await ctx.replyWithDocument(new InputFile(policyDocument(), 'contactd-privacy-policy.md'), {
        caption: ctx.t('policy-document-caption', { version: policyVersion }),
      });
      continue;
    }
    await policyCtx.editMessageReplyMarkup();
    if (answer !== 'ob:policy:yes') {
      await ctx.reply(ctx.t('onboarding-policy-declined'));
      return;
    }
    break;
  }

  const timeZone = await askTimeZone(conversation, ctx, pressButton);
  const user = await conversation.external(async (c) => {
    const registered = await c.services.users.register({
      telegramId: from.id,
      chatId: ctx.chatId ?? from.id,
      username: from.username,
      firstName: from.first_name,
      lastName: from.last_name,
      language,
      timeZone,
      policyVersion,
      adultConfirmed: true,
    });
    c.services.logger.info({ telegramUserId: from.id, action: 'user.registered' }, 'user registered');
    return { firstName: registered.firstName };
  });
  await ctx.reply(ctx.t('onboarding-done', { name: user.firstName }), { reply_markup: mainMenuKeyboard(ctx.t.bind(ctx)) });
}

async function askTimeZone(
  conversation: OnboardingConversation,
  ctx: ConversationContext,
  pressButton: (c: ConversationContext) => Promise<void>,
): Promise<string> {
  for (;;) {
    await ctx.reply(ctx.t('onboarding-timezone-question'), { parse_mode: 'HTML' });
    const answer = await conversation.waitFor('message:text', { otherwise: (c) => c.reply(c.t('onboarding-timezone-question'), { parse_mode: 'HTML' }) });
    if (answer.message.text.startsWith('/start')) await conversation.halt({ next: true });
    const zone = parseTimeZoneInput(answer.message.text);
    if (!zone) {
      await ctx.reply(ctx.t('onboarding-timezone-invalid', { input: escapeHtml(answer.message.text.slice(0, 64)) }), { parse_mode: 'HTML' });
      continue;
    }
    const now = await conversation.external((c) => c.services.clock.now().toISOString());
    await ctx.reply(ctx.t('onboarding-timezone-confirm', { zone, time: localTimeIn(zone, new Date(now)) }), {
      reply_markup: new InlineKeyboard().text(ctx.t('onboarding-timezone-yes'), 'ob:tz:yes').text(ctx.t('onboarding-timezone-no'), 'ob:tz:no'),
    });
    const confirm = await conversation.waitForCallbackQuery(/^ob:tz:/, { otherwise: pressButton });
    await confirm.answerCallbackQuery();
    await confirm.editMessageReplyMarkup();
    if (confirm.callbackQuery.data === 'ob:tz:yes') return zone;
  }
}
