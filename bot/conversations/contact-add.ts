import type { EditableField } from '../../core/contacts/contact-fields.js';
import type { ContactView } from '../../core/contacts/contact.service.js';
import { normaliseFieldValue } from '../../core/contacts/contact-fields.js';
import type { ConversationContext } from '../context.js';
import { errorInfo, errorText, type ErrorInfo } from '../features/contacts-errors.js';
import { cardScreen, contactName } from '../features/contacts-views.js';
import { askText, orNull, type ContactConversation } from './contact-ask.js';
import { escapeHtml } from '../features/html-text.js';

export const CONTACT_ADD = 'contact-add';

type Outcome = { ok: true; contact: ContactView } | { ok: false; error: ErrorInfo };

const STEPS: ReadonlyArray<{ field: EditableField; prompt: string }> = [
  { field: 'phone', prompt: 'contacts-add-phone' },
  { field: 'username', prompt: 'contacts-add-username' },
  { field: 'email', prompt: 'contacts-add-email' },
  { field: 'company', prompt: 'contacts-add-company' },
];

/** Adds a contact by hand: name, phone, username, email, company (each skippable with "-"). */
export async function contactAdd(conversation: ContactConversation, ctx: ConversationContext): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  const t = ctx.t.bind(ctx);
  const input: Partial<Record<EditableField, string | null>> = {};
  const name = orNull(await askText(conversation, ctx, t('contacts-add-name')));
  if (name !== null) {
    const [first, ...rest] = name.split(/\s+/);
    input.firstName = first ?? null;
    input.lastName = rest.length > 0 ? rest.join(' ') : null;
  }
  for (const step of STEPS) {
    let prompt = t(step.prompt);
    for (;;) {
      const value = orNull(await askText(conversation, ctx, prompt));
      try {
        // Checked here so the user can retype a bad value at once; the service checks again when saving.
        normaliseFieldValue(step.field, value, (user.defaultCountry ?? null) as Parameters<typeof normaliseFieldValue>[2]);
        input[step.field] = value;
        break;
      } catch (error) {
        prompt = t('contacts-add-retry', { problem: errorText(ctx, errorInfo(error)) });
      }
    }
  }
  const outcome = await conversation.external(async (c): Promise<Outcome> => {
    try {
      return { ok: true, contact: await c.services.contacts.contacts.create(user.id, input) };
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
  });
  if (!outcome.ok) {
    await ctx.reply(errorText(ctx, outcome.error));
    return;
  }
  const screen = cardScreen(t, outcome.contact, '0.0');
  await ctx.reply(`${t('contacts-add-done', { name: escapeHtml(contactName(t, outcome.contact)) })}\n\n${screen.text}`, {
    parse_mode: 'HTML',
    reply_markup: screen.keyboard,
  });
}
