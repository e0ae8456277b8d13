import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { EDITABLE_FIELDS } from '../../core/contacts/contact-fields.js';
import { contactCardData, contactsNavData, splitCardArg } from '../callback-data/contacts.js';
import type { BotContext } from '../context.js';
import { CONTACT_ADD } from '../conversations/contact-add.js';
import { CONTACT_EDIT } from '../conversations/contact-edit.js';
import { CONTACT_IMPORT } from '../conversations/contact-import.js';
import { CONTACT_SEARCH } from '../conversations/contact-search.js';
import { errorInfo, errorText } from './contacts-errors.js';
import { cardScreen, contactName, editScreen, homeScreen, listScreen, type Screen } from './contacts-views.js';
import { sectionScreens } from './sections.js';
import { escapeHtml } from './html-text.js';

/** The contacts section: lists, browsing, the contact card, export, and contact files sent to the bot. */
export const contactsFeature = new Composer<BotContext>();

// The cloud Bot API serves bots files up to 20 MB; a self-hosted Bot API server (BOT_API_ROOT) has no such limit.
const CLOUD_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const CLOUD_API_ROOT = 'https://api.telegram.org';

async function show(ctx: BotContext, screen: Screen): Promise<void> {
  const options = { parse_mode: 'HTML' as const, reply_markup: screen.keyboard };
  if (ctx.callbackQuery?.message) await ctx.editMessageText(screen.text, options);
  else await ctx.reply(screen.text, options);
}

sectionScreens.contacts = async (ctx) => show(ctx, await homeScreen(ctx, ctx.user!.id));

// Expected failures (a forged id, a deleted contact) answer with a sentence; anything else goes to bot.catch.
async function guarded(ctx: BotContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const info = errorInfo(error);
    if (info.code === 'INTERNAL') throw error;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: errorText(ctx, info).slice(0, 200), show_alert: true });
    else await ctx.reply(errorText(ctx, info));
  }
}

contactsFeature.callbackQuery(contactsNavData.filter, async (ctx) => {
  const data = contactsNavData.unpack(ctx.callbackQuery.data);
  const id = Number(data?.id);
  const page = Number(data?.page);
  if (data === null || !Number.isSafeInteger(id) || !Number.isSafeInteger(page) || page < 0) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  const userId = ctx.user!.id;
  await guarded(ctx, async () => {
    switch (data.action) {
      case 'home':
        await show(ctx, await homeScreen(ctx, userId));
        break;
      case 'list':
        await show(ctx, await listScreen(ctx, userId, id, page));
        break;
      case 'imp':
        await ctx.reply(ctx.t('contacts-import-hint', { limit: Math.round(ctx.services.contacts.maxImportBytes / (1024 * 1024)) }));
        break;
      case 'add':
        await ctx.conversation.enter(CONTACT_ADD);
        break;
      case 'srch':
        await ctx.conversation.enter(CONTACT_SEARCH);
        break;
      case 'exp':
        await exportList(ctx, userId, id);
        break;
      case 'ldel': {
        const list = await ctx.services.contacts.lists.get(userId, id);
        await ctx.reply(ctx.t('contacts-delete-list-question', { name: escapeHtml(list.name), size: list.size }), {
          parse_mode: 'HTML',
          reply_markup: new InlineKeyboard()
            .text(ctx.t('contacts-delete-list-keep'), contactsNavData.pack({ action: 'ldk', id, page: 0 }))
            .row()
            .text(ctx.t('contacts-delete-list-all'), contactsNavData.pack({ action: 'ldc', id, page: 0 }))
            .row()
            .text(ctx.t('contacts-back'), contactsNavData.pack({ action: 'list', id, page: 0 })),
        });
        break;
      }
      case 'ldk':
      case 'ldc': {
        const list = await ctx.services.contacts.lists.get(userId, id);
        const count = await ctx.services.contacts.lists.delete(userId, id, data.action === 'ldc');
        await show(ctx, { ...(await homeScreen(ctx, userId)), text: ctx.t('contacts-list-deleted', { name: escapeHtml(list.name), count }) });
        break;
      }
      default:
        await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
        return;
    }
    await ctx.answerCallbackQuery().catch(() => undefined);
  });
});

