import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { LABEL_MAX } from '../../core/accounts/account.types.js';
import { accountOpenData } from '../callback-data/accounts.js';
import type { BotContext, ConversationContext } from '../context.js';

export const RENAME_ACCOUNT = 'rename-account';

/** Asks for the account's new name; `/cancel` leaves it as it is. The caller checked ownership. */
export async function renameAccount(conversation: Conversation<BotContext, ConversationContext>, ctx: ConversationContext, accountId: number, name: string): Promise<void> {
  const userId = ctx.user?.id;
  if (userId === undefined) return;
  const back = new InlineKeyboard().text(ctx.t('accounts-back'), accountOpenData.pack({ id: accountId }));
  await ctx.reply(ctx.t('accounts-rename-question', { name }));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (c) => c.reply(c.t('accounts-rename-question', { name })) });
    const label = answer.message.text.trim();
    if (label === '/cancel') {
      await ctx.reply(ctx.t('connect-cancelled'), { reply_markup: back });
      return;
    }
    if (label.length === 0 || label.length > LABEL_MAX || label.startsWith('/')) {
      await ctx.reply(ctx.t('accounts-rename-invalid'));
      continue;
    }
    await conversation.external((c) => c.services.accounts.rename(userId, accountId, label));
    await ctx.reply(ctx.t('accounts-renamed', { name: label }), { reply_markup: back });
    return;
  }
}
