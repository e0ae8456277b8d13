import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';
import { isAdmin, renderUserCard } from '../features/admin-views.js';
import { escapeHtml } from '../features/html-text.js';

export const ADMIN_FIND = 'admin-find';

/** Asks an administrator for a user id or @username and shows the matching user's card. */
export async function adminFind(conversation: Conversation<BotContext, ConversationContext>, ctx: ConversationContext): Promise<void> {
  await ctx.reply(ctx.t('admin-find-prompt'));
  const answer = await conversation.waitFor('message:text');
  const query = answer.message.text.slice(0, 64);
  const found = await conversation.external(async (c) => {
    if (!isAdmin(c) || !c.from) return null;
    return c.services.privacy.admin.find(c.from.id, query);
  });
  if (!found) {
    await ctx.reply(ctx.t('admin-user-not-found', { query: escapeHtml(query) }), { parse_mode: 'HTML' });
    return;
  }
  await ctx.reply(...renderUserCard(ctx.t.bind(ctx), { ...found, createdAt: new Date(found.createdAt) }));
}
