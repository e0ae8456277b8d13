import type { ConversationContext } from '../context.js';
import { searchScreen } from '../features/contacts-views.js';
import { askText, type ContactConversation } from './contact-ask.js';

export const CONTACT_SEARCH = 'contact-search';

/** Asks for a search text and shows the matching contacts. */
export async function contactSearch(conversation: ContactConversation, ctx: ConversationContext): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  const query = await askText(conversation, ctx, ctx.t('contacts-search-prompt'));
  const screen = await conversation.external((c) => searchScreen(c, user.id, query).then((s) => ({ text: s.text, keyboard: s.keyboard.inline_keyboard })));
  await ctx.reply(screen.text, { parse_mode: 'HTML', reply_markup: { inline_keyboard: screen.keyboard } });
}
