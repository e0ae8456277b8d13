// sendMessage, the edit methods, deleteMessage and sendChatAction.
import { isDeepStrictEqual } from 'node:util';
import { badRequest, telegramError } from '../api-error.js';
import type { StoredMessage } from '../chat-store.js';
import { formatCaption, formatMessageText } from '../formatted-text.js';
import { optionalBool, optionalInt, optionalString, isObject, requireChatId, requireMessageId, type Params } from '../params.js';
import { validateReplyMarkup } from '../reply-markup.validator.js';
import type { EmulatorState, MethodCall, MethodHandler } from '../state.js';
import type { FormattedText } from '../text-entities.js';
import type { TgInlineKeyboardMarkup, TgMessage, TgReplyMarkup } from '../types.js';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

/** The inline keyboard part of a markup: the only kind a Message object carries. */
export const inlineOf = (markup: TgReplyMarkup | undefined): TgInlineKeyboardMarkup | undefined =>
  markup !== undefined && Array.isArray((markup as Partial<TgInlineKeyboardMarkup>).inline_keyboard)
    ? (markup as TgInlineKeyboardMarkup)
    : undefined;

/** `text` + `entities`, leaving out empty entity lists as Telegram does. */
export const textFields = (formatted: FormattedText): Pick<TgMessage, 'text' | 'entities'> => ({
  text: formatted.text,
  ...(formatted.entities.length > 0 ? { entities: formatted.entities } : {}),
});

/** `caption` + `caption_entities`, or nothing. */
export const captionFields = (formatted: FormattedText | undefined): Pick<TgMessage, 'caption' | 'caption_entities'> =>
  formatted === undefined
    ? {}
    : { caption: formatted.text, ...(formatted.entities.length > 0 ? { caption_entities: formatted.entities } : {}) };

/** The message replied to (reply_parameters or the legacy reply_to_message_id), if any. */
export function replyTarget(state: EmulatorState, chatId: number, params: Params): Pick<TgMessage, 'reply_to_message'> {
  const reply = isObject(params.reply_parameters) ? params.reply_parameters : undefined;
  const messageId = reply === undefined ? optionalInt(params, 'reply_to_message_id') : optionalInt(reply, 'message_id');
  if (messageId === undefined) return {};
  const target = state.chats.find(chatId, messageId);
  if (target === undefined) {
    const lenient =
      (reply !== undefined && optionalBool(reply, 'allow_sending_without_reply')) ||
      optionalBool(params, 'allow_sending_without_reply');
    if (lenient) return {};
    throw telegramError('replyNotFound');
  }
  const { reply_to_message: _nested, ...replied } = target.message;
  return { reply_to_message: structuredClone(replied) };
}

const sendMessage: MethodHandler = (state, { params }) => {
  const chatId = requireChatId(params);
  const formatted = formatMessageText(optionalString(params, 'text'), optionalString(params, 'parse_mode'), params.entities);
  const markup = validateReplyMarkup(params.reply_markup);
  state.chats.requireWritable(chatId);
  const inline = inlineOf(markup);
  return state.chats.addBotMessage(
    chatId,
    { ...textFields(formatted), ...(inline === undefined ? {} : { reply_markup: inline }), ...replyTarget(state, chatId, params) },
    markup,
  );
};

function editTarget(state: EmulatorState, params: Params): { chatId: number; stored: StoredMessage } {
  if (params.inline_message_id !== undefined && params.chat_id === undefined) {
    throw badRequest('inline_message_id is not supported by the emulator');
  }
  const chatId = requireChatId(params);
  const messageId = requireMessageId(params);
  return { chatId, stored: state.chats.requireEditable(chatId, messageId) };
}

/** Applies an edit unless it changes nothing, in which case Telegram refuses with "not modified". */
function commitEdit(state: EmulatorState, chatId: number, stored: StoredMessage, next: TgMessage): TgMessage {
  const comparable = (m: TgMessage): unknown[] => [m.text, m.entities ?? [], m.caption, m.caption_entities ?? [], m.reply_markup];
  if (isDeepStrictEqual(comparable(stored.message), comparable(next))) throw telegramError('notModified');
  return state.chats.applyEdit(chatId, stored, next);
}

/** The message without the fields an edit replaces. */
function withoutEditable(message: TgMessage): TgMessage {
  const { text: _t, entities: _e, caption: _c, caption_entities: _ce, reply_markup: _r, ...rest } = message;
  return rest;
}

const editMessageText: MethodHandler = (state, { params }) => {
  const { chatId, stored } = editTarget(state, params);
  const formatted = formatMessageText(optionalString(params, 'text'), optionalString(params, 'parse_mode'), params.entities);
  const inline = inlineOf(validateReplyMarkup(params.reply_markup));
  if (stored.message.text === undefined) throw telegramError('noTextToEdit');
  const { caption: _c, caption_entities: _ce, ...kept } = withoutEditable(stored.message);
  return commitEdit(state, chatId, stored, { ...kept, ...textFields(formatted), ...(inline === undefined ? {} : { reply_markup: inline }) });
};

const editMessageCaption: MethodHandler = (state, { params }) => {
  const { chatId, stored } = editTarget(state, params);
  const caption = formatCaption(optionalString(params, 'caption'), optionalString(params, 'parse_mode'), params.caption_entities);
  const inline = inlineOf(validateReplyMarkup(params.reply_markup));
  if (stored.message.document === undefined && stored.message.photo === undefined) throw telegramError('noCaptionToEdit');
  return commitEdit(state, chatId, stored, {
    ...withoutEditable(stored.message),
    ...captionFields(caption),
    ...(inline === undefined ? {} : { reply_markup: inline }),
  });
};

const editMessageReplyMarkup: MethodHandler = (state, { params }) => {
  const { chatId, stored } = editTarget(state, params);
  const inline = inlineOf(validateReplyMarkup(params.reply_markup));
  const { reply_markup: _old, ...rest } = stored.message;
  return commitEdit(state, chatId, stored, { ...rest, ...(inline === undefined ? {} : { reply_markup: inline }) });
};

const deleteMessage: MethodHandler = (state, { params }) => {
  const chatId = requireChatId(params);
  state.chats.delete(chatId, requireMessageId(params));
  return true;
};

const sendChatAction: MethodHandler = (state, call: MethodCall) => {
  const chatId = requireChatId(call.params);
  const action = optionalString(call.params, 'action') ?? '';
  if (!CHAT_ACTIONS.has(action)) throw telegramError('wrongChatAction');
  state.chats.requireWritable(chatId);
  state.events.emit('chat:action', { chatId, action });
  return true;
};

/** Handlers by method name. */
export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
};
