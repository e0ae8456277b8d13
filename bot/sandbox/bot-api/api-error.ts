// Errors in the Bot API's wire shape. Descriptions are Telegram's own strings (from api.telegram.org
// answers and tdlib/telegram-bot-api), so code that matches on them behaves as it will in production.

/** Extra error data Telegram sends for flood control and group migrations. */
export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** A failed Bot API call: becomes `{ ok: false, error_code, description, parameters? }`. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  /** The JSON body Telegram would answer with. */
  toJSON(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters === undefined ? {} : { parameters: this.parameters }),
    };
  }
}

/** 400 with Telegram's `Bad Request: ` prefix. */
export const badRequest = (detail: string): BotApiError => new BotApiError(400, `Bad Request: ${detail}`);

/** 403 with Telegram's `Forbidden: ` prefix. */
export const forbidden = (detail: string): BotApiError => new BotApiError(403, `Forbidden: ${detail}`);

/** 409 with Telegram's `Conflict: ` prefix. */
export const conflict = (detail: string): BotApiError => new BotApiError(409, `Conflict: ${detail}`);

/** Telegram's exact error texts, in one place so tests can import them instead of retyping. */
export const TelegramErrors = {
  unauthorized: 'Unauthorized',
  notFound: 'Not Found',
  chatIdEmpty: 'Bad Request: chat_id is empty',
  chatNotFound: 'Bad Request: chat not found',
  textEmpty: 'Bad Request: message text is empty',
  textTooLong: 'Bad Request: message is too long',
  captionTooLong: 'Bad Request: message caption is too long',
  notModified:
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  messageToEditNotFound: 'Bad Request: message to edit not found',
  messageToDeleteNotFound: 'Bad Request: message to delete not found',
  messageCantBeEdited: "Bad Request: message can't be edited",
  noTextToEdit: 'Bad Request: there is no text in the message to edit',
  noCaptionToEdit: 'Bad Request: there is no caption in the message to edit',
  messageIdEmpty: 'Bad Request: message identifier is not specified',
  replyNotFound: 'Bad Request: message to be replied not found',
  buttonDataInvalid: 'Bad Request: BUTTON_DATA_INVALID',
  queryIdInvalid: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  answerTooLong: 'Bad Request: MESSAGE_TOO_LONG',
  fileTooBig: 'Bad Request: file is too big',
  invalidFileId: 'Bad Request: invalid file_id',
  wrongFileId: 'Bad Request: wrong file identifier/HTTP URL specified',
  fileEmpty: 'Bad Request: file must be non-empty',
  imageProcessFailed: 'Bad Request: IMAGE_PROCESS_FAILED',
  urlContentFailed: 'Bad Request: failed to get HTTP URL content',
  unsupportedParseMode: 'Bad Request: unsupported parse_mode',
  wrongChatAction: 'Bad Request: wrong parameter action in request',
  botBlocked: 'Forbidden: bot was blocked by the user',
  cantInitiate: "Forbidden: bot can't initiate conversation with a user",
  webhookActive:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  otherGetUpdates:
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  terminatedBySetWebhook: 'Conflict: terminated by setWebhook request',
  webhookNeedsHttps: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
  invalidWebhookUrl: 'Bad Request: invalid webhook URL specified',
  secretTokenTooLong: 'Bad Request: secret token is too long',
  secretTokenInvalid: 'Bad Request: secret token contains unallowed characters',
  requestTooLarge: 'Request Entity Too Large',
} as const;

/** An error with one of the exact strings above (the status code is its prefix's). */
export function telegramError(key: keyof typeof TelegramErrors): BotApiError {
  const description = TelegramErrors[key];
  const code = description.startsWith('Bad Request')
    ? 400
    : description.startsWith('Forbidden')
      ? 403
      : description.startsWith('Conflict')
        ? 409
        : description === 'Unauthorized'
          ? 401
          : description === 'Not Found'
            ? 404
            : 413;
  return new BotApiError(code, description);
}