async function exportList(ctx: BotContext, userId: number, listId: number): Promise<void> {
  const { contacts, lists, exportCsv } = ctx.services.contacts;
  const scope = listId === 0 ? undefined : listId;
  const name = scope === undefined ? ctx.t('contacts-page-all') : (await lists.get(userId, listId)).name;
  const count = (await contacts.page(userId, { listId: scope, limit: 1 })).total;
  const chunks: string[] = [];
  for await (const chunk of exportCsv(userId, scope)) chunks.push(chunk);
  // A BOM so spreadsheet apps read the file as UTF-8.
  const file = Buffer.from(`\uFEFF${chunks.join('')}`, 'utf8');
  const fileName = `${name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60) || 'contacts'}.csv`;
  await ctx.replyWithDocument(new InputFile(file, fileName), { caption: ctx.t('contacts-export-caption', { name, count }) });
}

contactsFeature.callbackQuery(contactCardData.filter, async (ctx) => {
  const data = contactCardData.unpack(ctx.callbackQuery.data);
  const id = Number(data?.id);
  if (data === null || !Number.isSafeInteger(id)) return ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
  const userId = ctx.user!.id;
  const { contacts } = ctx.services.contacts;
  const { value, back } = splitCardArg(data.arg);
  await guarded(ctx, async () => {
    switch (data.action) {
      case 'open':
        await show(ctx, cardScreen(ctx.t, await contacts.get(userId, id), back));
        break;
      case 'edit':
        await show(ctx, editScreen(ctx.t, await contacts.get(userId, id), back));
        break;
      case 'f': {
        const field = value === 'custom' ? 'custom' : EDITABLE_FIELDS[index(value)];
        if (field === undefined) {
          await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
          return;
        }
        await contacts.get(userId, id);
        await ctx.answerCallbackQuery();
        await ctx.conversation.enter(CONTACT_EDIT, id, field, back);
        return;
      }
      case 'tag':
        await contacts.get(userId, id);
        await ctx.answerCallbackQuery();
        await ctx.conversation.enter(CONTACT_EDIT, id, 'tag', back);
        return;
      case 'untag': {
        const contact = await contacts.get(userId, id);
        const tag = contact.tags[index(value)];
        const updated = tag === undefined ? contact : await contacts.removeTag(userId, id, tag);
        await show(ctx, cardScreen(ctx.t, updated, back));
        break;
      }
      case 'opt': {
        const contact = await contacts.get(userId, id);
        await show(ctx, cardScreen(ctx.t, await contacts.setOptedOut(userId, id, !contact.optedOut), back));
        break;
      }
      case 'del': {
        const contact = await contacts.get(userId, id);
        await ctx.editMessageText(ctx.t('contacts-delete-question', { name: escapeHtml(contactName(ctx.t, contact)) }), {
          parse_mode: 'HTML',
          reply_markup: new InlineKeyboard()
            .text(ctx.t('contacts-delete-yes'), contactCardData.pack({ action: 'delok', id, arg: back }))
            .text(ctx.t('contacts-back'), contactCardData.pack({ action: 'open', id, arg: back })),
        });
        break;
      }
      case 'delok': {
        const contact = await contacts.get(userId, id);
        await contacts.delete(userId, id);
        const [listId, page] = back.split('.').map(Number);
        const screen = await listScreen(ctx, userId, listId ?? 0, page ?? 0).catch(() => homeScreen(ctx, userId));
        await show(ctx, { ...screen, text: `${ctx.t('contacts-deleted', { name: escapeHtml(contactName(ctx.t, contact)) })}\n\n${screen.text}` });
        break;
      }
      default:
        await ctx.answerCallbackQuery({ text: ctx.t('button-expired') });
        return;
    }
    await ctx.answerCallbackQuery().catch(() => undefined);
  });
});

contactsFeature.chatType('private').on('message:document', async (ctx) => {
  const document = ctx.message.document;
  const size = document.file_size ?? 0;
  const limit = ctx.services.contacts.maxImportBytes;
  const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
  if (size > limit) {
    await ctx.reply(ctx.t('contacts-import-too-big', { size: mb(size), limit: Math.round(limit / (1024 * 1024)) }));
    return;
  }
  if (size > CLOUD_DOWNLOAD_LIMIT && (ctx.api.options?.apiRoot ?? CLOUD_API_ROOT) === CLOUD_API_ROOT) {
    await ctx.reply(ctx.t('contacts-import-too-big-cloud', { size: mb(size) }));
    return;
  }
  await ctx.conversation.enter(CONTACT_IMPORT, { fileId: document.file_id, fileName: document.file_name ?? 'contacts', fileSize: size });
});

// A position carried by a button (a field, a tag); -1 (nothing there) for anything else.
function index(value: string): number {
  return /^\d{1,3}$/.test(value) ? Number(value) : -1;
}
