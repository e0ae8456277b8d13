// reply_markup as Telegram checks it: inline keyboards (arrays of arrays of buttons, each with a text
// and one action, callback_data of 1–64 bytes), reply keyboards, keyboard removal and force-reply.
import { badRequest, telegramError } from './api-error.js';
import { isObject } from './params.js';
import type { TgInlineKeyboardButton, TgKeyboardButton, TgReplyMarkup } from './types.js';

/** The fields of which an inline button must carry exactly one. */
export const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const MAX_CALLBACK_DATA_BYTES = 64;
const URL_PROTOCOLS = new Set(['http:', 'https:', 'tg:', 'ton:']);

/** Validates a decoded reply_markup; undefined when absent or when it asks for nothing. */
export function validateReplyMarkup(value: unknown): TgReplyMarkup | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest('object expected as reply markup');
  if (value.keyboard !== undefined) {
    const keyboard = rowsOf(value.keyboard, 'keyboard', 'field "keyboard" must be an Array of Arrays', keyboardButton);
    if (keyboard.length > 0) return { ...value, keyboard };
  }
  if (value.inline_keyboard !== undefined) {
    const inline = rowsOf(
      value.inline_keyboard,
      'inline_keyboard',
      'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
      inlineButton,
    );
    if (inline.length > 0) return { inline_keyboard: inline };
  }
  if (value.remove_keyboard === true) return { remove_keyboard: true, ...pickSelective(value) };
  if (value.force_reply === true) {
    const placeholder = value.input_field_placeholder;
    return {
      force_reply: true,
      ...(typeof placeholder === 'string' ? { input_field_placeholder: placeholder } : {}),
      ...pickSelective(value),
    };
  }
  return undefined;
}

const pickSelective = (value: Record<string, unknown>): { selective?: boolean } =>
  value.selective === true ? { selective: true } : {};

function rowsOf<B>(rows: unknown, field: string, rowError: string, parse: (button: unknown) => B): B[][] {
  if (!Array.isArray(rows)) throw badRequest(`field "${field}" must be of type Array`);
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest(rowError);
    return row.map(parse);
  });
}

function requireText(button: Record<string, unknown>, prefix: string): string {
  if (button.text === undefined) throw badRequest(`${prefix}: Can't find field "text"`);
  if (typeof button.text !== 'string') throw badRequest(`${prefix}: Field "text" must be of type String`);
  return button.text;
}

function keyboardButton(button: unknown): TgKeyboardButton {
  const prefix = "can't parse keyboard button";
  if (typeof button === 'string') return { text: button };
  if (!isObject(button)) throw badRequest(`${prefix}: KeyboardButton must be a String or an Object`);
  return { ...button, text: requireText(button, prefix) };
}

function inlineButton(button: unknown): TgInlineKeyboardButton {
  const prefix = "can't parse inline keyboard button";
  if (!isObject(button)) throw badRequest(`${prefix}: InlineKeyboardButton must be an Object`);
  const text = requireText(button, prefix);
  // Telegram ignores empty url/callback_data, so they do not count as an action.
  const actions = INLINE_ACTIONS.filter((field) => button[field] !== undefined && button[field] !== '');
  if (actions.length === 0) throw badRequest(`${prefix}: Text buttons are unallowed in the inline keyboard`);
  if (actions.length > 1) {
    throw badRequest(`${prefix}: InlineKeyboardButton must have exactly one optional field, found ${actions.join(', ')}`);
  }
  const data = button.callback_data;
  if (data !== undefined) {
    if (typeof data !== 'string') throw badRequest(`${prefix}: Field "callback_data" must be of type String`);
    if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) throw telegramError('buttonDataInvalid');
  }
  if (button.url !== undefined && !isValidButtonUrl(button.url)) throw badRequest('BUTTON_URL_INVALID');
  return { ...button, text };
}

function isValidButtonUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return URL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
