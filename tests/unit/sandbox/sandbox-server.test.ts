import { Api, InlineKeyboard, InputFile } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BOT_TOKEN } from '../../../bot/sandbox/sandbox-mode.js';
import { startSandboxServer, type SandboxServer } from '../../../bot/sandbox/sandbox-server.js';
import type { ChatItem } from '../../../bot/sandbox/sandbox-view.js';
import { SANDBOX_USERS } from '../../../bot/sandbox/sandbox-users.js';
import {
  createSimulatedDriver,
  ManualScheduler,
  PgSimulatedLedger,
  type SimulatedDriver,
} from '../../../core/messengers/simulated/index.js';
import { FakeClock } from '../../../core/clock.js';
import { createBotApiEmulator, type BotApiEmulator } from '../../../bot/sandbox/bot-api/index.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';
import { openSse, type SseStream } from './sse-client.js';

const alice = SANDBOX_USERS[0]!;
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('the sandbox server', () => {
  let database: TestDatabase;
  let emulator: BotApiEmulator;
  let server: SandboxServer;
  let whatsapp: SimulatedDriver;
  let bot: Api;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = await createBotApiEmulator({ token: SANDBOX_BOT_TOKEN });
    const clock = new FakeClock();
    whatsapp = createSimulatedDriver('whatsapp', { clock, scheduler: new ManualScheduler(clock) });
    server = await startSandboxServer({ emulator, db: database.db, port: 0, simulated: () => [whatsapp.control] });
    bot = new Api(SANDBOX_BOT_TOKEN, { apiRoot: emulator.apiRoot });
  });
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
    await database.drop();
  });

  const url = (p: string) => `${server.url}${p}`;
  const post = (p: string, body: unknown) => fetch(url(p), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  const stream = async (userId: number) => {
    const s = await openSse(url(`/api/users/${userId}/events`));
    streams.push(s);
    return s;
  };
  const isMessage = (pred: (m: ChatItem) => boolean) => (e: { event: string; data: unknown }) => e.event === 'message' && pred(e.data as ChatItem);

  it('binds to loopback and serves the page with a strict CSP and the other security headers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(url('/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const script = await fetch(url('/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(url('/nothing-here'))).status).toBe(404);
  });

  it('refuses other Host headers, other origins, cross-site fetches and form posts', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: `attacker.example:${server.port}` } }, (r) => {
          r.resume();
          resolve(r.statusCode!);
        })
        .on('error', reject);
    });
    expect(status).toBe(421);
    const foreign = await fetch(url(`/api/users/${alice.id}/send`), {
      method: 'POST',
      headers: { ...JSON_HEADERS, origin: 'http://attacker.example' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(foreign.status).toBe(403);
    const crossSite = await fetch(url('/api/users'), { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const form = await fetch(url(`/api/users/${alice.id}/send`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=hi',
    });
    expect(form.status).toBe(415);
    expect(emulator.chat(alice.id)?.messages.size ?? 0).toBe(0);
  });

  it('acts only as the sandbox users it offers', async () => {
    const users = (await (await fetch(url('/api/users'))).json()) as { id: number }[];
    expect(users.map((u) => u.id)).toEqual(SANDBOX_USERS.map((u) => u.id));
    expect((await post('/api/users/4242/send', { text: 'hi' })).status).toBe(404);
  });

  it('streams a snapshot, then the user message, the bot answer and its edit in place', async () => {
    const events = await stream(alice.id);
    const snapshot = await events.next((e) => e.event === 'snapshot');
    expect(snapshot.data).toEqual({ messages: [], commands: [] });

    expect((await post(`/api/users/${alice.id}/send`, { text: '/start' })).status).toBe(200);
    const own = await events.next(isMessage((m) => !m.fromBot));
    expect(own.data).toMatchObject({ text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });

    const sent = await bot.sendMessage(alice.id, '<b>Progress</b>: 0/3', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Pause', 'cp:pause:1').url('Docs', 'https://example.org'),
    });
    const first = await events.next(isMessage((m) => m.fromBot && m.id === sent.message_id));
    expect(first.data).toMatchObject({
      text: 'Progress: 0/3',
      entities: [{ type: 'bold', offset: 0, length: 8 }],
      buttons: [[{ text: 'Pause', data: 'cp:pause:1' }, { text: 'Docs', url: 'https://example.org' }]],
      edited: false,
    });
    await bot.editMessageText(alice.id, sent.message_id, 'Progress: 3/3');
    const edit = await events.next(isMessage((m) => m.id === sent.message_id && m.edited));
    expect((edit.data as ChatItem).text).toBe('Progress: 3/3');
  });

  it('presses only buttons the message shows, and shows the callback answer as a toast', async () => {
    await post(`/api/users/${alice.id}/send`, { text: 'menu' });
    const menu = await bot.sendMessage(alice.id, 'Menu', { reply_markup: new InlineKeyboard().text('Go', 'go') });
    const events = await stream(alice.id);
    expect((await post(`/api/users/${alice.id}/press`, { messageId: menu.message_id, data: 'forged' })).status).toBe(404);

    expect((await post(`/api/users/${alice.id}/press`, { messageId: menu.message_id, data: 'go' })).status).toBe(200);
    const updates = await bot.raw.getUpdates({ timeout: 0 });
    const query = updates.map((u) => u.callback_query).find((q) => q?.data === 'go');
    expect(query?.message?.message_id).toBe(menu.message_id);
    await bot.answerCallbackQuery(query!.id, { text: 'Campaign paused' });
    const toast = await events.next((e) => e.event === 'toast');
    expect(toast.data).toEqual({ text: 'Campaign paused', alert: false });
  });

  it('uploads a file as the user and serves the bot documents and photos for download', async () => {
    const csv = Buffer.from('name,phone\nAnna,+4915112348888\n');
    const upload = await fetch(url(`/api/users/${alice.id}/upload?name=${encodeURIComponent('Kontakte ü.csv')}`), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(upload.status).toBe(200);
    const { id } = (await upload.json()) as { id: number };
    const stored = emulator.chat(alice.id)!.messages.get(id)!.message;
    expect(stored.document).toMatchObject({ file_name: 'Kontakte ü.csv', mime_type: 'text/csv', file_size: csv.length });

    const doc = await bot.sendDocument(alice.id, new InputFile(Buffer.from('row,reason\n3,no phone\n'), 'rejected-rows.csv'));
    const download = await fetch(url(`/api/users/${alice.id}/messages/${doc.message_id}/file`));
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('content-disposition')).toContain('filename="rejected-rows.csv"');
    expect(await download.text()).toBe('row,reason\n3,no phone\n');

    // A 1×1 PNG: the QR code of a WhatsApp login arrives as a photo.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const photo = await bot.sendPhoto(alice.id, new InputFile(png, 'qr.png'), { caption: 'Scan me' });
    const image = await fetch(url(`/api/users/${alice.id}/messages/${photo.message_id}/file`));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(url(`/api/users/${alice.id}/messages/99999/file`))).status).toBe(404);
  });

  it('lists the command menu the bot set for the user', async () => {
    await bot.setMyCommands([{ command: 'menu', description: 'Main menu' }]);
    await bot.setMyCommands([{ command: 'menu', description: 'Hauptmenü' }], { language_code: 'de' });
    const events = await stream(alice.id);
    const snapshot = await events.next((e) => e.event === 'snapshot');
    expect((snapshot.data as { commands: unknown }).commands).toEqual([{ command: 'menu', description: 'Main menu' }]);
    await bot.setMyCommands([{ command: 'help', description: 'Help' }], { scope: { type: 'chat', chat_id: alice.id } });
    const update = await events.next((e) => e.event === 'commands');
    expect(update.data).toEqual([{ command: 'help', description: 'Help' }]);
  });

  it('shows what the simulated recipients received, newest first', async () => {
    const ledger = new PgSimulatedLedger(database.db.pool);
    const base = { platform: 'telegram' as const, accountPlatformUserId: '1000', recipientPlatformUserId: '2000', sentAt: new Date('2026-11-29T10:00:00Z') };
    await ledger.record({ ...base, clientMessageId: 'a', recipientAddress: 'username:replier_ben', text: 'Hello Ben' });
    await ledger.record({ ...base, clientMessageId: 'b', recipientAddress: 'phone:+393471237777', text: 'Hello Chiara' });
    const inbox = (await (await fetch(url('/api/inbox'))).json()) as { recipient: string; text: string }[];
    expect(inbox.map((e) => [e.recipient, e.text])).toEqual([
      ['+393471237777', 'Hello Chiara'],
      ['replier_ben', 'Hello Ben'],
    ]);
  });

  it('shows the login code and lets the simulated phone scan a pending QR login', async () => {
    const steps: string[] = [];
    await whatsapp.startLogin({ method: 'qr' }, { credentials: new MemoryCredentialStore(), onStep: async (s) => void steps.push(s.type) });
    const phone = (await (await fetch(url('/api/phone'))).json()) as Record<string, unknown>;
    expect(phone).toEqual({ loginCode: '12345', password: 'secret', pendingLinks: 1, canScan: true });
    const scan = (await (await post('/api/phone/scan', {})).json()) as { approved: number };
    expect(scan.approved).toBe(1);
    expect(steps).toEqual(['qr', 'done']);
    expect(((await (await fetch(url('/api/phone'))).json()) as { pendingLinks: number }).pendingLinks).toBe(0);
  });

  it('offers the sample contact file for download', async () => {
    const sample = await fetch(url('/sample/sandbox-contacts.csv'));
    expect(sample.headers.get('content-disposition')).toContain('attachment');
    const text = await sample.text();
    expect(text.split('\r\n')[0]).toBe('first_name,last_name,phone,telegram,company,city');
    expect(text).toMatch(/@replier_\w+/);
    expect(text).toMatch(/@stop_\w+/);
  });
});
