/** The client half of the fake Telegram: shaped like GramJS's `TelegramClient`, served by a `FakeTelegramWorld`. */
import type { Api } from 'telegram';
import { EntityCache } from 'telegram/entityCache.js';
import type { EventBuilder } from 'telegram/events/common.js';
import { returnBigInt } from 'telegram/Helpers.js';
import type { TelegramClientLike } from '../../../core/messengers/telegram/telegram-client.js';
import type { FakeTelegramAccount, FakeTelegramWorld } from './fake-telegram.js';
import type { SrpChallenge } from './telegram-srp.js';

interface LooseBuilder {
  resolved: boolean;
  resolve(client: unknown): Promise<void>;
  build(update: unknown, callback: unknown, selfId: unknown): unknown;
  filter(event: unknown): unknown;
}

/** Shaped like GramJS's `TelegramClient` as far as the adapter uses it. */
export class FakeTelegramClient implements TelegramClientLike {
  readonly session = { save: (): string => this.sessionString };
  sessionString: string;
  accountId: number | undefined;
  connected = false;
  destroyed = false;
  dc = 2;
  codeRequest: { phone: string; hash: string } | undefined;
  passwordPendingFor: FakeTelegramAccount | undefined;
  challenge: SrpChallenge | undefined;
  qrAcceptedBy: number | undefined;
  readonly handlers: [EventBuilder, CallableFunction][] = [];
  // What GramJS's `_setClient` touches when it finishes a message's init.
  readonly _entityCache = new EntityCache();
  readonly _log = { error: () => undefined, canSend: () => false };

  constructor(
    private readonly world: FakeTelegramWorld,
    saved: string,
  ) {
    this.sessionString = saved;
  }

  async connect(): Promise<boolean> {
    if (this.destroyed) throw new Error('client destroyed');
    this.connected = true;
    return true;
  }

  async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    if (!this.connected || this.destroyed) throw new Error('Cannot send requests while disconnected. You need to call .connect()');
    return this.world.handle(this, request);
  }

  addEventHandler(callback: CallableFunction, event: EventBuilder): void {
    this.handlers.push([event, callback]);
  }

  removeEventHandler(callback: CallableFunction, event: EventBuilder): void {
    const index = this.handlers.findIndex(([builder, handler]) => builder === event || handler === callback);
    if (index >= 0) this.handlers.splice(index, 1);
  }

  async _switchDC(dcId: number): Promise<boolean> {
    this.dc = dcId;
    return true;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.connected = false;
  }

  /** Delivers an update the way GramJS's `_dispatchUpdate` does: builder → build → filter → callback. */
  async dispatch(update: Api.TypeUpdate | Api.TypeUpdates, entities: Api.TypeUser[] = []): Promise<void> {
    const entityMap = new Map<string, Api.TypeUser>(entities.map((u) => [u.id.toString(), u]));
    (update as unknown as { _entities: Map<string, Api.TypeUser> })._entities = entityMap;
    const selfId = this.accountId === undefined ? undefined : returnBigInt(this.accountId);
    for (const [registered, callback] of [...this.handlers]) {
      // GramJS's builders are typed against the real client; the fake stands in for it here.
      const builder = registered as unknown as LooseBuilder;
      if (!builder.resolved) await builder.resolve(this);
      const event = builder.build(update, callback, selfId) as { _setClient?: (c: unknown) => void } | undefined;
      if (event === undefined) continue;
      if (typeof event._setClient === 'function') {
        (event as { originalUpdate?: unknown }).originalUpdate = update;
        event._setClient(this);
      }
      if (!builder.filter(event)) continue;
      await (callback as (e: unknown) => unknown)(event);
    }
  }
}
