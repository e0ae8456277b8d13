// Private chats between the bot and test users, with every message in them. Bot and user messages share
// one increasing message_id sequence per chat, as in Telegram. Changes are announced on the emitter.
import type { EventEmitter } from 'node:events';
import type { Clock } from '../../../core/clock.js';
import { telegramError } from './api-error.js';
import type {
  BotMessage,
  EmulatorEvents,
  TgBotUser,
  TgChat,
  TgMessage,
  TgReplyKeyboardMarkup,
  TgReplyMarkup,
  TgUser,
} from './types.js';

/** A message with its bookkeeping. */
export interface StoredMessage {
  message: TgMessage;
  fromBot: boolean;
  editCount: number;
  deleted: boolean;
}

/** Something the bot did in a chat, in order (what the waiting helpers scan). */
export interface BotActivity {
  sequence: number;
  kind: 'sent' | 'edited';
  message: BotMessage;
}

/** One private chat. */
export interface ChatState {
  user: TgUser;
  chat: TgChat;
  /** The user has written to the bot, so the bot may write to them. */
  started: boolean;
  blocked: boolean;
  messages: Map<number, StoredMessage>;
  activity: BotActivity[];
  /** The reply keyboard the user currently sees (set by the last keyboard / remove_keyboard). */
  replyKeyboard: TgReplyKeyboardMarkup | undefined;
  nextMessageId: number;
}

/** Message content without the fields the store assigns. */
export type MessageContent = Omit<TgMessage, 'message_id' | 'from' | 'chat' | 'date'>;

/** All chats of the emulated bot. */
export class ChatStore {
  private readonly chats = new Map<number, ChatState>();
  private sequence = 0;

  constructor(
    private readonly bot: TgBotUser,
    private readonly clock: Clock,
    private readonly events: EventEmitter<EmulatorEvents>,
  ) {}

  /** Creates (or refreshes the profile of) the private chat with a user. */
  addUser(user: TgUser): ChatState {
    const chat: TgChat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.username !== undefined) chat.username = user.username;
    const existing = this.chats.get(user.id);
    if (existing !== undefined) return Object.assign(existing, { user, chat });
    const state: ChatState = {
      user,
      chat,
      started: false,
      blocked: false,
      messages: new Map(),
      activity: [],
      replyKeyboard: undefined,
      nextMessageId: 1,
    };
    this.chats.set(user.id, state);
    return state;
  }

  /** The chat, or undefined. */
  get(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  /** The chat, or Telegram's `chat not found`. */
  require(chatId: number): ChatState {
    const state = this.chats.get(chatId);
    if (state === undefined) throw telegramError('chatNotFound');
    return state;
  }

  /** A chat the bot may send to right now (403 when the user never started it or blocked the bot). */
  requireWritable(chatId: number): ChatState {
    const state = this.require(chatId);
    if (state.blocked) throw telegramError('botBlocked');
    if (!state.started) throw telegramError('cantInitiate');
    return state;
  }

  /** A monotonic counter over all bot activity: "after the user's last action" is a position in it. */
  get position(): number {
    return this.sequence;
  }

  /** Stores a message the user sent. */
  addUserMessage(chatId: number, content: MessageContent): TgMessage {
    const state = this.require(chatId);
    state.started = true;
    return this.store(state, state.user, content, false).message;
  }

  /** Stores a message the bot sent and announces it. */
  addBotMessage(chatId: number, content: MessageContent, markup: TgReplyMarkup | undefined): TgMessage {
    const state = this.requireWritable(chatId);
    if (markup !== undefined && 'keyboard' in markup) state.replyKeyboard = markup;
    if (markup !== undefined && 'remove_keyboard' in markup) state.replyKeyboard = undefined;
    const stored = this.store(state, this.bot, content, true);
    this.record(state, 'sent', stored);
    this.events.emit('message:sent', { chatId, message: structuredClone(stored.message) });
    return stored.message;
  }

  /** A live message, or undefined when it never existed or was deleted. */
  find(chatId: number, messageId: number): StoredMessage | undefined {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  /** A bot message the bot may edit. */
  requireEditable(chatId: number, messageId: number): StoredMessage {
    this.require(chatId);
    const stored = this.find(chatId, messageId);
    if (stored === undefined) throw telegramError('messageToEditNotFound');
    if (!stored.fromBot) throw telegramError('messageCantBeEdited');
    return stored;
  }

  /** Replaces a bot message's content, stamps edit_date and announces the edit. */
  applyEdit(chatId: number, stored: StoredMessage, next: TgMessage): TgMessage {
    stored.message = { ...next, edit_date: this.unixNow() };
    stored.editCount += 1;
    this.record(this.require(chatId), 'edited', stored);
    this.events.emit('message:edited', { chatId, message: structuredClone(stored.message) });
    return stored.message;
  }

  /** Deletes a message (bot's or user's); Telegram's error when there is none. */
  delete(chatId: number, messageId: number): void {
    this.require(chatId);
    const stored = this.find(chatId, messageId);
    if (stored === undefined) throw telegramError('messageToDeleteNotFound');
    stored.deleted = true;
    this.events.emit('message:deleted', { chatId, messageId });
  }

  /** The bot's live messages in a chat, oldest first, as the user sees them now. */
  botMessages(chatId: number): BotMessage[] {
    const state = this.chats.get(chatId);
    if (state === undefined) return [];
    return [...state.messages.values()].filter((m) => m.fromBot && !m.deleted).map(toBotMessage);
  }

  /** Unix seconds from the clock, for `date` fields. */
  unixNow(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private store(state: ChatState, from: TgUser, content: MessageContent, fromBot: boolean): StoredMessage {
    const message: TgMessage = {
      message_id: state.nextMessageId++,
      from,
      chat: state.chat,
      date: this.unixNow(),
      ...content,
    };
    const stored: StoredMessage = { message, fromBot, editCount: 0, deleted: false };
    state.messages.set(message.message_id, stored);
    return stored;
  }

  private record(state: ChatState, kind: BotActivity['kind'], stored: StoredMessage): void {
    this.sequence += 1;
    state.activity.push({ sequence: this.sequence, kind, message: toBotMessage(stored) });
  }
}

/** A snapshot a test may keep: later edits do not change it. */
export const toBotMessage = (stored: StoredMessage): BotMessage => ({
  ...structuredClone(stored.message),
  editCount: stored.editCount,
});
