import { DomainError } from '../../core/errors.js';
import type { ConversationContext } from '../context.js';

import { Dialog, type CampaignConversation } from './campaign-dialog.js';
import { escapeHtml } from '../features/html-text.js';

export const CAMPAIGN_REPLY = 'campaign-reply';

/**
 * Answers a contact who replied to a campaign: the user types the text, the engine sends it through the
 * account that received the reply. `/cancel` (or any other command or screen) leaves without sending.
 */
export async function campaignReply(conversation: CampaignConversation, ctx: ConversationContext, deliveryId: number): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  const dialog = new Dialog(conversation, ctx, user.id, 'campaign-reply-cancelled');
  await dialog.say(dialog.t('campaign-reply-ask'));
  for (;;) {
    const answer = await dialog.answer();
    if (answer.kind !== 'text' || answer.text.trim() === '') continue;
    const text = answer.text;
    const sent = await dialog.must((c) => {
      if (!c.replies) throw new ReplyUnavailableError('no reply sender is wired');
      return c.replies.send(user.id, deliveryId, text);
    });
    await dialog.say(dialog.t('campaign-reply-sent', { contact: escapeHtml(sent.contactLabel) }));
    return;
  }
}

/** No reply sender is wired (the engine has no reply method yet). */
export class ReplyUnavailableError extends DomainError {
  readonly code = 'REPLY_UNAVAILABLE';
}
