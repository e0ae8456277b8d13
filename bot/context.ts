import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { BotStateStore } from '../core/bot-state/bot-state.store.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logging/logger.js';
import type { AccountService } from '../core/accounts/account.service.js';
import type { AccountHealthService } from '../core/accounts/account-health.service.js';
import type { ContactsModule } from '../core/contacts/contacts.module.js';
import type { PrivacyServices } from '../core/privacy/privacy.services.js';
import type { User } from '../core/users/user.entity.js';
import type { UserService } from '../core/users/user.service.js';
import type { CampaignBotServices } from './features/campaign-directory.js';

/** Settings the bot reads (a slice of the configuration). */
export interface BotSettings {
  policyVersion: string;
  policyUrl?: string;
  adminIds: readonly number[];
}

/** Core services the handlers call; set on every update by one middleware in `createBot`. */
export interface BotServices {
  users: UserService;
  botState: BotStateStore;
  clock: Clock;
  logger: Logger;
  settings: BotSettings;
  privacy: PrivacyServices;
  accounts: AccountService;
  /** Health state and today's warm-up cap of each account (account list and card). */
  accountHealth: AccountHealthService;
  contacts: ContactsModule;
  campaigns: CampaignBotServices;
}

interface Extras {
  services: BotServices;
  /** The registered user sending this update, if any. */
  user?: User;
}

/** Context inside conversations: no conversation flavor, same plugins. */
export type ConversationContext = Context & I18nFlavor & Extras;
export type BotContext = ConversationFlavor<Context & I18nFlavor & Extras>;
