import type { Conversation } from '@grammyjs/conversations';
import type { InlineKeyboard } from 'grammy';
import { composerData } from '../callback-data/campaigns.js';
import type { BotContext, BotServices, ConversationContext } from '../context.js';
import type { CampaignBotServices } from '../features/campaign-directory.js';
import type { Translate } from '../features/campaign-format.js';

export type CampaignConversation = Conversation<BotContext, ConversationContext>;

/** What the user did next: typed text, or pressed one of the composer's buttons. */
export type Answer = { kind: 'text'; text: string } | ButtonPress;

/** A composer button press, with the message that carried the button (to update it in place). */
export interface ButtonPress {
  kind: 'button';
  choice: string;
  value: string;
  messageId: number | undefined;
}

/** The outcome of a service call made inside `external` (errors do not survive the replay log as classes). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; issues: unknown[] };

/**
 * The composer's dialog helpers over one conversation: ask, wait for an answer, call services (always
 * inside `external`, so replays never repeat a side effect). A command or a button of another screen
 * leaves the conversation (the draft is already saved) and lets that update through to its handler.
 */
export class Dialog {
  readonly t: Translate;

  constructor(
    readonly conversation: CampaignConversation,
    readonly ctx: ConversationContext,
    readonly userId: number,
    /** What the user is told when they leave (a command or another screen's button). */
    private readonly leaveKey = 'campaign-compose-left',
  ) {
    this.t = ctx.t.bind(ctx);
  }

  async say(text: string, keyboard?: InlineKeyboard): Promise<void> {
    await this.ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard, link_preview_options: { is_disabled: true } });
  }

  /** Waits for text or a composer button; anything else leaves the composer. */
  async answer(): Promise<Answer> {
    for (;;) {
      const c = await this.conversation.wait();
      const data = c.callbackQuery?.data;
      if (data !== undefined) {
        const button = composerData.unpack(data);
        if (button === null) return this.leave(c);
        await c.answerCallbackQuery();
        return { kind: 'button', choice: button.choice, value: button.value, messageId: c.callbackQuery?.message?.message_id };
      }
      const text = c.message?.text;
      if (text !== undefined) {
        if (text.startsWith('/')) return this.leave(c);
        return { kind: 'text', text };
      }
      await c.reply(c.t('campaign-compose-press-button'));
    }
  }

  /** Waits for a press of one of `choices` (typed text gets a hint). */
  async button(choices: readonly string[]): Promise<ButtonPress> {
    for (;;) {
      const answer = await this.answer();
      if (answer.kind === 'button' && choices.includes(answer.choice)) return answer;
      await this.ctx.reply(this.t('campaign-compose-press-button'));
    }
  }

  /** Replaces the buttons of the message a button was pressed on (toggles). */
  async refresh(press: ButtonPress, keyboard: InlineKeyboard): Promise<void> {
    const chatId = this.ctx.chat?.id;
    if (chatId === undefined || press.messageId === undefined) return;
    await this.ctx.api.editMessageReplyMarkup(chatId, press.messageId, { reply_markup: keyboard });
  }

  private async leave(c: ConversationContext): Promise<never> {
    await c.reply(c.t(this.leaveKey));
    return this.conversation.halt({ next: true });
  }

  /** Runs a side effect once (recorded for replays); failures come back as codes. */
  async run<T>(task: (campaigns: CampaignBotServices, services: BotServices) => Promise<T>): Promise<Outcome<T>> {
    return this.conversation.external(async (c): Promise<Outcome<T>> => {
      try {
        return { ok: true, value: await task(c.services.campaigns, c.services) };
      } catch (error) {
        if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
          const issues = 'issues' in error && Array.isArray(error.issues) ? (error.issues as unknown[]) : [];
          return { ok: false, code: error.code, issues };
        }
        throw error;
      }
    });
  }

  /** Like `run`, for calls expected to succeed: on failure it tells the user why and ends the composer. */
  async must<T>(task: (campaigns: CampaignBotServices, services: BotServices) => Promise<T>): Promise<T> {
    const outcome = await this.run(task);
    if (outcome.ok) return outcome.value;
    return this.fail(outcome.code);
  }

  /** Tells the user why a call failed and ends the composer (the draft keeps what was saved). */
  async fail(code: string): Promise<never> {
    await this.ctx.reply(this.t(failureKey(code), { reason: code }));
    return this.conversation.halt();
  }
}

/** The message for a failed service call, by error code. */
export function failureKey(code: string): string {
  if (code === 'NOT_FOUND') return 'campaign-not-found';
  if (code === 'CONFLICT') return 'campaign-not-editable';
  return 'campaign-action-failed';
}
