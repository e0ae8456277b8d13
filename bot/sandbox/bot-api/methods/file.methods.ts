// sendDocument, sendPhoto and getFile. Files arrive as multipart parts (directly under the field name
// or referenced as attach://<part>), or as the file_id of a file the emulator already holds.
import { badRequest, telegramError } from '../api-error.js';
import { documentOf, fileOf, MAX_DOWNLOAD_BYTES, photoSizeOf, type StoredFile } from '../file-store.js';
import { formatCaption } from '../formatted-text.js';
import { imageSize, photoLadder } from '../image-size.js';
import type { UploadedFile } from '../multipart.parser.js';
import { optionalString, requireChatId } from '../params.js';
import { validateReplyMarkup } from '../reply-markup.validator.js';
import type { EmulatorState, MethodCall, MethodHandler } from '../state.js';
import type { TgMessage, TgPhotoSize } from '../types.js';
import { captionFields, inlineOf, replyTarget } from './message.methods.js';

/** Telegram accepts bot uploads up to 50 MB. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** A fresh upload, or the file_id of a stored file. */
type InputFile = { upload: UploadedFile } | { existing: string };

function inputFile(call: MethodCall, field: string): InputFile {
  const value = optionalString(call.params, field);
  if (value?.startsWith('attach://') === true) {
    const part = call.files.get(value.slice('attach://'.length));
    if (part === undefined) throw badRequest(`there is no ${field} in the request`);
    return { upload: part };
  }
  const direct = call.files.get(field);
  if (direct !== undefined) return { upload: direct };
  if (value === undefined || value === '') throw badRequest(`there is no ${field} in the request`);
  // The emulator never fetches URLs: that would leave the machine.
  if (/^https?:\/\//i.test(value)) throw telegramError('urlContentFailed');
  return { existing: value };
}

function checkUpload(part: UploadedFile): void {
  if (part.data.length === 0) throw telegramError('fileEmpty');
  if (part.data.length > MAX_UPLOAD_BYTES) throw telegramError('requestTooLarge');
}

function storedById(state: EmulatorState, fileId: string): StoredFile {
  const file = state.files.get(fileId);
  if (file === undefined) throw telegramError('wrongFileId');
  return file;
}

/** Stores an image as Telegram does: one file per PhotoSize (the emulator keeps the original bytes in each). */
export function storePhoto(state: EmulatorState, data: Buffer): TgPhotoSize[] {
  const size = imageSize(data);
  if (size === undefined) throw telegramError('imageProcessFailed');
  const files = photoLadder(size).map((dimensions) => ({ dimensions, file: state.files.add('photo', data) }));
  const sizes = files.map(({ dimensions, file }) => photoSizeOf(file, dimensions.width, dimensions.height));
  for (const { file } of files) file.photoSizes = sizes;
  return sizes;
}

/** Sends a media message after the common caption, markup and chat checks. */
function sendMedia(state: EmulatorState, call: MethodCall, media: () => Pick<TgMessage, 'document' | 'photo'>): TgMessage {
  const chatId = requireChatId(call.params);
  const caption = formatCaption(
    optionalString(call.params, 'caption'),
    optionalString(call.params, 'parse_mode'),
    call.params.caption_entities,
  );
  const markup = validateReplyMarkup(call.params.reply_markup);
  state.chats.requireWritable(chatId);
  const inline = inlineOf(markup);
  return state.chats.addBotMessage(
    chatId,
    {
      ...media(),
      ...captionFields(caption),
      ...(inline === undefined ? {} : { reply_markup: inline }),
      ...replyTarget(state, chatId, call.params),
    },
    markup,
  );
}

const sendDocument: MethodHandler = (state, call) =>
  sendMedia(state, call, () => {
    const input = inputFile(call, 'document');
    if ('existing' in input) return { document: documentOf(storedById(state, input.existing)) };
    checkUpload(input.upload);
    return { document: documentOf(state.files.add('document', input.upload.data, input.upload.fileName)) };
  });

const sendPhoto: MethodHandler = (state, call) =>
  sendMedia(state, call, () => {
    const input = inputFile(call, 'photo');
    if ('existing' in input) {
      const file = storedById(state, input.existing);
      return { photo: file.photoSizes ?? storePhoto(state, file.data) };
    }
    checkUpload(input.upload);
    return { photo: storePhoto(state, input.upload.data) };
  });

const getFile: MethodHandler = (state, { params }) => {
  const fileId = optionalString(params, 'file_id');
  if (fileId === undefined || fileId === '') throw badRequest('file_id not specified');
  const file = state.files.get(fileId);
  if (file === undefined) throw telegramError('invalidFileId');
  if (file.data.length > MAX_DOWNLOAD_BYTES) throw telegramError('fileTooBig');
  return fileOf(file);
};

/** Handlers by method name. */
export const fileMethods: Record<string, MethodHandler> = { sendDocument, sendPhoto, getFile };
