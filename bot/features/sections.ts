import type { BotContext } from '../context.js';
import { showAccountList } from './accounts.js';
import { showCampaignList } from './campaigns.js';

/**
 * The screen each main-menu section opens, contributed by the feature that owns it (one line each).
 * A section without an entry says "coming soon".
 */
export const sectionScreens: Partial<Record<'accounts' | 'contacts' | 'campaigns', (ctx: BotContext) => Promise<void>>> = {
  accounts: (ctx) => showAccountList(ctx),
  campaigns: (ctx) => showCampaignList(ctx),
};
