import type { EditableField } from '../../core/contacts/contact-fields.js';
import type { ContactView } from '../../core/contacts/contact.service.js';
import type { ConversationContext } from '../context.js';
import { errorInfo, errorText, type ErrorInfo } from '../features/contacts-errors.js';
import { cardScreen, contactName } from '../features/contacts-views.js';
import { askText, orNull, type ContactConversation } from './contact-ask.js';
import { escapeHtml } from '../features/html-text.js';

export const CONTACT_EDIT = 'contact-edit';

type Outcome = { ok: true; contact: ContactView } | { ok: false; error: ErrorInfo };

/** Asks for one new value of a contact (a field, a custom field or a tag), saves it and shows the card again. */
export async function contactEdit(
  conversation: ContactConversation,
  ctx: ConversationContext,
  contactId: number,
  field: EditableField | 'custom' | 'tag',
  back = '0.0',
): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  const t = ctx.t.bind(ctx);
  const current = await conversation.external(async (c) => {
    try {
      return { ok: true as const, contact: await c.services.contacts.contacts.get(user.id, contactId) };
    } catch (error) {
      return { ok: false as const, error: errorInfo(error) };
    }
  });
  if (!current.ok) {
    await ctx.reply(errorText(ctx, current.error));
    return;
  }
  const name = escapeHtml(contactName(t, current.contact));
  const prompt =
    field === 'tag'
      ? t('contacts-tag-prompt')
      : field === 'custom'
        ? t('contacts-edit-custom-prompt')
        : t('contacts-edit-prompt', { field: t(`contacts-field-${field}`), name });
  for (;;) {
    const text = await askText(conversation, ctx, prompt);
    const outcome = await conversation.external(async (c): Promise<Outcome> => {
      const { contacts } = c.services.contacts;
      try {
        if (field === 'tag') return { ok: true, contact: await contacts.addTag(user.id, contactId, text) };
        if (field === 'custom') {
          const colon = text.indexOf(':');
          const key = colon < 0 ? text : text.slice(0, colon);
          const value = colon < 0 ? '-' : text.slice(colon + 1).trim();
          return { ok: true, contact: await contacts.setCustomField(user.id, contactId, key, value === '-' ? null : value) };
        }
        return { ok: true, contact: await contacts.editField(user.id, contactId, field, orNull(text)) };
      } catch (error) {
        return { ok: false, error: errorInfo(error) };
      }
    });
    if (!outcome.ok) {
      await ctx.reply(errorText(ctx, outcome.error));
      if (outcome.error.code === 'NOT_FOUND' || outcome.error.code === 'INTERNAL') return;
      continue;
    }
    const screen = cardScreen(t, outcome.contact, back);
    await ctx.reply(`${t('contacts-saved')}\n\n${screen.text}`, { parse_mode: 'HTML', reply_markup: screen.keyboard });
    return;
  }
}
