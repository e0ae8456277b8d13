// Everything one emulated bot account consists of, passed to the method handlers.
import type { EventEmitter } from 'node:events';
import type { Clock } from '../../../core/clock.js';
import type { CallbackRegistry } from './callback-registry.js';
import type { ChatStore } from './chat-store.js';
import type { FileStore } from './file-store.js';
import type { UploadedFile } from './multipart.parser.js';
import type { Params } from './params.js';
import type { EmulatorEvents, TgBotUser } from './types.js';
import type { UpdateQueue } from './update-queue.js';
import type { WebhookDeliverer } from './webhook.deliverer.js';

/** A bot command as setMyCommands takes it. */
export interface BotCommand {
  command: string;
  description: string;
}

/** The emulated bot account. */
export interface EmulatorState {
  token: string;
  bot: TgBotUser;
  clock: Clock;
  events: EventEmitter<EmulatorEvents>;
  chats: ChatStore;
  files: FileStore;
  queue: UpdateQueue;
  webhook: WebhookDeliverer;
  callbacks: CallbackRegistry;
  /** Keyed by scope + language code (see commandKey). */
  commands: Map<string, BotCommand[]>;
  /** Keyed by chat id; `default` is the bot-wide button. */
  menuButtons: Map<number | 'default', Record<string, unknown>>;
}

/** One call as a handler sees it. */
export interface MethodCall {
  params: Params;
  files: Map<string, UploadedFile>;
  /** Aborted when the HTTP client goes away (ends a long poll). */
  signal: AbortSignal;
}

/** A method result that Telegram sends with a `description` (setWebhook, deleteWebhook). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

/** Implements one Bot API method. */
export type MethodHandler = (state: EmulatorState, call: MethodCall) => unknown;
