// A Telegram user driven by a test: writes to the bot, presses its buttons, uploads files, and reads or
// waits for what the bot answers in their private chat (chat id = user id).
import type { ChatState } from './chat-store.js';
import { documentOf } from './file-store.js';
import { commandEntities } from './formatted-text.js';
import {
  DEFAULT_WAIT_MS,
  describeMessages,
  inlineLabels,
  waitForBotMessage,
  type MessageMatcher,
  type WaitOptions,
} from './message-waiter.js';
import type { EmulatorState } from './state.js';
import type { BotMessage, CallbackAnswer, TgCallbackQuery, TgMessage, TgUpdate, TgUser } from './types.js';

/** Who the user is. */
export interface TestUserProfile {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Options of `upload`. */
export interface UploadOptions {
  /** Default: derived from the file name, as Telegram clients do. */
  mimeType?: string;
  caption?: string;
}

/** One emulated user in a private chat with the bot. */
export class TestUser {
  readonly id: number;
  readonly profile: TgUser;
  private readonly chat: ChatState;
  private lastAction = 0;

  constructor(private readonly state: EmulatorState, profile: TestUserProfile) {
    this.id = profile.id;
    this.profile = { ...profile, is_bot: false };
    this.chat = state.chats.addUser(this.profile);
  }

  /** Sends a text message (leading `/command`s get bot_command entities). */
  send(text: string): TgMessage {
    const entities = commandEntities(text);
    const message = this.post({ text, ...(entities.length > 0 ? { entities } : {}) });
    return message;
  }

  /** Sends a document message; the bot can getFile and download it. */
  upload(fileName: string, content: Buffer, options: UploadOptions = {}): TgMessage {
    if (content.length === 0) throw new Error('Telegram clients cannot send an empty file');
    const file = this.state.files.add('document', Buffer.from(content), fileName, options.mimeType);
    return this.post({ document: documentOf(file), ...(options.caption === undefined ? {} : { caption: options.caption }) });
  }

  /** Presses the inline button with this label in the newest bot message that shows it. */
  press(label: string | RegExp): TgCallbackQuery {
    const matches = (text: string): boolean => (typeof label === 'string' ? text === label : text.search(label) >= 0);
    for (const message of this.messages().reverse()) {
      const button = message.reply_markup?.inline_keyboard.flat().find((b) => matches(b.text));
      if (button === undefined) continue;
      if (typeof button.callback_data !== 'string') {
        const kind = Object.keys(button).find((key) => key !== 'text') ?? 'unknown';
        throw new Error(`Button "${button.text}" in message #${message.message_id} is a ${kind} button: pressing it does not reach the bot`);
      }
      return this.pressData(button.callback_data, message.message_id);
    }
    const withButtons = this.messages().filter((m) => inlineLabels(m).length > 0).slice(-5);
    throw new Error(
      `No inline button ${typeof label === 'string' ? `"${label}"` : String(label)} in the bot's messages to user ${this.id}.\n` +
        (withButtons.length > 0 ? `Messages with buttons:\n${describeMessages(withButtons)}` : 'No bot message has an inline keyboard.'),
    );
  }

  /** Sends a callback query with arbitrary data (forged presses, for security tests). */
  pressData(data: string, messageId?: number): TgCallbackQuery {
    const stored = this.state.chats.find(this.id, messageId ?? this.lastMessage()?.message_id ?? 0);
    if (stored === undefined) throw new Error(`pressData: no message ${messageId ?? '(any)'} in the chat with user ${this.id}`);
    const query: TgCallbackQuery = {
      id: this.state.callbacks.issue(this.id, stored.message.message_id, data),
      from: this.profile,
      message: structuredClone(stored.message),
      chat_instance: String(8_000_000_000_000_000_000n + BigInt(this.id)),
      data,
    };
    this.act({ callback_query: query });
    return query;
  }

  /** The bot's live messages in this chat, oldest first, as they look now (after edits). */
  messages(): BotMessage[] {
    return this.state.chats.botMessages(this.id);
  }

  /** The newest bot message, if any. */
  lastMessage(): BotMessage | undefined {
    return this.messages().at(-1);
  }

  /** Inline button labels of a message (default: the newest bot message). */
  buttons(message: BotMessage | undefined = this.lastMessage()): string[] {
    return message === undefined ? [] : inlineLabels(message);
  }

  /** Labels of the reply keyboard the user currently sees. */
  replyKeyboard(): string[] {
    return this.chat.replyKeyboard?.keyboard.flat().map((button) => button.text) ?? [];
  }

  /** The bytes of the document (or the largest photo size) in a message. */
  download(message: TgMessage): Buffer {
    const fileId = message.document?.file_id ?? message.photo?.at(-1)?.file_id;
    if (fileId === undefined) throw new Error(`Message #${message.message_id} has no document or photo`);
    const file = this.state.files.get(fileId);
    if (file === undefined) throw new Error(`File ${fileId} is not stored in the emulator`);
    return Buffer.from(file.data);
  }

  /** The bot's answers to this user's button presses, oldest first. */
  callbackAnswers(): CallbackAnswer[] {
    return this.state.callbacks.answersIn(this.id);
  }

  /** The first bot message (sent or edited) after the user's last action that matches. */
  waitFor(matcher: MessageMatcher, options: WaitOptions = {}): Promise<BotMessage> {
    return waitForBotMessage(
      this.state.chats,
      this.state.events,
      this.id,
      matcher,
      options.since ?? this.lastAction,
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  /** Anything the bot sent or edited after the user's last action. */
  waitForReply(options: WaitOptions = {}): Promise<BotMessage> {
    return this.waitFor(() => true, options);
  }

  /** The user blocks the bot: sends to them fail with 403 until `unblock`. */
  block(): void {
    this.chat.blocked = true;
  }

  /** The user unblocks the bot. */
  unblock(): void {
    this.chat.blocked = false;
  }

  private post(content: Omit<TgMessage, 'message_id' | 'from' | 'chat' | 'date'>): TgMessage {
    if (this.chat.blocked) throw new Error(`User ${this.id} has blocked the bot: call unblock() first`);
    const message = this.state.chats.addUserMessage(this.id, content);
    this.act({ message: structuredClone(message) });
    return message;
  }

  private act(payload: Omit<TgUpdate, 'update_id'>): void {
    this.lastAction = this.state.chats.position;
    pushUpdate(this.state, payload);
  }
}

/** Queues an update for the bot and announces it; undefined when allowed_updates filters it out. */
export function pushUpdate(state: EmulatorState, payload: Omit<TgUpdate, 'update_id'>): TgUpdate | undefined {
  const update = state.queue.enqueue(payload);
  if (update !== undefined) state.events.emit('update', { update: structuredClone(update) });
  return update;
}
