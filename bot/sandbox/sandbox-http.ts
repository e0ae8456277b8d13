// HTTP plumbing of the sandbox server: security headers, the loopback/same-origin guard, bodies and answers.
import type http from 'node:http';

/** The page's policy: no inline scripts or styles, nothing from elsewhere, never framed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers every answer carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** An answer with a status and a message for the page. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Refuses requests a hostile web page could make through the user's browser: another Host (DNS rebinding),
 * another Origin, or a cross-site fetch. State-changing calls also need a non-simple content type, which a
 * cross-site page cannot send without a CORS preflight this server never grants.
 */
export function guardRequest(request: http.IncomingMessage, port: number): void {
  const host = request.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(421, 'unexpected Host header');
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'cross-origin request refused');
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request refused');
}

/** Checks a state-changing request's method and content type. */
export function requirePost(request: http.IncomingMessage, contentType: 'application/json' | 'application/octet-stream'): void {
  if (request.method !== 'POST') throw new HttpError(405, 'use POST');
  const given = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (given !== contentType) throw new HttpError(415, `expected ${contentType}`);
}

/** Reads the whole body, refusing more than `limit` bytes. */
export async function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, `larger than ${Math.floor(limit / 1024 / 1024)} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body. */
export async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  requirePost(request, 'application/json');
  const text = (await readBody(request, 64 * 1024)).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Answered below, as for any other shape.
  }
  throw new HttpError(400, 'expected a JSON object');
}

/** Writes a complete answer with the security headers. */
export function send(response: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

/** Writes a JSON answer that no cache keeps. */
export function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
}
