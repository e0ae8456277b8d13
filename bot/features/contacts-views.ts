import { InlineKeyboard } from 'grammy';
import type { ContactView } from '../../core/contacts/contact.service.js';
import { EDITABLE_FIELDS } from '../../core/contacts/contact-fields.js';
import { cardArg, contactCardData, contactsNavData } from '../callback-data/contacts.js';
import { menuData } from '../callback-data/menu.js';
import type { BotContext } from '../context.js';
import { clip, escapeHtml } from './html-text.js';

/** A screen: HTML text and its buttons. */
export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

type Translate = BotContext['t'];

export const PAGE_SIZE = 8;

/** What to call a contact: name, else username, phone or email. */
export function contactName(t: Translate, contact: Pick<ContactView, 'firstName' | 'lastName' | 'username' | 'phone' | 'email'>): string {
  const name = [contact.firstName, contact.lastName].filter((part) => part !== null && part !== '').join(' ');
  if (name !== '') return name;
  return contact.username !== null ? `@${contact.username}` : (contact.phone ?? contact.email ?? t('contacts-unnamed'));
}

/** The section's first screen: lists with sizes and the main actions. */
export async function homeScreen(ctx: BotContext, userId: number): Promise<Screen> {
  const { contacts, lists, maxImportBytes } = ctx.services.contacts;
  const [all, total] = await Promise.all([lists.lists(userId), contacts.page(userId, { limit: 1 })]);
  const limit = Math.round(maxImportBytes / (1024 * 1024));
  const keyboard = new InlineKeyboard();
  for (const list of all.slice(0, 20)) {
    keyboard.text(ctx.t('contacts-list-button', { name: list.name.slice(0, 40), size: list.size }), contactsNavData.pack({ action: 'list', id: list.id, page: 0 })).row();
  }
  if (total.total > 0) keyboard.text(ctx.t('contacts-all-button'), contactsNavData.pack({ action: 'list', id: 0, page: 0 })).row();
  keyboard
    .text(ctx.t('contacts-import-button'), contactsNavData.pack({ action: 'imp', id: 0, page: 0 }))
    .text(ctx.t('contacts-add-button'), contactsNavData.pack({ action: 'add', id: 0, page: 0 }))
    .row();
  if (total.total > 0) keyboard.text(ctx.t('contacts-search-button'), contactsNavData.pack({ action: 'srch', id: 0, page: 0 })).row();
  keyboard.text(ctx.t('menu-back'), menuData.pack({ section: 'home' }));
  const text = total.total === 0 ? ctx.t('contacts-home-empty', { limit }) : ctx.t('contacts-home', { total: total.total, lists: all.length, limit });
  return { text, keyboard };
}

/** Buttons opening each contact of a page, returning to `listId`/`page`. */
function contactButtons(t: Translate, keyboard: InlineKeyboard, items: readonly ContactView[], listId: number, page: number): void {
  for (const contact of items) {
    const mark = contact.optedOut ? ` ${t('contacts-opted-out-mark')}` : '';
    keyboard.text(`${contactName(t, contact).slice(0, 50)}${mark}`, contactCardData.pack({ action: 'open', id: contact.id, arg: `${listId}.${page}` })).row();
  }
}

