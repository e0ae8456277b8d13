import { describe, expect, it } from 'vitest';
import { BotApiError, TelegramErrors } from '../../../bot/sandbox/bot-api/index.js';
import { multipartBoundary, parseMultipart } from '../../../bot/sandbox/bot-api/multipart.parser.js';
import { validateReplyMarkup } from '../../../bot/sandbox/bot-api/reply-markup.validator.js';

const descriptionOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof BotApiError) return error.description;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('multipart parser', () => {
  it('reads grammY-style parts: no spaces, unquoted UTF-8 file names, binary content', () => {
    const boundary = '----------abc123';
    const binary = Buffer.from([0, 255, 13, 10, 45, 45, 1]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n42\r\n--${boundary}\r\n`),
      Buffer.from(`content-disposition:form-data;name="f1";filename=rapport år.bin\r\ncontent-type:application/octet-stream\r\n\r\n`),
      binary,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);

    const parsed = parseMultipart(body, multipartBoundary(`multipart/form-data; boundary=${boundary}`)!);

    expect(parsed.fields).toEqual({ chat_id: '42' });
    expect(parsed.files.get('f1')?.fileName).toBe('rapport år.bin');
    expect(parsed.files.get('f1')?.data.equals(binary)).toBe(true);
  });
});

describe('reply markup validation', () => {
  it('accepts inline keyboards, reply keyboards with string buttons, removal and force reply', () => {
    expect(validateReplyMarkup({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }, { text: 'Site', url: 'https://x.org' }]] })).toEqual({
      inline_keyboard: [[{ text: 'A', callback_data: 'a' }, { text: 'Site', url: 'https://x.org' }]],
    });
    expect(validateReplyMarkup({ keyboard: [['Yes', { text: 'No' }]], resize_keyboard: true })).toEqual({
      keyboard: [[{ text: 'Yes' }, { text: 'No' }]],
      resize_keyboard: true,
    });
    expect(validateReplyMarkup({ remove_keyboard: true })).toEqual({ remove_keyboard: true });
    expect(validateReplyMarkup({ force_reply: true, input_field_placeholder: 'Name' })).toEqual({
      force_reply: true,
      input_field_placeholder: 'Name',
    });
  });

  it('rejects malformed keyboards with Telegram descriptions', () => {
    expect(descriptionOf(() => validateReplyMarkup({ inline_keyboard: [{ text: 'A', callback_data: 'a' }] }))).toBe(
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    );
    expect(descriptionOf(() => validateReplyMarkup({ inline_keyboard: [[{ text: 'A' }]] }))).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(descriptionOf(() => validateReplyMarkup({ inline_keyboard: [[{ callback_data: 'a' }]] }))).toBe(
      'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"',
    );
    expect(descriptionOf(() => validateReplyMarkup({ inline_keyboard: [[{ text: 'A', callback_data: 'a', url: 'https://x.org' }]] }))).toMatch(
      /exactly one optional field, found url, callback_data/,
    );
    expect(descriptionOf(() => validateReplyMarkup({ inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] }))).toBe(
      TelegramErrors.buttonDataInvalid,
    );
    expect(descriptionOf(() => validateReplyMarkup({ keyboard: ['Yes'] }))).toBe('Bad Request: field "keyboard" must be an Array of Arrays');
  });
});
