// Text with entities: what parse_mode produces, with Telegram's length rules (UTF-16 code units after
// entity parsing) and its error texts.
import { badRequest, telegramError } from './api-error.js';
import { parseHtml } from './html.parser.js';
import { parseMarkdown } from './markdown.parser.js';
import { EntityParseError, type FormattedText } from './text-entities.js';
import type { TgMessageEntity } from './types.js';

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/** Applies parse_mode (or explicit entities) to raw text. */
export function formatText(raw: string, parseMode: string | undefined, entities: unknown): FormattedText {
  const mode = (parseMode ?? '').toLowerCase();
  try {
    switch (mode) {
      case '':
      case 'none':
        return { text: raw, entities: Array.isArray(entities) ? (entities as TgMessageEntity[]) : [] };
      case 'html':
        return parseHtml(raw);
      case 'markdownv2':
        return parseMarkdown(raw, 2);
      case 'markdown':
        return parseMarkdown(raw, 1);
      default:
        throw telegramError('unsupportedParseMode');
    }
  } catch (error) {
    if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.message}`);
    throw error;
  }
}

/** A message text: present, not blank after parsing, at most 4096 UTF-16 code units. */
export function formatMessageText(raw: string | undefined, parseMode: string | undefined, entities: unknown): FormattedText {
  if (raw === undefined || raw === '') throw telegramError('textEmpty');
  const formatted = formatText(raw, parseMode, entities);
  if (formatted.text.trim() === '') throw telegramError('textEmpty');
  if (formatted.text.length > MAX_TEXT_LENGTH) throw telegramError('textTooLong');
  return formatted;
}

/** An optional caption: at most 1024 UTF-16 code units after parsing. */
export function formatCaption(raw: string | undefined, parseMode: string | undefined, entities: unknown): FormattedText | undefined {
  if (raw === undefined || raw === '') return undefined;
  const formatted = formatText(raw, parseMode, entities);
  if (formatted.text.length > MAX_CAPTION_LENGTH) throw telegramError('captionTooLong');
  return formatted.text.trim() === '' ? undefined : formatted;
}

const COMMAND = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=\s|$)/g;

/** The `bot_command` entities Telegram attaches to a user's text. */
export function commandEntities(text: string): TgMessageEntity[] {
  return [...text.matchAll(COMMAND)].map((match) => ({
    type: 'bot_command',
    offset: (match.index ?? 0) + (match[1]?.length ?? 0),
    length: match[2]?.length ?? 0,
  }));
}
