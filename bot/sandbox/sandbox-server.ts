// The sandbox's web server on 127.0.0.1: the static chat page, one SSE stream per chat pane, and the actions
// a Telegram user takes (write, press a button, send a file, download one), all through the Bot API emulator.
// Also the simulated world: the phone that shows login codes and scans QR codes, and the recipients' inbox.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Database } from '../../core/db/database.js';
import {
  PgSimulatedLedger,
  SIMULATED_LOGIN_CODE,
  SIMULATED_PASSWORD,
  type SimulatedControl,
} from '../../core/messengers/simulated/index.js';
import type { BotApiEmulator, TestUser } from './bot-api/index.js';
import { streamChat } from './sandbox-events.js';
import { guardRequest, HttpError, readBody, readJson, requirePost, send, sendJson } from './sandbox-http.js';
import { SAMPLE_CONTACTS_FILE, sampleContactsCsv } from './sample-contacts.js';
import { sandboxUser, SANDBOX_USERS } from './sandbox-users.js';

/** The sandbox listens on loopback only: it has no authentication. */
export const SANDBOX_HOST = '127.0.0.1';
/** Uploads above this are refused (Telegram's bots cannot download more than 20 MB anyway). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Entries the recipients' inbox panel shows, newest first. */
const INBOX_LIMIT = 100;

const PUBLIC_DIR = path.join(import.meta.dirname, 'public');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

export interface SandboxServerOptions {
  emulator: BotApiEmulator;
  db: Database;
  /** 0 = any free port. */
  port: number;
  /** The simulated platforms' levers (read on every call: the application may create them late). */
  simulated: () => readonly SimulatedControl[];
}

/** A running sandbox server. */
export interface SandboxServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

function imageType(data: Buffer): string {
  if (data.subarray(0, 4).toString('latin1') === '\x89PNG') return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return 'image/jpeg';
}

