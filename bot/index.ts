import { conversations, createConversation } from '@grammyjs/conversations';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Middleware } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, BotServices, ConversationContext } from './context.js';
import { CAMPAIGN_COMPOSE, campaignCompose } from './conversations/campaign-compose.js';
import { CAMPAIGN_REPLY, campaignReply } from './conversations/campaign-reply.js';
import { CONNECT_ACCOUNT, connectAccount } from './conversations/connect-account.js';
import { RENAME_ACCOUNT, renameAccount } from './conversations/connect-account-rename.js';
import { accountsFeature } from './features/accounts.js';
import { ONBOARDING, onboarding } from './conversations/onboarding.js';
import { CONTACT_ADD, contactAdd } from './conversations/contact-add.js';
import { CONTACT_EDIT, contactEdit } from './conversations/contact-edit.js';
import { CONTACT_IMPORT, contactImport } from './conversations/contact-import.js';
import { CONTACT_SEARCH, contactSearch } from './conversations/contact-search.js';
import { contactsFeature } from './features/contacts.js';
import { ADMIN_FIND, adminFind } from './conversations/admin-find.js';
import { DELETE_ACCOUNT, deleteAccount } from './conversations/delete-account.js';
import { adminFeature } from './features/admin.js';
import { privacyDataFeature } from './features/privacy-data.js';
import { privacySuspendedFeature } from './features/privacy-suspended.js';
import { campaignRepliesFeature } from './features/campaign-replies.js';
import { campaignsFeature } from './features/campaigns.js';
import { campaignReachabilityFeature } from './features/campaign-reachability.js';
import { fallbackFeature } from './features/fallback.js';
import { helpFeature } from './features/help.js';
import { menuFeature } from './features/menu.js';
import { policyGateFeature } from './features/policy-gate.js';
import { privacyFeature } from './features/privacy.js';
import { requireUserFeature } from './features/require-user.js';
import { startFeature } from './features/start.js';
import { createI18n } from './i18n/i18n.js';
import { conversationStorage } from './storage.js';
import { configureBotApi } from './api-config.js';

export interface CreateBotOptions {
  token: string;
  apiRoot: string;
  services: BotServices;
  rateLimitPerSecond: number;
  /** Skips getMe at start-up (tests). */
  botInfo?: UserFromGetMe;
}

/** Bump when a conversation's code changes shape, so stored half-done conversations restart cleanly. */
const CONVERSATION_VERSION = 1;

/** Builds the bot: middleware order matters (sequentialize → services → user → i18n → conversations → features). */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, { client: { apiRoot: options.apiRoot }, botInfo: options.botInfo });
  configureBotApi(bot.api);

  const { services } = options;
  const i18n = createI18n();
  const withServices: Middleware<BotContext | ConversationContext> = async (ctx, next) => {
    ctx.services = services;
    if (ctx.from && ctx.user === undefined) ctx.user = (await services.users.findByTelegramId(ctx.from.id)) ?? undefined;
    await next();
  };

  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(
    limit({
      timeFrame: 1000,
      limit: options.rateLimitPerSecond,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        services.logger.warn({ telegramUserId: ctx.from?.id, action: 'bot.rate_limited' }, 'rate limited');
      },
    }),
  );
  bot.use(withServices);
  bot.use(i18n);
  bot.use(
    conversations<BotContext, ConversationContext>({
      storage: { type: 'key', version: CONVERSATION_VERSION, prefix: 'conv:', adapter: conversationStorage(services.botState) },
      plugins: [withServices, i18n as unknown as Middleware<ConversationContext>],
    }),
  );
  bot.use(privacySuspendedFeature);
  bot.use(policyGateFeature);
  bot.use(createConversation(onboarding, ONBOARDING));
  bot.use(createConversation(connectAccount, CONNECT_ACCOUNT), createConversation(renameAccount, RENAME_ACCOUNT));
  bot.use(createConversation(contactImport, CONTACT_IMPORT), createConversation(contactEdit, CONTACT_EDIT), createConversation(contactAdd, CONTACT_ADD), createConversation(contactSearch, CONTACT_SEARCH));
  bot.use(createConversation(deleteAccount, DELETE_ACCOUNT), createConversation(adminFind, ADMIN_FIND));
  bot.use(createConversation(campaignCompose, CAMPAIGN_COMPOSE));
  bot.use(createConversation(campaignReply, CAMPAIGN_REPLY));
  bot.use(startFeature);
  bot.use(helpFeature);
  bot.use(privacyFeature);
  bot.use(requireUserFeature);
  bot.use(privacyDataFeature, adminFeature);
  bot.use(menuFeature);
  bot.use(campaignsFeature, campaignRepliesFeature, campaignReachabilityFeature);
  bot.use(contactsFeature);
  bot.use(accountsFeature);
  bot.use(fallbackFeature);

  bot.catch(async (err) => {
    services.logger.error({ err: err.error, updateId: err.ctx.update.update_id, action: 'bot.error' }, 'update failed');
    try {
      if (err.ctx.callbackQuery) await err.ctx.answerCallbackQuery({ text: err.ctx.t('error-generic') });
      else if (err.ctx.chat) await err.ctx.reply(err.ctx.t('error-generic'));
    } catch (replyError) {
      services.logger.warn({ err: replyError, action: 'bot.error_reply_failed' }, 'could not tell the user about an error');
    }
  });
  return bot;
}

/** The bot's command menu, in every language we speak. */
export async function publishCommands(bot: Bot<BotContext>): Promise<void> {
  const i18n = createI18n();
  const t = (key: string) => i18n.t('en', key);
  await bot.api.setMyCommands([
    { command: 'start', description: t('command-start') },
    { command: 'menu', description: t('command-menu') },
    { command: 'help', description: t('command-help') },
    { command: 'privacy', description: t('command-privacy') },
  ]);
}
