import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';

export const DELETE_ACCOUNT = 'delete-account';

/**
 * The second step of deleting one's account (the first is the warning's button): the user types the
 * confirmation word. Anything else cancels. The user's id comes from the update, never from input.
 */
export async function deleteAccount(conversation: Conversation<BotContext, ConversationContext>, ctx: ConversationContext): Promise<void> {
  const word = ctx.t('privacy-delete-word');
  await ctx.reply(ctx.t('privacy-delete-type-word', { word }));
  const answer = await conversation.wait();
  if (answer.message?.text?.trim().toUpperCase() !== word.toUpperCase()) {
    if (answer.callbackQuery) await answer.answerCallbackQuery();
    await answer.reply(answer.t('privacy-delete-cancelled'));
    return;
  }
  const erased = await conversation.external(async (c) => {
    if (!c.user) return false;
    await c.services.privacy.erasure.eraseUser(c.user.id);
    return true;
  });
  if (erased) await ctx.reply(ctx.t('privacy-deleted'));
}