/** `Content-Disposition` with a UTF-8 file name (RFC 6266), and an ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Starts the server; rejects when the port is taken. */
export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const { emulator } = options;
  const statics = new Map(Object.entries(STATIC_FILES).map(([route, f]) => [route, { body: readFileSync(path.join(PUBLIC_DIR, f.file)), type: f.type }]));
  const ledger = new PgSimulatedLedger(options.db.pool);
  // Every open chat pane listens to seven event kinds; several tabs exceed Node's default of ten per kind.
  emulator.events.setMaxListeners(200);
  const streams = new Set<() => void>();
  let port = options.port;

  const userFrom = (id: string): TestUser => {
    const profile = sandboxUser(Number(id));
    if (!profile) throw new HttpError(404, 'no such sandbox user');
    return emulator.user(profile);
  };

  const storedMessage = (user: TestUser, messageId: string) => {
    const stored = emulator.chat(user.id)?.messages.get(Number(messageId));
    if (!stored || stored.deleted) throw new HttpError(404, 'no such message');
    return stored.message;
  };

  const routes: Array<[RegExp, (request: http.IncomingMessage, response: http.ServerResponse, match: string[], url: URL) => Promise<void>]> = [
    [/^\/api\/users$/, async (_q, response) => sendJson(response, 200, SANDBOX_USERS)],
    [
      /^\/api\/users\/(\d+)\/events$/,
      async (_q, response, [, id]) => {
        const user = userFrom(id!);
        const stop = streamChat(emulator, user.id, user.profile.language_code ?? 'en', response);
        streams.add(stop);
        response.on('close', () => streams.delete(stop));
      },
    ],
    [
      /^\/api\/users\/(\d+)\/send$/,
      async (request, response, [, id]) => {
        const user = userFrom(id!);
        const { text } = await readJson(request);
        if (typeof text !== 'string' || text.trim() === '' || text.length > 4096) throw new HttpError(400, 'text must be 1–4096 characters');
        sendJson(response, 200, { id: user.send(text).message_id });
      },
    ],
    [
      /^\/api\/users\/(\d+)\/press$/,
      async (request, response, [, id]) => {
        const user = userFrom(id!);
        const { messageId, data } = await readJson(request);
        if (typeof data !== 'string' || typeof messageId !== 'number') throw new HttpError(400, 'expected messageId and data');
        // Only buttons the chat really shows, as a Telegram client would.
        const shown = storedMessage(user, String(messageId)).reply_markup?.inline_keyboard.flat().some((b) => b.callback_data === data);
        if (!shown) throw new HttpError(404, 'that message has no such button');
        user.pressData(data, messageId);
        sendJson(response, 200, { ok: true });
      },
    ],
    [
      /^\/api\/users\/(\d+)\/upload$/,
      async (request, response, [, id], url) => {
        const user = userFrom(id!);
        requirePost(request, 'application/octet-stream');
        const name = (url.searchParams.get('name') ?? '').trim();
        if (name === '' || name.length > 255 || /[/\\]/.test(name)) throw new HttpError(400, 'a file name without slashes is required');
        const content = await readBody(request, MAX_UPLOAD_BYTES);
        if (content.length === 0) throw new HttpError(400, 'the file is empty');
        const caption = url.searchParams.get('caption') ?? undefined;
        sendJson(response, 200, { id: user.upload(name, content, caption ? { caption } : {}).message_id });
      },
    ],
    [
      /^\/api\/users\/(\d+)\/messages\/(\d+)\/file$/,
      async (_q, response, [, id, messageId]) => {
        const user = userFrom(id!);
        const message = storedMessage(user, messageId!);
        const data = (() => {
          try {
            return user.download(message);
          } catch {
            throw new HttpError(404, 'that message has no file');
          }
        })();
        if (message.document) {
          send(response, 200, data, {
            'content-type': 'application/octet-stream',
            'content-disposition': attachment(message.document.file_name ?? 'file'),
            'cache-control': 'no-store',
          });
        } else {
          send(response, 200, data, { 'content-type': imageType(data), 'cache-control': 'no-store' });
        }
      },
    ],
    [
      /^\/api\/inbox$/,
      async (_q, response) => {
        const entries = (await ledger.list()).slice(-INBOX_LIMIT).reverse();
        sendJson(
          response,
          200,
          entries.map((e) => ({
            id: e.id,
            platform: e.platform,
            account: e.accountPlatformUserId,
            recipient: e.recipientAddress.replace(/^(phone|username):/, '').replace(/@s\.whatsapp\.net$/, ''),
            text: e.text,
            sentAt: e.sentAt.toISOString(),
          })),
        );
      },
    ],
    [
      /^\/api\/phone$/,
      async (_q, response) => {
        const pending = options.simulated().reduce((n, c) => n + c.pendingLinks().reduce((m, l) => m + l.values.length, 0), 0);
        sendJson(response, 200, { loginCode: SIMULATED_LOGIN_CODE, password: SIMULATED_PASSWORD, pendingLinks: pending, canScan: options.simulated().length > 0 });
      },
    ],
    [
      /^\/api\/phone\/scan$/,
      async (request, response) => {
        await readJson(request);
        let approved = 0;
        for (const control of options.simulated()) approved += await control.approvePendingLinks();
        sendJson(response, 200, { approved });
      },
    ],
    [
      new RegExp(`^/sample/${SAMPLE_CONTACTS_FILE.replace('.', '\\.')}$`),
      async (_q, response) => send(response, 200, sampleContactsCsv(), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(SAMPLE_CONTACTS_FILE) }),
    ],
  ];

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    guardRequest(request, port);
    const url = new URL(request.url ?? '/', `http://${SANDBOX_HOST}`);
    const asset = statics.get(url.pathname);
    if (asset && (request.method === 'GET' || request.method === 'HEAD')) return send(response, 200, asset.body, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    for (const [pattern, route] of routes) {
      const match = pattern.exec(url.pathname);
      if (match) return route(request, response, [...match], url);
    }
    throw new HttpError(404, 'not found');
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      request.resume();
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, status, { error: message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, SANDBOX_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SANDBOX_HOST}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stop of [...streams]) stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
