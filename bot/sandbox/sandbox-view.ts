// What the sandbox page draws: Telegram messages and the bot's command menu turned into plain JSON the
// browser renders without interpreting any HTML (texts travel with their entities).
import type { BotApiEmulator, CallRecord, TgMessage, TgMessageEntity } from './bot-api/index.js';

/** One inline button: a callback button (pressing sends `data`) or a link. */
export interface ButtonView {
  text: string;
  data?: string;
  url?: string;
}

/** A file attached to a message; its bytes are at `/api/users/<id>/messages/<messageId>/file`. */
export interface FileView {
  kind: 'document' | 'photo';
  name: string;
  size: number;
}

/** A message as the page shows it. */
export interface ChatItem {
  id: number;
  fromBot: boolean;
  date: number;
  text: string;
  entities: TgMessageEntity[];
  buttons: ButtonView[][];
  file?: FileView;
  edited: boolean;
}

/** A command of the bot's menu. */
export interface CommandView {
  command: string;
  description: string;
}

function fileOf(message: TgMessage): FileView | undefined {
  if (message.document) {
    return { kind: 'document', name: message.document.file_name ?? 'file', size: message.document.file_size };
  }
  const largest = message.photo?.at(-1);
  return largest ? { kind: 'photo', name: `photo-${message.message_id}`, size: largest.file_size } : undefined;
}

/** The page's view of a message. */
export function toChatItem(message: TgMessage, fromBot: boolean): ChatItem {
  const hasText = message.text !== undefined;
  const file = fileOf(message);
  return {
    id: message.message_id,
    fromBot,
    date: message.date,
    text: (hasText ? message.text : message.caption) ?? '',
    entities: (hasText ? message.entities : message.caption_entities) ?? [],
    buttons: (message.reply_markup?.inline_keyboard ?? []).map((row) =>
      row.map((b) => ({
        text: b.text,
        ...(typeof b.callback_data === 'string' ? { data: b.callback_data } : {}),
        ...(typeof b.url === 'string' ? { url: b.url } : {}),
      })),
    ),
    ...(file ? { file } : {}),
    edited: message.edit_date !== undefined,
  };
}

/** Every live message of the chat with `userId`, oldest first. */
export function chatHistory(emulator: BotApiEmulator, userId: number): ChatItem[] {
  const chat = emulator.chat(userId);
  if (!chat) return [];
  return [...chat.messages.values()].filter((m) => !m.deleted).map((m) => toChatItem(m.message, m.fromBot));
}

interface CommandScope {
  type?: string;
  chat_id?: number | string;
}

function scopeOf(call: CallRecord): CommandScope {
  const scope: unknown = call.params.scope;
  return typeof scope === 'object' && scope !== null ? scope : {};
}

function appliesTo(call: CallRecord, userId: number, language: string): 'chat' | 'private' | 'default' | undefined {
  const lang = call.params.language_code;
  if (typeof lang === 'string' && lang !== '' && lang !== language) return undefined;
  const scope = scopeOf(call);
  if (scope.type === 'chat' && Number(scope.chat_id) === userId) return 'chat';
  if (scope.type === 'all_private_chats') return 'private';
  if (scope.type === undefined || scope.type === 'default') return 'default';
  return undefined;
}

/**
 * The command menu Telegram would show `userId`: the narrowest scope the bot set commands for (chat, then
 * all private chats, then default), the newest setMyCommands/deleteMyCommands call deciding within a scope.
 */
export function commandMenu(emulator: BotApiEmulator, userId: number, language = 'en'): CommandView[] {
  const latest = new Map<string, CommandView[]>();
  for (const call of emulator.calls) {
    const method = call.method.toLowerCase();
    if (!call.ok || (method !== 'setmycommands' && method !== 'deletemycommands')) continue;
    const scope = appliesTo(call, userId, language);
    if (scope === undefined) continue;
    const commands = method === 'setmycommands' && Array.isArray(call.params.commands) ? (call.params.commands as CommandView[]) : [];
    latest.set(scope, commands.map((c) => ({ command: String(c.command), description: String(c.description) })));
  }
  for (const scope of ['chat', 'private', 'default']) {
    const commands = latest.get(scope);
    if (commands && commands.length > 0) return commands;
  }
  return [];
}
