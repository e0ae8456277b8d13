// The Telegram objects the emulator stores and returns, in the Bot API's own JSON shape. Our own types
// (not grammY's) because this is a model of Telegram, shared by the tests and the browser sandbox.

/** A Telegram user (the bot itself or a test user). */
export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** The bot as `getMe` describes it (assignable to grammY's `UserFromGetMe`, so it can be `botInfo`). */
export interface TgBotUser extends TgUser {
  is_bot: true;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
  has_topics_enabled: boolean;
  allows_users_to_create_topics: boolean;
  can_manage_bots: boolean;
  supports_join_request_queries: boolean;
}

/** Only private chats exist in the emulator: chat id = user id. */
export interface TgChat {
  id: number;
  type: 'private';
  first_name: string;
  username?: string;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

/** Any inline button: `text` plus exactly one action field. */
export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [action: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgKeyboardButton {
  text: string;
  [option: string]: unknown;
}

export interface TgReplyKeyboardMarkup {
  keyboard: TgKeyboardButton[][];
  [option: string]: unknown;
}

export interface TgReplyKeyboardRemove {
  remove_keyboard: true;
  selective?: boolean;
}

export interface TgForceReply {
  force_reply: true;
  input_field_placeholder?: string;
  selective?: boolean;
}

export type TgReplyMarkup = TgInlineKeyboardMarkup | TgReplyKeyboardMarkup | TgReplyKeyboardRemove | TgForceReply;

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
  file_path?: string;
}

/** A message as the Bot API returns it. `reply_markup` only ever holds an inline keyboard. */
export interface TgMessage {
  message_id: number;
  from: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  document?: TgDocument;
  photo?: TgPhotoSize[];
  reply_markup?: TgInlineKeyboardMarkup;
  reply_to_message?: TgMessage;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

/** One update; exactly one payload field besides `update_id`. */
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  [payload: string]: unknown;
}

/** What a test user sees of a bot message: its current state plus how often it was edited. */
export type BotMessage = TgMessage & { editCount: number };

/** An answer the bot gave to a callback query. */
export interface CallbackAnswer {
  callbackQueryId: string;
  chatId: number | undefined;
  messageId: number | undefined;
  data: string | undefined;
  text?: string;
  showAlert: boolean;
  url?: string;
  cacheTime?: number;
}

/** One recorded Bot API call (also the ones answered with an error). */
export interface CallRecord {
  method: string;
  /** Parameters after decoding: JSON-valued fields (reply_markup, entities, commands, …) are objects. */
  params: Record<string, unknown>;
  /** Names of the uploaded file parts. */
  files: string[];
  ok: boolean;
  errorCode?: number;
  description?: string;
  /** `webhook-reply`: the method came back in the body of a webhook response. */
  via: 'http' | 'webhook-reply';
}

/** The change stream (for assertions and the browser sandbox). */
export interface EmulatorEvents {
  'message:sent': [event: { chatId: number; message: TgMessage }];
  'message:edited': [event: { chatId: number; message: TgMessage }];
  'message:deleted': [event: { chatId: number; messageId: number }];
  'callback:answered': [event: CallbackAnswer];
  'chat:action': [event: { chatId: number; action: string }];
  /** A user-side update entered the queue (the user's own message, a button press, …). */
  update: [event: { update: TgUpdate }];
  call: [event: CallRecord];
}
