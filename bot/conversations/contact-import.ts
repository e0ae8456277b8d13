import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { assertValidMapping, setColumnTarget, type ColumnMapping } from '../../core/contacts/import/column-mapping.js';
import type { ExistingContactPolicy } from '../../core/contacts/contact-import.service.js';
import { contactImportData } from '../callback-data/contacts.js';
import type { BotContext, ConversationContext } from '../context.js';
import { openTelegramFile } from '../features/contacts-download.js';
import { errorInfo, errorText, type ErrorInfo } from '../features/contacts-errors.js';
import { importProgressText } from '../notifications/contacts.js';

import { COMPACT_VIEW, mappingScreen, sheetKeyboard, targetKeyboard, TARGETS, type ColumnView, type InspectedFile } from './contact-import-screens.js';
import { escapeHtml } from '../features/html-text.js';

export const CONTACT_IMPORT = 'contact-import';

type ImportConversation = Conversation<BotContext, ConversationContext>;

/** The file the user sent (conversation argument). */
export interface ImportFileArg {
  fileId: string;
  fileName: string;
  fileSize: number;
}

type Inspection = { ok: true; file: InspectedFile } | { ok: false; error: ErrorInfo };

// Download the head of the file and propose a mapping; runs once (inside `external`).
async function inspect(conversation: ImportConversation, file: ImportFileArg, sheet: string | null): Promise<Inspection> {
  return conversation.external(async (c): Promise<Inspection> => {
    try {
      const source = await openTelegramFile(c.api, file.fileId);
      const inspection = await c.services.contacts.imports.inspect(source, sheet ?? undefined);
      source.destroy();
      const { info, sample, mapping } = inspection;
      return { ok: true, file: { format: info.format, sheets: info.sheets, sheet: info.sheet, sample, mapping } };
    } catch (error) {
      const info = errorInfo(error);
      if (info.code === 'INTERNAL') c.services.logger.error({ err: error, action: 'contacts.inspect_failed' }, 'inspecting a contact file failed');
      return { ok: false, error: info };
    }
  });
}

/**
 * The import wizard: shows how the columns were read (with a preview), lets the user re-map columns, pick
 * the sheet and the default country, then asks for the list and what to do with contacts that exist, and
 * starts the import task. Nothing is stored before the user confirms.
 */
