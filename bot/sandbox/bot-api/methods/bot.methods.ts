// getMe, the command list, the menu button and answerCallbackQuery.
import { badRequest, telegramError } from '../api-error.js';
import { isObject, optionalBool, optionalInt, optionalString, type Params } from '../params.js';
import type { BotCommand, MethodHandler } from '../state.js';

const SCOPE_TYPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);
const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_ANSWER_TEXT = 200;

/** The storage key of a command list: Telegram keeps one list per (scope, language). */
function commandKey(params: Params): string {
  const scope = params.scope ?? { type: 'default' };
  if (!isObject(scope)) throw badRequest("can't parse BotCommandScope JSON object");
  const type = optionalString(scope, 'type') ?? '';
  if (!SCOPE_TYPES.has(type)) throw badRequest('unsupported bot command scope type');
  const chatId = optionalInt(scope, 'chat_id');
  const userId = optionalInt(scope, 'user_id');
  if (type.startsWith('chat') && chatId === undefined) throw telegramError('chatIdEmpty');
  const language = optionalString(params, 'language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return JSON.stringify([type, chatId ?? null, userId ?? null, language]);
}

function parseCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest('expected an Array of BotCommand');
  if (value.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  return value.map((entry) => {
    if (!isObject(entry)) throw badRequest("can't parse BotCommand: expected an Object");
    const command = optionalString(entry, 'command') ?? '';
    const description = optionalString(entry, 'description') ?? '';
    if (!COMMAND.test(command.replace(/^\//, ''))) throw badRequest('BOT_COMMAND_INVALID');
    if (description.length === 0 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command: command.replace(/^\//, ''), description };
  });
}

const getMe: MethodHandler = (state) => state.bot;

const setMyCommands: MethodHandler = (state, { params }) => {
  const commands = parseCommands(params.commands);
  state.commands.set(commandKey(params), commands);
  return true;
};

const getMyCommands: MethodHandler = (state, { params }) => state.commands.get(commandKey(params)) ?? [];

const deleteMyCommands: MethodHandler = (state, { params }) => {
  state.commands.delete(commandKey(params));
  return true;
};

function menuButton(value: unknown): Record<string, unknown> {
  if (value === undefined) return { type: 'default' };
  if (!isObject(value)) throw badRequest('MenuButton must be an Object');
  switch (value.type) {
    case 'commands':
    case 'default':
      return { type: value.type };
    case 'web_app': {
      const webApp = value.web_app;
      if (typeof value.text !== 'string' || !isObject(webApp) || typeof webApp.url !== 'string') {
        throw badRequest("can't parse menu button JSON object");
      }
      return { type: 'web_app', text: value.text, web_app: { url: webApp.url } };
    }
    default:
      throw badRequest('MenuButton has unsupported type');
  }
}

const setChatMenuButton: MethodHandler = (state, { params }) => {
  const chatId = optionalInt(params, 'chat_id');
  if (chatId !== undefined) state.chats.require(chatId);
  state.menuButtons.set(chatId ?? 'default', menuButton(params.menu_button));
  return true;
};

const getChatMenuButton: MethodHandler = (state, { params }) => {
  const chatId = optionalInt(params, 'chat_id');
  const forChat = chatId === undefined ? undefined : state.menuButtons.get(chatId);
  const button = forChat?.type === 'default' || forChat === undefined ? state.menuButtons.get('default') : forChat;
  return button === undefined || button.type === 'default' ? { type: 'commands' } : button;
};

const answerCallbackQuery: MethodHandler = (state, { params }) => {
  const id = optionalString(params, 'callback_query_id') ?? '';
  const text = optionalString(params, 'text');
  if (text !== undefined && text.length > MAX_ANSWER_TEXT) throw telegramError('answerTooLong');
  const url = optionalString(params, 'url');
  const cacheTime = optionalInt(params, 'cache_time');
  const answer = state.callbacks.answer(id, {
    showAlert: optionalBool(params, 'show_alert'),
    ...(text === undefined ? {} : { text }),
    ...(url === undefined ? {} : { url }),
    ...(cacheTime === undefined ? {} : { cacheTime }),
  });
  state.events.emit('callback:answered', answer);
  return true;
};

/** Handlers by method name. */
export const botMethods: Record<string, MethodHandler> = {
  getMe,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setChatMenuButton,
  getChatMenuButton,
  answerCallbackQuery,
};
