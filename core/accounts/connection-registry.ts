import type { IncomingMessage, MessengerConnection, Platform } from '../messengers/messenger.js';

/** An account whose live connection this process holds under a lease. */
export interface LiveAccount {
  accountId: number;
  userId: number;
  /** The owner's Telegram chat id, for notifications. */
  chatId: number;
  platform: Platform;
  /** The lease's fencing token; every credential write and send checks it is still current. */
  fencingToken: number;
  connection: MessengerConnection;
}

/**
 * The live connections of the accounts this worker holds (implemented by the session host in workers/).
 * The delivery dispatcher sends only through accounts listed here, so one account is used by one process.
 */
export interface ConnectionRegistry {
  get(accountId: number): LiveAccount | undefined;
  held(): LiveAccount[];
  /** Called for every incoming message on any held account (replies). */
  onIncoming(handler: (account: LiveAccount, message: IncomingMessage) => Promise<void>): void;
  /**
   * Called after an account (re)connects and before the dispatcher may send through it again: the place to
   * backfill replies missed while it was offline.
   */
  onConnected(handler: (account: LiveAccount) => Promise<void>): void;
}
