/**
 * The part of GramJS's `TelegramClient` the adapter uses, so tests can hand in a fake with the same
 * shape. Only this folder imports `telegram` (LIBRARY-NOTES: a switch to the `teleproto` fork must stay
 * one folder's change).
 */
import { TelegramClient, type Api } from 'telegram';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js';
import type { EventBuilder } from 'telegram/events/common.js';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import type { NewMessage, NewMessageEvent } from 'telegram/events/NewMessage.js';
import { StringSession } from 'telegram/sessions/index.js';

export interface TelegramClientLike {
  /** A `StringSession` in production; `save()` returns the string we store. */
  readonly session: { save(): unknown };
  connect(): Promise<unknown>;
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
  addEventHandler(callback: (event: NewMessageEvent) => void, event: NewMessage): void;
  /** With a `Raw` builder: called with each matching raw update. */
  addEventHandler(callback: (update: Api.TypeUpdate) => void, event: EventBuilder): void;
  removeEventHandler(callback: CallableFunction, event: EventBuilder): void;
  /** GramJS's own QR login uses this to follow `auth.LoginTokenMigrateTo`. */
  _switchDC(dcId: number): Promise<unknown>;
  destroy(): Promise<void>;
}

/** Builds a client over a (possibly empty) saved session string. */
export type TelegramClientFactory = (savedSession: string) => TelegramClientLike;

/**
 * Options of the production client. `floodSleepThreshold: 0` makes every flood wait reach the adapter
 * (the default silently sleeps through waits up to 60 s, hiding them from our pacing).
 */
export const GRAMJS_CLIENT_PARAMS = {
  floodSleepThreshold: 0,
  connectionRetries: 5,
  autoReconnect: true,
} as const satisfies TelegramClientParams;

/** The production factory: a real GramJS client. */
export function gramJsClientFactory(apiId: number, apiHash: string): TelegramClientFactory {
  return (savedSession) =>
    new TelegramClient(new StringSession(savedSession), apiId, apiHash, {
      ...GRAMJS_CLIENT_PARAMS,
      // GramJS logs every connect at info level straight to stdout; keep only its errors.
      baseLogger: new Logger(LogLevel.ERROR),
    });
}

/** The saved session string of a client (GramJS types `save()` loosely on the abstract `Session`). */
export function savedSessionOf(client: TelegramClientLike): string {
  const saved = client.session.save();
  if (typeof saved !== 'string' || saved === '') throw new Error('Telegram session could not be saved');
  return saved;
}
