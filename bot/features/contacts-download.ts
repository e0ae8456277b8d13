import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { Api } from 'grammy';

/**
 * Opens a file the user sent as a byte stream: getFile, then `${apiRoot}/file/bot${token}/${file_path}`.
 * A self-hosted Bot API server in `--local` mode answers with an absolute path on its disk instead.
 */
export async function openTelegramFile(api: Api, fileId: string): Promise<Readable> {
  const file = await api.getFile(fileId);
  const path = file.file_path;
  if (path === undefined) throw new Error('getFile returned no file_path');
  if (path.startsWith('/')) return createReadStream(path);
  const root = api.options?.apiRoot ?? 'https://api.telegram.org';
  const response = await fetch(`${root}/file/bot${api.token}/${path}`);
  if (!response.ok || response.body === null) throw new Error(`file download failed with HTTP ${response.status}`);
  return Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
}
