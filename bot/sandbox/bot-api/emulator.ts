// createBotApiEmulator: wires the stores, the method handlers and the HTTP server into one running fake
// of api.telegram.org for one bot.
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../../../core/clock.js';
import { CallbackRegistry } from './callback-registry.js';
import { ChatStore, type ChatState } from './chat-store.js';
import { Dispatcher, type InjectedFailure } from './dispatcher.js';
import { FileStore } from './file-store.js';
import { startHttpServer } from './http-server.js';
import { botMethods } from './methods/bot.methods.js';
import { fileMethods } from './methods/file.methods.js';
import { messageMethods } from './methods/message.methods.js';
import { updateMethods } from './methods/update.methods.js';
import type { EmulatorState } from './state.js';
import { pushUpdate, TestUser, type TestUserProfile } from './test-user.js';
import type { CallRecord, EmulatorEvents, TgBotUser, TgUpdate } from './types.js';
import { UpdateQueue } from './update-queue.js';
import { WebhookDeliverer } from './webhook.deliverer.js';

/** Options of createBotApiEmulator. */
export interface BotApiEmulatorOptions {
  /** Default `123456:TEST`; the bot's user id is the part before the colon. */
  token?: string;
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
  /** Default `contactd_test_bot`. */
  botUsername?: string;
  /** Default `Contactd`. */
  botFirstName?: string;
  /** Where message dates come from; default the system clock. */
  clock?: Clock;
  /** Pause before redelivering a webhook update that failed; default 200 ms. */
  webhookRetryDelayMs?: number;
}

/** A running emulator. */
export interface BotApiEmulator {
  /** Pass as grammY's `client.apiRoot` (no trailing slash). */
  readonly apiRoot: string;
  readonly token: string;
  /** What getMe answers; pass as grammY's `botInfo` to skip the getMe call. */
  readonly botInfo: TgBotUser;
  /** Every API call so far, oldest first. */
  readonly calls: readonly CallRecord[];
  /** The calls of one method (case-insensitive). */
  callsOf(method: string): CallRecord[];
  /** The next `times` (default 1) calls of `method` answer this error instead of running. */
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  /** A user in a private chat with the bot. */
  user(profile: TestUserProfile): TestUser;
  /** Raw escape hatch: queue any update payload (e.g. `{ my_chat_member: … }`). */
  enqueueUpdate(payload: Omit<TgUpdate, 'update_id'>): TgUpdate | undefined;
  /** The stored state of a chat, for inspection. */
  chat(chatId: number): ChatState | undefined;
  /** The change stream. */
  readonly events: EventEmitter<EmulatorEvents>;
  /** Subscribes to the change stream. */
  on<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): void;
  /** Unsubscribes. */
  off<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): void;
  /** Stops the server, ends long polls and webhook delivery, and closes every connection. */
  close(): Promise<void>;
}

/** Starts a Bot API emulator on 127.0.0.1. */
export async function createBotApiEmulator(options: BotApiEmulatorOptions = {}): Promise<BotApiEmulator> {
  const token = options.token ?? '123456:TEST';
  const botId = Number(token.split(':')[0]);
  if (!Number.isSafeInteger(botId) || botId <= 0) throw new Error(`The token must start with the bot id: "${token}"`);
  const clock = options.clock ?? systemClock;
  const bot: TgBotUser = {
    id: botId,
    is_bot: true,
    first_name: options.botFirstName ?? 'Contactd',
    username: options.botUsername ?? 'contactd_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const events = new EventEmitter<EmulatorEvents>();
  // The queue wakes the webhook and webhook replies run through the dispatcher: closures tie the cycle.
  const queue = new UpdateQueue(() => webhook.kick());
  const webhook: WebhookDeliverer = new WebhookDeliverer(
    queue,
    clock,
    async (method, params) => {
      await dispatcher.dispatch(method, { params, files: new Map() }, new AbortController().signal, 'webhook-reply');
    },
    options.webhookRetryDelayMs ?? 200,
  );
  const state: EmulatorState = {
    token,
    bot,
    clock,
    events,
    chats: new ChatStore(bot, clock, events),
    files: new FileStore(),
    queue,
    webhook,
    callbacks: new CallbackRegistry(),
    commands: new Map(),
    menuButtons: new Map(),
  };
  const dispatcher = new Dispatcher(state, [botMethods, messageMethods, fileMethods, updateMethods]);
  const server = await startHttpServer(token, options.port ?? 0, dispatcher, state.files);
  const users = new Map<number, TestUser>();

  const emulator: BotApiEmulator = {
    apiRoot: `http://127.0.0.1:${server.port}`,
    token,
    botInfo: bot,
    calls: dispatcher.calls,
    callsOf: (method) => dispatcher.calls.filter((call) => call.method.toLowerCase() === method.toLowerCase()),
    failNext: (method, failure, times) => dispatcher.failNext(method, failure, times),
    user: (profile) => {
      const existing = users.get(profile.id);
      if (existing !== undefined) return existing;
      const created = new TestUser(state, profile);
      users.set(profile.id, created);
      return created;
    },
    enqueueUpdate: (payload) => pushUpdate(state, payload),
    chat: (chatId) => state.chats.get(chatId),
    events,
    // The casts only bridge TypeScript's view of the generic listener; the event map is the same.
    on: (event, listener) => void events.on(event, listener as never),
    off: (event, listener) => void events.off(event, listener as never),
    close: async () => {
      queue.terminateWaiter('empty');
      webhook.close();
      await server.close();
      events.removeAllListeners();
    },
  };
  return emulator;
}
