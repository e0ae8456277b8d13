import { GrammyError, InputFile, type Api } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import type { NotificationKind, NotificationMap, Notifier } from '../../core/notifier.js';
import type { BotContext } from '../context.js';
import type { NotificationRenderers, Recipient, RenderedNotification } from './renderer.js';

/** Finds the language and time zone a user chose (one lookup per notification), so notifications use them. */
export type RecipientOf = (chatId: number) => Promise<Recipient>;

/** The Notifier port over the Bot API: renders with i18n, sends or edits in the user's chat. */
export class BotNotifier implements Notifier {
  constructor(
    private readonly api: Api,
    private readonly i18n: I18n<BotContext>,
    private readonly renderers: NotificationRenderers,
    private readonly recipientOf: RecipientOf,
  ) {}

  private async render<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<RenderedNotification> {
    const recipient = await this.recipientOf(chatId);
    const t = (key: string, vars?: Record<string, string | number>) => this.i18n.t(recipient.language, key, vars);
    return this.renderers[kind](data, t, recipient);
  }

  async send<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<{ messageId: number }> {
    const r = await this.render(chatId, kind, data);
    const common = { parse_mode: r.parseMode, reply_markup: r.keyboard };
    if (r.photo) {
      const m = await this.api.sendPhoto(chatId, new InputFile(r.photo.data, r.photo.fileName), { caption: r.text, ...common });
      return { messageId: m.message_id };
    }
    if (r.document) {
      const m = await this.api.sendDocument(chatId, new InputFile(r.document.data, r.document.fileName), { caption: r.text, ...common });
      return { messageId: m.message_id };
    }
    const m = await this.api.sendMessage(chatId, r.text, { ...common, link_preview_options: { is_disabled: true } });
    return { messageId: m.message_id };
  }

  async edit<K extends NotificationKind>(chatId: number, messageId: number, kind: K, data: NotificationMap[K]): Promise<void> {
    const r = await this.render(chatId, kind, data);
    try {
      await this.api.editMessageText(chatId, messageId, r.text, { parse_mode: r.parseMode, reply_markup: r.keyboard });
    } catch (e) {
      // Same content as before is not a failure: the user already sees it.
      if (e instanceof GrammyError && e.description.includes('message is not modified')) return;
      throw e;
    }
  }
}