/** One page of a list (`listId` 0 = all contacts). */
export async function listScreen(ctx: BotContext, userId: number, listId: number, page: number): Promise<Screen> {
  const { contacts, lists } = ctx.services.contacts;
  const name = listId === 0 ? ctx.t('contacts-page-all') : (await lists.get(userId, listId)).name;
  const result = await contacts.page(userId, { listId: listId === 0 ? undefined : listId, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const keyboard = new InlineKeyboard();
  contactButtons(ctx.t, keyboard, result.items, listId, page);
  if (page > 0) keyboard.text(ctx.t('contacts-prev'), contactsNavData.pack({ action: 'list', id: listId, page: page - 1 }));
  if (page + 1 < pages) keyboard.text(ctx.t('contacts-next'), contactsNavData.pack({ action: 'list', id: listId, page: page + 1 }));
  keyboard.row();
  if (result.total > 0) keyboard.text(ctx.t('contacts-export-button'), contactsNavData.pack({ action: 'exp', id: listId, page }));
  if (listId !== 0) keyboard.text(ctx.t('contacts-delete-list-button'), contactsNavData.pack({ action: 'ldel', id: listId, page }));
  keyboard.row().text(ctx.t('contacts-back'), contactsNavData.pack({ action: 'home', id: 0, page: 0 }));
  const text =
    result.total === 0
      ? ctx.t('contacts-page-empty', { name: escapeHtml(name) })
      : ctx.t('contacts-page-title', { name: escapeHtml(name), total: result.total, page: page + 1, pages });
  return { text, keyboard };
}

/** Search results (first page) with buttons to open each contact. */
export async function searchScreen(ctx: BotContext, userId: number, query: string): Promise<Screen> {
  const result = await ctx.services.contacts.contacts.page(userId, { search: query, limit: 20 });
  const keyboard = new InlineKeyboard();
  contactButtons(ctx.t, keyboard, result.items, 0, 0);
  keyboard.text(ctx.t('contacts-back'), contactsNavData.pack({ action: 'home', id: 0, page: 0 }));
  const safe = escapeHtml(query.slice(0, 64));
  if (result.total === 0) return { text: ctx.t('contacts-search-none', { query: safe }), keyboard };
  const more = result.total > result.items.length ? ctx.t('contacts-search-more', { shown: result.items.length }) : '';
  return { text: ctx.t('contacts-search-results', { query: safe, total: result.total, more }), keyboard };
}

// Of Telegram's 4,096 characters a message may have, what the card's details may take (the rest: name, notes).
const CARD_DETAILS_BUDGET = 3_400;

/** The contact card: every field, lists, tags, custom fields (as many as fit), and the actions. */
export function cardScreen(t: Translate, contact: ContactView, back: string): Screen {
  const lines: string[] = [];
  for (const field of EDITABLE_FIELDS) {
    const value = contact[field];
    if (value !== null && value !== '') lines.push(`${t(`contacts-field-${field}`)}: ${escapeHtml(field === 'username' ? `@${value}` : value)}`);
  }
  if (!contact.reachable) lines.push(t('contacts-card-unreachable'));
  if (contact.lists.length > 0) lines.push(t('contacts-card-lists', { lists: escapeHtml(clip(contact.lists.join(', '), 300)) }));
  if (contact.tags.length > 0) lines.push(t('contacts-card-tags', { tags: escapeHtml(clip(contact.tags.join(', '), 300)) }));
  // Custom fields as long as the card stays within a Telegram message; the rest are counted (all are in the export).
  const custom = Object.entries(contact.custom);
  let room = CARD_DETAILS_BUDGET - lines.join('\n').length;
  let shown = 0;
  for (const [key, value] of custom) {
    const line = t('contacts-card-custom', { key: escapeHtml(key), value: escapeHtml(clip(value, 200)) });
    if (line.length + 1 > room) break;
    lines.push(line);
    room -= line.length + 1;
    shown++;
  }
  if (shown < custom.length) lines.push(t('contacts-card-custom-more', { count: custom.length - shown }));
  const text = t('contacts-card', {
    name: escapeHtml(contactName(t, contact)),
    optedOut: contact.optedOut ? t('contacts-card-opted-out') : '',
    details: lines.join('\n'),
  });
  const id = contact.id;
  const keyboard = new InlineKeyboard()
    .text(t('contacts-edit-button'), contactCardData.pack({ action: 'edit', id, arg: back }))
    .text(t('contacts-tag-button'), contactCardData.pack({ action: 'tag', id, arg: back }))
    .row();
  contact.tags.slice(0, 10).forEach((tag, index) => keyboard.text(t('contacts-untag-button', { tag: tag.slice(0, 30) }), contactCardData.pack({ action: 'untag', id, arg: cardArg(index, back) })));
  if (contact.tags.length > 0) keyboard.row();
  keyboard
    .text(contact.optedOut ? t('contacts-optin-button') : t('contacts-optout-button'), contactCardData.pack({ action: 'opt', id, arg: back }))
    .text(t('contacts-delete-button'), contactCardData.pack({ action: 'del', id, arg: back }))
    .row();
  const [listId, page] = back.split('.').map(Number);
  keyboard.text(t('contacts-back'), contactsNavData.pack({ action: 'list', id: listId ?? 0, page: page ?? 0 }));
  return { text, keyboard };
}

/** Which field to edit. */
export function editScreen(t: Translate, contact: ContactView, back: string): Screen {
  const keyboard = new InlineKeyboard();
  EDITABLE_FIELDS.forEach((field, index) => {
    keyboard.text(t(`contacts-field-${field}`), contactCardData.pack({ action: 'f', id: contact.id, arg: cardArg(index, back) }));
    if (index % 2 === 1) keyboard.row();
  });
  keyboard.row().text(t('contacts-edit-custom-button'), contactCardData.pack({ action: 'f', id: contact.id, arg: cardArg('custom', back) }));
  keyboard.row().text(t('contacts-back'), contactCardData.pack({ action: 'open', id: contact.id, arg: back }));
  return { text: t('contacts-edit-choose', { name: escapeHtml(contactName(t, contact)) }), keyboard };
}
