import { InlineKeyboard, InputFile } from 'grammy';
import { describe, expect, it } from 'vitest';
import { pngHeader, startEmulator, startPolling } from './emulator-fixture.js';

describe('Bot API emulator with a long-polling grammY bot', () => {
  it('delivers /start with a bot_command entity and shows the reply in the user chat', async () => {
    const emulator = await startEmulator();
    const seenEntities: unknown[] = [];
    await startPolling(emulator, (bot) => {
      bot.command('start', async (ctx) => {
        seenEntities.push(ctx.message?.entities);
        await ctx.reply(`Welcome, ${ctx.from?.first_name ?? '?'}`);
      });
    });
    const alice = emulator.user({ id: 501, first_name: 'Alice', language_code: 'en' });

    alice.send('/start');
    const reply = await alice.waitFor(/Welcome/);

    expect(reply.text).toBe('Welcome, Alice');
    expect(reply.chat.id).toBe(501);
    expect(reply.from.id).toBe(emulator.botInfo.id);
    expect(seenEntities).toEqual([[{ type: 'bot_command', offset: 0, length: 6 }]]);
    expect(alice.messages().map((m) => m.text)).toEqual(['Welcome, Alice']);
  });

  it('answers a pressed inline button and edits the same message in place', async () => {
    const emulator = await startEmulator();
    await startPolling(emulator, (bot) => {
      bot.command('vote', (ctx) =>
        ctx.reply('Do you agree?', { reply_markup: new InlineKeyboard().text('Yes', 'vote:yes').text('No', 'vote:no') }),
      );
      bot.callbackQuery(/^vote:(.+)$/, async (ctx) => {
        await ctx.answerCallbackQuery({ text: 'Saved' });
        await ctx.editMessageText(`You chose ${ctx.match[1]}`);
      });
    });
    const alice = emulator.user({ id: 502, first_name: 'Alice' });

    alice.send('/vote');
    const question = await alice.waitFor(/agree/);
    expect(alice.buttons(question)).toEqual(['Yes', 'No']);
    alice.press('Yes');
    const edited = await alice.waitFor((m) => m.editCount === 1);

    expect(edited.message_id).toBe(question.message_id);
    expect(edited.text).toBe('You chose yes');
    expect(edited.reply_markup).toBeUndefined();
    expect(alice.messages()).toHaveLength(1);
    expect(alice.callbackAnswers()).toMatchObject([{ data: 'vote:yes', text: 'Saved', showAlert: false, messageId: question.message_id }]);
  });

  it('lets the bot fetch an uploaded document with getFile and download the same bytes over HTTP', async () => {
    const emulator = await startEmulator();
    const content = Buffer.from('name;phone\nÅsa;+46701234567\n', 'utf8');
    let downloaded: Buffer | undefined;
    let filePath: string | undefined;
    await startPolling(emulator, (bot) => {
      bot.on('message:document', async (ctx) => {
        const file = await ctx.getFile();
        filePath = file.file_path;
        const response = await fetch(`${emulator.apiRoot}/file/bot${emulator.token}/${file.file_path}`);
        downloaded = Buffer.from(await response.arrayBuffer());
        await ctx.reply(`Got ${ctx.message.document.file_name} (${downloaded.length} bytes)`);
      });
    });
    const bob = emulator.user({ id: 503, first_name: 'Bob' });

    const sent = bob.upload('contacts.csv', content, { caption: 'my list' });
    await bob.waitFor(/Got contacts\.csv/);

    expect(sent.document).toMatchObject({ file_name: 'contacts.csv', mime_type: 'text/csv', file_size: content.length });
    expect(sent.caption).toBe('my list');
    expect(filePath).toMatch(/^documents\/file_\d+\.csv$/);
    expect(downloaded?.equals(content)).toBe(true);
    expect(emulator.callsOf('getFile')).toHaveLength(1);
  });

  it('stores a document the bot uploads so the user downloads exactly those bytes', async () => {
    const emulator = await startEmulator();
    const csv = Buffer.from('id,status\n1,sent\n2,replied\n');
    await startPolling(emulator, (bot) => {
      bot.command('export', (ctx) => ctx.replyWithDocument(new InputFile(csv, 'export.csv'), { caption: '<b>Your data</b>', parse_mode: 'HTML' }));
    });
    const carol = emulator.user({ id: 504, first_name: 'Carol' });

    carol.send('/export');
    const message = await carol.waitFor((m) => m.document !== undefined);

    expect(message.document).toMatchObject({ file_name: 'export.csv', mime_type: 'text/csv', file_size: csv.length });
    expect(message.caption).toBe('Your data');
    expect(message.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 9 }]);
    expect(carol.download(message).equals(csv)).toBe(true);
    const call = emulator.callsOf('sendDocument')[0]!;
    expect(call.files).toHaveLength(1);
    expect(String(call.params.document)).toMatch(/^attach:\/\//);
  });

  it('turns a sent photo into a PhotoSize ladder and resends it by file_id', async () => {
    const emulator = await startEmulator();
    const image = pngHeader(1000, 500);
    await startPolling(emulator, (bot) => {
      bot.command('qr', async (ctx) => {
        const first = await ctx.replyWithPhoto(new InputFile(image, 'qr.png'));
        await ctx.replyWithPhoto(first.photo.at(-1)!.file_id, { caption: 'again' });
      });
    });
    const dave = emulator.user({ id: 505, first_name: 'Dave' });

    dave.send('/qr');
    const again = await dave.waitFor(/again/);
    const [first] = dave.messages();

    expect(first!.photo!.map((size) => [size.width, size.height])).toEqual([
      [90, 45],
      [320, 160],
      [800, 400],
      [1000, 500],
    ]);
    expect(again.photo).toEqual(first!.photo);
    expect(dave.download(again).equals(image)).toBe(true);
  });

  it('keeps parallel users in separate private chats with their own message ids', async () => {
    const emulator = await startEmulator();
    await startPolling(emulator, (bot) => {
      bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text} to ${ctx.chat.id}`));
    });
    const users = [601, 602, 603].map((id) => emulator.user({ id, first_name: `U${id}` }));

    users.forEach((user) => user.send(`hi ${user.id}`));
    const replies = await Promise.all(users.map((user) => user.waitForReply()));

    expect(replies.map((r) => r.text)).toEqual(['echo hi 601 to 601', 'echo hi 602 to 602', 'echo hi 603 to 603']);
    expect(replies.map((r) => r.message_id)).toEqual([2, 2, 2]);
    expect(emulator.callsOf('sendMessage').map((call) => call.params.chat_id)).toEqual(expect.arrayContaining([601, 602, 603]));
  });

  it('announces sent and edited messages and callback answers on the event stream', async () => {
    const emulator = await startEmulator();
    const seen: string[] = [];
    emulator.on('message:sent', ({ chatId, message }) => seen.push(`sent ${chatId} ${message.text ?? ''}`));
    emulator.on('message:edited', ({ message }) => seen.push(`edited ${message.text ?? ''}`));
    emulator.on('callback:answered', ({ data }) => seen.push(`answered ${data ?? ''}`));
    await startPolling(emulator, (bot) => {
      bot.command('go', (ctx) => ctx.reply('menu', { reply_markup: new InlineKeyboard().text('Next', 'next') }));
      bot.callbackQuery('next', async (ctx) => {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText('page 2');
      });
    });
    const erin = emulator.user({ id: 506, first_name: 'Erin' });

    erin.send('/go');
    await erin.waitFor(/menu/);
    erin.press(/^Ne/);
    await erin.waitFor(/page 2/);

    expect(seen).toEqual(['sent 506 menu', 'answered next', 'edited page 2']);
  });
});
