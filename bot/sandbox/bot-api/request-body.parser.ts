// Decodes a Bot API request into parameters and uploaded files: query string plus a JSON, urlencoded or
// multipart body, which are the encodings Telegram accepts.
import type { IncomingMessage } from 'node:http';
import { badRequest, telegramError } from './api-error.js';
import { multipartBoundary, MultipartError, parseMultipart, type UploadedFile } from './multipart.parser.js';
import { isObject, type Params } from './params.js';

/** Telegram refuses bot uploads over 50 MB; the emulator stops reading a little above that. */
const MAX_BODY_BYTES = 50 * 1024 * 1024 + 64 * 1024;

/** A decoded request. */
export interface DecodedRequest {
  params: Params;
  files: Map<string, UploadedFile>;
}

/** Reads the whole body (bounded) and decodes it according to its content type. */
export async function decodeRequest(request: IncomingMessage, url: URL): Promise<DecodedRequest> {
  const params: Params = Object.fromEntries(url.searchParams);
  const body = await readBody(request);
  const contentType = request.headers['content-type'] ?? '';
  if (body.length === 0) return { params, files: new Map() };
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw badRequest("can't parse JSON body");
    }
    if (!isObject(parsed)) throw badRequest('JSON body must be an object');
    return { params: { ...params, ...parsed }, files: new Map() };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = multipartBoundary(contentType);
    if (boundary === undefined) throw badRequest("can't find multipart boundary");
    try {
      const { fields, files } = parseMultipart(body, boundary);
      return { params: { ...params, ...fields }, files };
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(error.message);
      throw error;
    }
  }
  // Telegram treats any other body as urlencoded form data.
  return { params: { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }, files: new Map() };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw telegramError('requestTooLarge');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
