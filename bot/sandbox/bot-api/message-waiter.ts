// Waiting for the bot: resolve with the first bot message (sent or edited) after a position in the chat's
// activity that matches, or fail with a message that shows what the bot did say.
import type { EventEmitter } from 'node:events';
import type { ChatStore } from './chat-store.js';
import type { BotMessage, EmulatorEvents } from './types.js';

/** A RegExp (searched in text or caption) or a predicate over the message. */
export type MessageMatcher = RegExp | ((message: BotMessage) => boolean);

/** Options of the waiting helpers. */
export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Activity position to look after; default: the user's last action. 0 = the whole history. */
  since?: number;
}

export const DEFAULT_WAIT_MS = 5000;

/** The text a RegExp matcher searches: text, else caption. */
export const visibleText = (message: BotMessage): string => message.text ?? message.caption ?? '';

/** Inline button labels of a message. */
export const inlineLabels = (message: BotMessage): string[] =>
  message.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [];

/** One line per message, for error texts. */
export function describeMessages(messages: BotMessage[]): string {
  if (messages.length === 0) return '  (the bot has not sent anything in this chat)';
  return messages
    .map((m) => {
      const edited = m.editCount > 0 ? ` (edited ${m.editCount}×)` : '';
      const media = m.document !== undefined ? ` [document ${m.document.file_name ?? m.document.file_id}]` : m.photo !== undefined ? ' [photo]' : '';
      const text = JSON.stringify(visibleText(m).length > 200 ? `${visibleText(m).slice(0, 200)}…` : visibleText(m));
      const labels = inlineLabels(m);
      const buttons = labels.length > 0 ? ` buttons: ${labels.map((l) => `[${l}]`).join(' ')}` : '';
      return `  #${m.message_id}${edited}${media} ${text}${buttons}`;
    })
    .join('\n');
}

/** Resolves with the first matching bot activity in the chat after `since`. */
export function waitForBotMessage(
  chats: ChatStore,
  events: EventEmitter<EmulatorEvents>,
  chatId: number,
  matcher: MessageMatcher,
  since: number,
  timeoutMs: number,
): Promise<BotMessage> {
  const matches = (message: BotMessage): boolean =>
    matcher instanceof RegExp ? visibleText(message).search(matcher) >= 0 : matcher(message);
  const seen = chats.get(chatId)?.activity.find((entry) => entry.sequence > since && matches(entry.message));
  if (seen !== undefined) return Promise.resolve(seen.message);
  return new Promise<BotMessage>((resolve, reject) => {
    const onChange = (event: { chatId: number }): void => {
      if (event.chatId !== chatId) return;
      // The store records the activity before it emits, so the newest entry is this change.
      const latest = chats.get(chatId)?.activity.at(-1);
      if (latest === undefined || !matches(latest.message)) return;
      cleanup();
      resolve(latest.message);
    };
    const timer = setTimeout(() => {
      cleanup();
      const wanted = matcher instanceof RegExp ? String(matcher) : 'the predicate';
      const recent = chats.botMessages(chatId).slice(-5);
      reject(
        new Error(
          `waitFor timed out after ${timeoutMs} ms: no bot message in chat ${chatId} matched ${wanted} ` +
            `since the user's last action.\nLast bot messages (oldest first):\n${describeMessages(recent)}`,
        ),
      );
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      events.off('message:sent', onChange);
      events.off('message:edited', onChange);
    };
    events.on('message:sent', onChange);
    events.on('message:edited', onChange);
  });
}
