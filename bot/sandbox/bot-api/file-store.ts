// Every file the emulator knows: uploads by the bot and by test users. A file has a file_id (what the
// bot sends back to reuse it), a unique id and, once asked for with getFile, a file_path to download.
import { extname } from 'node:path';
import type { TgDocument, TgFile, TgPhotoSize } from './types.js';

/** Bots may download files up to 20 MB through the Bot API. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** One stored file. */
export interface StoredFile {
  fileId: string;
  uniqueId: string;
  kind: 'document' | 'photo';
  fileName: string | undefined;
  mimeType: string | undefined;
  data: Buffer;
  filePath: string;
  /** For photos: the whole PhotoSize array this file belongs to (re-sending by file_id reuses it). */
  photoSizes?: TgPhotoSize[];
}

const MIME_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.vcf': 'text/x-vcard',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};

/** The MIME type Telegram derives from a file name (it ignores the uploader's content type). */
export const mimeTypeOf = (fileName: string | undefined): string =>
  MIME_TYPES[extname(fileName ?? '').toLowerCase()] ?? 'application/octet-stream';

/** In-memory file storage with Telegram-like identifiers and paths. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private sequence = 0;

  /** Stores bytes and returns the new file. */
  add(kind: StoredFile['kind'], data: Buffer, fileName?: string, mimeType?: string): StoredFile {
    this.sequence += 1;
    const n = this.sequence;
    const extension = kind === 'photo' ? '.jpg' : extname(fileName ?? '');
    const file: StoredFile = {
      fileId: `${kind === 'photo' ? 'AgAC' : 'BQAC'}${n.toString(36).padStart(6, '0')}emulated`,
      uniqueId: `AQAD${n.toString(36).padStart(6, '0')}`,
      kind,
      fileName,
      mimeType: kind === 'photo' ? undefined : (mimeType ?? mimeTypeOf(fileName)),
      data,
      filePath: `${kind === 'photo' ? 'photos' : 'documents'}/file_${n}${extension}`,
    };
    this.files.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }

  /** The file with this file_id. */
  get(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** The file behind a download path (`documents/file_3.csv`). */
  byFilePath(filePath: string): StoredFile | undefined {
    return this.byPath.get(filePath);
  }
}

/** The Document object of a stored file. */
export const documentOf = (file: StoredFile): TgDocument => ({
  file_id: file.fileId,
  file_unique_id: file.uniqueId,
  ...(file.fileName === undefined ? {} : { file_name: file.fileName }),
  ...(file.mimeType === undefined ? {} : { mime_type: file.mimeType }),
  file_size: file.data.length,
});

/** The PhotoSize object of a stored photo file. */
export const photoSizeOf = (file: StoredFile, width: number, height: number): TgPhotoSize => ({
  file_id: file.fileId,
  file_unique_id: file.uniqueId,
  width,
  height,
  file_size: file.data.length,
});

/** The File object getFile answers with. */
export const fileOf = (file: StoredFile): TgFile => ({
  file_id: file.fileId,
  file_unique_id: file.uniqueId,
  file_size: file.data.length,
  file_path: file.filePath,
});
