import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, ConversationContext } from '../context.js';

/** A contacts conversation. */
export type ContactConversation = Conversation<BotContext, ConversationContext>;

/**
 * Waits for the user's next text. `/cancel` ends the conversation with "Cancelled"; another command, a
 * button or a file leaves it and is handled as usual. Returns the trimmed text.
 */
export async function askText(conversation: ContactConversation, ctx: ConversationContext, prompt: string): Promise<string> {
  await ctx.reply(prompt, { parse_mode: 'HTML' });
  const answer = await conversation.waitFor('message:text', {
    otherwise: async (c) => {
      await conversation.halt({ next: true });
      await c.reply(prompt);
    },
  });
  const text = answer.message.text.trim();
  if (text === '/cancel') {
    await ctx.reply(ctx.t('contacts-cancelled'));
    await conversation.halt();
  }
  if (text.startsWith('/')) await conversation.halt({ next: true });
  return text;
}

/** `-` means "leave empty". */
export function orNull(text: string): string | null {
  return text === '-' ? null : text;
}
