import { Composer } from 'grammy';
import type { ContactView } from '../../core/contacts/contact.service.js';
import { DomainError } from '../../core/errors.js';
import { parseReplyAction, replyActionData } from '../callback-data/campaigns.js';
import type { BotContext } from '../context.js';
import { failureKey } from '../conversations/campaign-dialog.js';
import { CAMPAIGN_REPLY } from '../conversations/campaign-reply.js';
import { type Translate } from './campaign-format.js';
import { escapeHtml } from './html-text.js';

/** The buttons under a reply notification: open the contact, opt them out, answer them. */
export const campaignRepliesFeature = new Composer<BotContext>();

/** A short label for a contact: name, else username, else phone. */
export function contactLabel(contact: Pick<ContactView, 'firstName' | 'lastName' | 'username' | 'phone' | 'id'>): string {
  const name = [contact.firstName, contact.lastName].filter((part) => part !== null && part !== '').join(' ');
  return name || (contact.username ? `@${contact.username}` : (contact.phone ?? `#${contact.id}`));
}

function contactCard(t: Translate, contact: ContactView): string {
  const none = t('campaign-contact-none');
  return t('campaign-contact-card', {
    name: escapeHtml(contactLabel(contact)),
    phone: escapeHtml(contact.phone ?? none),
    username: contact.username ? `@${escapeHtml(contact.username)}` : none,
    company: escapeHtml(contact.company ?? none),
    optedOut: t(contact.optedOut ? 'campaign-contact-yes' : 'campaign-contact-no'),
  });
}

campaignRepliesFeature.callbackQuery(replyActionData.filter, async (ctx) => {
  const parsed = parseReplyAction(ctx.callbackQuery.data);
  if (!parsed) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  const t = ctx.t.bind(ctx);
  const userId = ctx.user!.id;
  const directory = ctx.services.campaigns.directory;
  try {
    switch (parsed.action) {
      case 'contact': {
        const contact = await directory.contact(userId, parsed.id);
        await ctx.answerCallbackQuery();
        await ctx.reply(contactCard(t, contact), { parse_mode: 'HTML' });
        return;
      }
      case 'optout': {
        const contact = await directory.setOptedOut(userId, parsed.id);
        await ctx.answerCallbackQuery();
        await ctx.reply(t('campaign-reply-opted-out-done', { contact: escapeHtml(contactLabel(contact)) }), { parse_mode: 'HTML' });
        return;
      }
      case 'answer':
        if (!ctx.services.campaigns.replies) return await ctx.answerCallbackQuery({ text: t('campaign-reply-unavailable') });
        await ctx.answerCallbackQuery();
        await ctx.conversation.enter(CAMPAIGN_REPLY, parsed.id);
        return;
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const key = error.code === 'NOT_FOUND' ? 'campaign-contact-not-found' : failureKey(error.code);
    await ctx.answerCallbackQuery({ text: t(key, { reason: error.code }) });
  }
});
