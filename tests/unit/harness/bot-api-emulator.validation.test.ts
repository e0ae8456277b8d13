import { Bot, GrammyError, InlineKeyboard } from 'grammy';
import { describe, expect, it } from 'vitest';
import { TelegramErrors } from '../../../bot/sandbox/bot-api/index.js';
import { botFor, startEmulator } from './emulator-fixture.js';

/** The GrammyError a rejected call throws (fails the test when the call succeeds). */
async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

async function setUp() {
  const emulator = await startEmulator();
  const bot = botFor(emulator);
  const user = emulator.user({ id: 700, first_name: 'Vera' });
  user.send('/start');
  return { emulator, bot, user };
}

describe('Bot API emulator validation', () => {
  it('refuses texts over 4096 UTF-16 code units after entity parsing', async () => {
    const { bot } = await setUp();

    await expect(bot.api.sendMessage(700, 'a'.repeat(4096))).resolves.toMatchObject({ message_id: 2 });
    await expect(bot.api.sendMessage(700, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' })).resolves.toBeDefined();
    expect((await apiError(bot.api.sendMessage(700, 'a'.repeat(4097)))).description).toBe(TelegramErrors.textTooLong);
    // An emoji outside the BMP counts twice, as in Telegram.
    expect((await apiError(bot.api.sendMessage(700, '😀'.repeat(2049)))).description).toBe(TelegramErrors.textTooLong);
    expect((await apiError(bot.api.sendMessage(700, '<b></b>', { parse_mode: 'HTML' }))).description).toBe(TelegramErrors.textEmpty);
  });

  it('refuses callback data over 64 bytes with BUTTON_DATA_INVALID', async () => {
    const { bot } = await setUp();
    const keyboard = (data: string) => ({ reply_markup: new InlineKeyboard().text('Go', data) });

    await expect(bot.api.sendMessage(700, 'ok', keyboard('x'.repeat(64)))).resolves.toBeDefined();
    const error = await apiError(bot.api.sendMessage(700, 'too long', keyboard('é'.repeat(33))));

    expect(error.error_code).toBe(400);
    expect(error.description).toBe(TelegramErrors.buttonDataInvalid);
  });

  it('refuses an edit that changes nothing, and edits or deletes of missing messages', async () => {
    const { bot } = await setUp();
    const sent = await bot.api.sendMessage(700, 'Status: 10%');

    expect((await apiError(bot.api.editMessageText(700, sent.message_id, 'Status: 10%'))).description).toBe(TelegramErrors.notModified);
    await expect(bot.api.editMessageText(700, sent.message_id, 'Status: 20%')).resolves.toMatchObject({ text: 'Status: 20%' });
    expect((await apiError(bot.api.editMessageText(700, 999, 'x'))).description).toBe(TelegramErrors.messageToEditNotFound);
    expect((await apiError(bot.api.deleteMessage(700, 999))).description).toBe(TelegramErrors.messageToDeleteNotFound);
    expect((await apiError(bot.api.editMessageText(700, 1, 'x'))).description).toBe(TelegramErrors.messageCantBeEdited);
  });

  it('answers a wrong token with 401 Unauthorized', async () => {
    const { emulator } = await setUp();
    const stranger = new Bot('999:WRONG', { client: { apiRoot: emulator.apiRoot } });

    const error = await apiError(stranger.api.getMe());

    expect(error.error_code).toBe(401);
    expect(error.description).toBe('Unauthorized');
  });

  it('reports unbalanced HTML with Telegram\'s entity parsing error', async () => {
    const { bot } = await setUp();

    const error = await apiError(bot.api.sendMessage(700, '<b>bold <i>both</b>', { parse_mode: 'HTML' }));

    expect(error.description).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 15, expected "</i>", found "</b>"',
    );
  });

  it('answers chat not found, never-started chats and blocked users like Telegram', async () => {
    const { emulator, bot, user } = await setUp();
    emulator.user({ id: 701, first_name: 'Silent' });

    expect((await apiError(bot.api.sendMessage(12345, 'hi'))).description).toBe(TelegramErrors.chatNotFound);
    expect((await apiError(bot.api.sendMessage(701, 'hi'))).error_code).toBe(403);
    user.block();
    expect((await apiError(bot.api.sendMessage(700, 'hi'))).description).toBe(TelegramErrors.botBlocked);
  });

  it('fails the next call with an injected 429 and retry_after, then works again', async () => {
    const { emulator, bot } = await setUp();
    emulator.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 });

    const error = await apiError(bot.api.sendMessage(700, 'first'));
    const second = await bot.api.sendMessage(700, 'second');

    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(7);
    expect(second.text).toBe('second');
    expect(emulator.callsOf('sendMessage').map((call) => [call.params.text, call.ok])).toEqual([
      ['first', false],
      ['second', true],
    ]);
  });

  it('answers unknown methods with 404 and accepts urlencoded bodies', async () => {
    const { emulator, user } = await setUp();
    const base = `${emulator.apiRoot}/bot${emulator.token}`;

    const unknown = await fetch(`${base}/sendUnicorn`, { method: 'POST' });
    const form = await fetch(`${base}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '700', text: 'from a form', reply_markup: '{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}' }),
    });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(form.status).toBe(200);
    expect(user.lastMessage()).toMatchObject({ text: 'from a form' });
    expect(user.buttons()).toEqual(['A']);
  });

  it('stores commands per scope and language and rejects invalid command names', async () => {
    const { bot } = await setUp();

    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await bot.api.setMyCommands([{ command: 'start', description: 'Starta' }], { language_code: 'sv' });

    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await bot.api.getMyCommands({ language_code: 'sv' })).toEqual([{ command: 'start', description: 'Starta' }]);
    expect((await apiError(bot.api.setMyCommands([{ command: 'Bad-Name', description: 'x' }]))).description).toBe(
      'Bad Request: BOT_COMMAND_INVALID',
    );
    await bot.api.deleteMyCommands({ language_code: 'sv' });
    expect(await bot.api.getMyCommands({ language_code: 'sv' })).toEqual([]);
  });

  it('refuses getFile for files over 20 MB and a second answer to the same callback query', async () => {
    const { bot, user } = await setUp();
    const big = user.upload('huge.bin', Buffer.alloc(20 * 1024 * 1024 + 1));
    await bot.api.sendMessage(700, 'menu', { reply_markup: new InlineKeyboard().text('Go', 'go') });
    const query = user.press('Go');

    expect((await apiError(bot.api.getFile(big.document!.file_id))).description).toBe(TelegramErrors.fileTooBig);
    await expect(bot.api.answerCallbackQuery(query.id)).resolves.toBe(true);
    expect((await apiError(bot.api.answerCallbackQuery(query.id))).description).toBe(TelegramErrors.queryIdInvalid);
  });
});