export async function contactImport(conversation: ImportConversation, ctx: ConversationContext, file: ImportFileArg): Promise<void> {
  const user = ctx.user;
  if (!user) return;
  const t = ctx.t.bind(ctx);
  // Another command, button or file leaves the wizard and is handled as usual; /cancel just leaves.
  const otherwise = async (c: ConversationContext): Promise<void> => {
    if (c.message?.text === '/cancel') {
      await c.reply(c.t('contacts-import-cancelled'));
      await conversation.halt();
    }
    if (c.message?.document !== undefined || c.message?.text?.startsWith('/') || (c.callbackQuery && !contactImportData.filter.test(c.callbackQuery.data ?? ''))) {
      await conversation.halt({ next: true });
    }
    if (c.callbackQuery) await c.answerCallbackQuery({ text: c.t('onboarding-press-button') });
    else await c.reply(c.t('onboarding-press-button'));
  };
  const press = async () => {
    const pressed = await conversation.waitForCallbackQuery(contactImportData.filter, { otherwise });
    await pressed.answerCallbackQuery();
    return contactImportData.unpack(pressed.callbackQuery.data) ?? { action: '', arg: '' };
  };

  const status = await ctx.reply(t('contacts-import-downloading', { file: file.fileName.slice(0, 60) }));
  let inspected = await inspect(conversation, file, null);
  if (!inspected.ok) {
    await ctx.api.editMessageText(status.chat.id, status.message_id, errorText(ctx, inspected.error));
    return;
  }
  let mapping: ColumnMapping = inspected.file.mapping;
  let country: string | null = user.defaultCountry ?? null;
  let view: ColumnView = COMPACT_VIEW;
  const render = async (text: string, keyboard: InlineKeyboard) =>
    ctx.api.editMessageText(status.chat.id, status.message_id, text, { parse_mode: 'HTML', reply_markup: keyboard });

  for (;;) {
    const screen = mappingScreen(t, file.fileName, inspected.file, mapping, country, view);
    await render(screen.text, screen.keyboard);
    const choice = await press();
    if (choice.action === 'cancel') {
      await ctx.api.editMessageText(status.chat.id, status.message_id, t('contacts-import-cancelled'));
      return;
    }
    if (choice.action === 'cols') view = { page: Number(choice.arg) || 0 };
    else if (choice.action === 'compact') view = COMPACT_VIEW;
    else if (choice.action === 'col') {
      const column = mapping.columns.find((c) => c.index === Number(choice.arg));
      if (column === undefined) continue;
      await render(t('contacts-import-choose-target', { n: column.index + 1, header: escapeHtml(column.header.slice(0, 40)) }), targetKeyboard(t, column));
      const picked = await press();
      const target = TARGETS[Number(picked.arg)];
      if (picked.action === 'tgt' && target !== undefined) mapping = setColumnTarget(mapping, column.index, target);
    } else if (choice.action === 'sheets') {
      await render(t('contacts-import-choose-sheet'), sheetKeyboard(inspected.file.sheets));
      const picked = await press();
      const sheet = inspected.file.sheets[Number(picked.arg)];
      if (picked.action !== 'sheet' || sheet === undefined) continue;
      const next = await inspect(conversation, file, sheet);
      if (!next.ok) await ctx.reply(errorText(ctx, next.error));
      else {
        inspected = next;
        mapping = next.file.mapping;
        view = COMPACT_VIEW;
      }
    } else if (choice.action === 'country') {
      await ctx.reply(t('contacts-import-country-prompt'), { parse_mode: 'HTML' });
      const answer = await conversation.waitFor('message:text', { otherwise });
      if (answer.message.text === '/cancel') continue;
      const set = await conversation.external(async (c) => {
        try {
          return { ok: true as const, code: await c.services.contacts.imports.setDefaultCountry(user.id, answer.message.text) };
        } catch (error) {
          return { ok: false as const, error: errorInfo(error) };
        }
      });
      await ctx.reply(set.ok ? t('contacts-import-country-set', { country: set.code }) : errorText(ctx, set.error));
      if (set.ok) country = set.code;
    } else if (choice.action === 'next') {
      try {
        assertValidMapping(mapping);
        break;
      } catch {
        await ctx.reply(t('contacts-import-need-identifier'));
      }
    }
  }

  const listName = await askList(conversation, ctx, user.id, otherwise);
  await ctx.reply(t('contacts-import-existing-prompt'), {
    reply_markup: new InlineKeyboard()
      .text(t('contacts-import-skip'), contactImportData.pack({ action: 'mode', arg: 'skip' }))
      .row()
      .text(t('contacts-import-update'), contactImportData.pack({ action: 'mode', arg: 'update' })),
  });
  let existing: ExistingContactPolicy | null = null;
  while (existing === null) {
    const choice = await press();
    if (choice.action === 'mode') existing = choice.arg === 'update' ? 'update' : 'skip';
  }
  const chatId = ctx.chat?.id ?? user.chatId;
  // The workers run the import; they edit this message with the progress and turn it into the summary.
  await conversation.external(async (c) => {
    const progress = await c.api.sendMessage(chatId, importProgressText(c.t.bind(c), { list: listName, phase: 'reading', fraction: 0, rows: 0 }));
    const job = { userId: user.id, chatId, messageId: progress.message_id, ...file, listName, mapping, sheet: inspected.file.sheet, existing };
    await c.services.contacts.enqueueImport(job);
  });
}

async function askList(
  conversation: ImportConversation,
  ctx: ConversationContext,
  userId: number,
  otherwise: (c: ConversationContext) => Promise<void>,
): Promise<string> {
  const lists = await conversation.external((c) => c.services.contacts.lists.lists(userId));
  const keyboard = new InlineKeyboard();
  lists.slice(0, 10).forEach((list) => keyboard.text(list.name.slice(0, 40), contactImportData.pack({ action: 'list', arg: list.id })).row());
  await ctx.reply(ctx.t('contacts-import-list-prompt'), { reply_markup: keyboard });
  for (;;) {
    const answer = await conversation.waitUntil((c) => c.message?.text !== undefined || (c.callbackQuery?.data?.startsWith('ci:list:') ?? false), { otherwise });
    if (answer.callbackQuery) {
      await answer.answerCallbackQuery();
      const list = lists.find((l) => String(l.id) === contactImportData.unpack(answer.callbackQuery?.data ?? '')?.arg);
      if (list !== undefined) return list.name;
      continue;
    }
    const text = answer.message?.text ?? '';
    if (text.startsWith('/')) await otherwise(answer);
    const name = text.replace(/\s+/g, ' ').trim();
    if (name.length >= 1 && name.length <= 128) return name;
    await ctx.reply(ctx.t('contacts-import-list-prompt'));
  }
}
