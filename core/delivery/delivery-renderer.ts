import { parseTemplate, renderTemplate, variationSeed, TemplateInvalidError, type Template, type TemplateContact } from '../campaigns/template/index.js';
import type { RecipientRef } from '../messengers/messenger.js';

/** Contact columns a message is rendered from (snake_case as selected from `contacts`). */
export interface ContactRow {
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  position: string | null;
  city: string | null;
  country: string | null;
  username: string | null;
  phone: string | null;
  email: string | null;
  custom: Record<string, string | null> | null;
}

/** The `contacts` columns of `ContactRow`, for SELECT lists (alias `ct`). */
export const CONTACT_COLUMNS =
  'ct.first_name, ct.last_name, ct.company, ct.position, ct.city, ct.country, ct.username, ct.phone, ct.email, ct.custom';

export function templateContact(row: ContactRow): TemplateContact {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    position: row.position,
    city: row.city,
    country: row.country,
    username: row.username,
    phone: row.phone,
    email: row.email,
    custom: row.custom ?? {},
  };
}

/** A short human label: full name, else @username, else phone. */
export function contactLabel(row: Pick<ContactRow, 'first_name' | 'last_name' | 'username' | 'phone'>): string {
  const name = [row.first_name, row.last_name].filter((part) => part !== null && part !== '').join(' ');
  if (name !== '') return name;
  if (row.username !== null) return `@${row.username}`;
  return row.phone ?? '';
}

/**
 * Renders step templates for contacts, parsing each (template, custom columns) pair once: whether `{x|y}`
 * is a variable depends on the audience's custom columns.
 */
export class MessageRenderer {
  private readonly cache = new Map<string, Template>();

  /** @throws TemplateInvalidError when the template does not parse. */
  render(stepId: number, source: string, contactId: number, contact: ContactRow): string {
    const keys = Object.keys(contact.custom ?? {}).sort();
    const cacheKey = `${stepId}\u0000${source}\u0000${keys.join('\u0000')}`;
    let template = this.cache.get(cacheKey);
    if (template === undefined) {
      const parsed = parseTemplate(source, { customKeys: keys });
      if (!parsed.ok) throw new TemplateInvalidError(parsed.errors);
      template = parsed.template;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, template);
    }
    return renderTemplate(template, templateContact(contact), variationSeed(stepId, contactId));
  }
}

/** `deliveries.recipient` holds `phone:+…` or `username:…`. */
export function recipientRef(recipient: string): RecipientRef {
  const colon = recipient.indexOf(':');
  const kind = recipient.slice(0, colon);
  const value = recipient.slice(colon + 1);
  return kind === 'username' ? { kind: 'username', username: value } : { kind: 'phone', phone: value };
}
