// The HTTP face of the emulator: `/bot<token>/<method>` for API calls and `/file/bot<token>/<path>` for
// downloads, bound to 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotApiError, telegramError } from './api-error.js';
import type { Dispatcher } from './dispatcher.js';
import type { FileStore } from './file-store.js';
import { decodeRequest } from './request-body.parser.js';

/** A started server. */
export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.writableEnded || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

const sendError = (response: http.ServerResponse, error: BotApiError): void =>
  sendJson(response, error.errorCode, error.toJSON());

/** Starts the server on 127.0.0.1 (port 0 = any free port). */
export async function startHttpServer(
  token: string,
  port: number,
  dispatcher: Dispatcher,
  files: FileStore,
): Promise<RunningServer> {
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const api = /^\/bot([^/]*)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
    const download = /^\/file\/bot([^/]*)\/(.+)$/.exec(url.pathname);
    if (download !== null) {
      request.resume();
      if (decodeURIComponent(download[1]!) !== token) return sendError(response, telegramError('unauthorized'));
      const file = files.byFilePath(decodeURIComponent(download[2]!));
      if (file === undefined) return sendError(response, telegramError('notFound'));
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length });
      response.end(file.data);
      return;
    }
    if (api === null) {
      request.resume();
      return sendError(response, telegramError('notFound'));
    }
    if (decodeURIComponent(api[1]!) !== token) {
      request.resume();
      return sendError(response, telegramError('unauthorized'));
    }
    // A client that goes away (grammY aborting a long poll on stop) ends the call.
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    let decoded;
    try {
      decoded = await decodeRequest(request, url);
    } catch (error) {
      if (error instanceof BotApiError) return sendError(response, error);
      throw error;
    }
    const answer = await dispatcher.dispatch(api[2]!, decoded, abort.signal, 'http');
    sendJson(response, answer.status, answer.body);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
