// Reading Bot API parameters the way Telegram does: every value may arrive as a string (query string,
// urlencoded, multipart) or typed (JSON body); object-valued fields may arrive as JSON text.
import { badRequest, telegramError } from './api-error.js';

/** Decoded parameters of one call. */
export type Params = Record<string, unknown>;

/** Fields whose value is a JSON object or array, with Telegram's text for undecodable JSON. */
const JSON_FIELDS: Record<string, string> = {
  reply_markup: "can't parse reply keyboard markup JSON object",
  entities: "can't parse entities JSON object",
  caption_entities: "can't parse entities JSON object",
  commands: "can't parse commands JSON object",
  scope: "can't parse BotCommandScope JSON object",
  allowed_updates: "can't parse allowed updates JSON object",
  menu_button: "can't parse menu button JSON object",
  link_preview_options: "can't parse link preview options JSON object",
  reply_parameters: "can't parse reply parameters JSON object",
};

/** Turns JSON text in object-valued fields into values, so handlers and recorded calls see one shape. */
export function decodeJsonFields(params: Params): Params {
  const decoded: Params = { ...params };
  for (const [field, error] of Object.entries(JSON_FIELDS)) {
    const value = decoded[field];
    if (typeof value !== 'string') continue;
    if (value === '') {
      delete decoded[field];
      continue;
    }
    try {
      decoded[field] = JSON.parse(value) as unknown;
    } catch {
      throw badRequest(error);
    }
  }
  return decoded;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

/** An integer parameter, or undefined when absent. */
export function optionalInt(params: Params, name: string): number | undefined {
  const value = params[name];
  if (isMissing(value)) return undefined;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(parsed)) throw badRequest(`can't parse ${name} as Number`);
  return parsed;
}

/** A string parameter, or undefined when absent (numbers are accepted and stringified, as Telegram does). */
export function optionalString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
}

/** A boolean parameter: true, "true", 1 and "1" are true. */
export function optionalBool(params: Params, name: string): boolean {
  const value = params[name];
  return value === true || value === 1 || value === 'true' || value === '1' || value === 'True';
}

/** `chat_id`: required, and only numeric private-chat ids exist in the emulator. */
export function requireChatId(params: Params): number {
  const value = params.chat_id;
  if (isMissing(value)) throw telegramError('chatIdEmpty');
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(parsed)) throw telegramError('chatNotFound');
  return parsed;
}

/** `message_id`: required for edits and deletes. */
export function requireMessageId(params: Params): number {
  const id = optionalInt(params, 'message_id');
  if (id === undefined || id === 0) throw telegramError('messageIdEmpty');
  return id;
}

/** True when the value is a plain JSON object. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
