import type pg from 'pg';
import type { Clock } from '../../core/clock.js';
import type { ConnectionRegistry, LiveAccount } from '../../core/accounts/connection-registry.js';
import type { Logger } from '../../core/logging/logger.js';
import type { Platform } from '../../core/messengers/messenger.js';
import type { Notifier } from '../../core/notifier.js';
import type { RandomSource } from '../../core/random.js';
import { KNOWN_PEERS_LIMIT, recordIncomingPeer, syncKnownPeers } from '../../core/delivery/account-peers.js';
import { CampaignMaintenance } from '../../core/delivery/campaign-maintenance.js';
import { DeliveryDispatcher, DEFAULT_DISPATCHER_OPTIONS, type DispatcherOptions } from '../../core/delivery/delivery-dispatcher.js';
import { DEFAULT_STOP_WORDS, ReplyHandler } from '../../core/delivery/reply-handler.js';

export interface DeliveryEngineOptions extends DispatcherOptions {
  /** Pause after a round that found less than a full batch. */
  idleMs: number;
  /** How often follow-ups, progress and completion are looked at. */
  maintenanceMs: number;
  progressIntervalMs: number;
  /** How far back a reconnected account looks for replies it missed. */
  backfillMs: number;
  /**
   * How often a held account's dialogs and address book are read again into `account_peers`, besides on connect:
   * only peers matching the user's contacts are kept, so contacts imported after connecting become warm too.
   */
  peerSyncMs: number;
  stopWords: readonly string[];
}

export const DEFAULT_ENGINE_OPTIONS: DeliveryEngineOptions = {
  ...DEFAULT_DISPATCHER_OPTIONS,
  idleMs: 500,
  maintenanceMs: 2_000,
  progressIntervalMs: 4_000,
  backfillMs: 24 * 3_600_000,
  peerSyncMs: 3_600_000,
  stopWords: DEFAULT_STOP_WORDS,
};

export interface DeliveryEngineDeps {
  pool: pg.Pool;
  clock: Clock;
  registry: ConnectionRegistry;
  newClientMessageId: (platform: Platform) => string;
  notifier?: Notifier;
  logger: Logger;
  /** Pauses of re-planned queues; default: crypto randomness. */
  random?: RandomSource;
}

export interface DeliveryEngine {
  readonly dispatcher: DeliveryDispatcher;
  readonly replies: ReplyHandler;
  readonly maintenance: CampaignMaintenance;
  stop(): Promise<void>;
}

/**
 * Starts this worker's delivery loop: one dispatcher over the accounts it holds (not one job per message),
 * reply handling on every held account, and periodic campaign maintenance. `stop` lets the current round
 * finish, so no claim is left half-done by a clean shutdown.
 */
export function startDeliveryEngine(deps: DeliveryEngineDeps, options: Partial<DeliveryEngineOptions> = {}): DeliveryEngine {
  const opts = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  // Lateness within two idle pauses is this loop's own rhythm, not a queue that fell behind.
  opts.catchUpGraceMs = Math.max(opts.catchUpGraceMs, 2 * opts.idleMs);
  const dispatcher = new DeliveryDispatcher(
    {
      pool: deps.pool,
      clock: deps.clock,
      registry: deps.registry,
      newClientMessageId: deps.newClientMessageId,
      notifier: deps.notifier,
      ...(deps.random ? { random: deps.random } : {}),
    },
    opts,
  );
  const replies = new ReplyHandler(deps.pool, deps.clock, deps.notifier, opts.stopWords);
  const maintenance = new CampaignMaintenance(deps.pool, deps.clock, deps.notifier, {
    progressIntervalMs: opts.progressIntervalMs,
    catchUp: { maxAgeMs: opts.catchUpMaxAgeMs, followUpMaxAgeMs: opts.followUpMaxAgeMs },
    ...(deps.random ? { random: deps.random } : {}),
  });

  deps.registry.onIncoming(async (account, message) => {
    const reply = await replies.handle(account, message).catch((err: unknown) => {
      deps.logger.error({ err, action: 'delivery.reply_failed' }, 'reply not processed');
      return null;
    });
    await recordIncomingPeer(deps.pool, account, message, reply?.deliveryId, deps.clock.now()).catch((err: unknown) =>
      deps.logger.error({ err, accountId: account.accountId, action: 'delivery.peer_failed' }, 'incoming peer not recorded'),
    );
  });
  deps.registry.onConnected(async (account) => {
    const since = new Date(deps.clock.now().getTime() - opts.backfillMs);
    for (const message of await account.connection.recentIncoming(since)) await replies.handle(account, message, true);
  });
  // When each held account's peers were last read (engine clock); set before reading, so a failure waits a turn.
  const peersSyncedAt = new Map<number, number>();
  const syncPeers = async (account: LiveAccount): Promise<void> => {
    peersSyncedAt.set(account.accountId, deps.clock.now().getTime());
    await syncKnownPeers(deps.pool, account, await account.connection.knownPeers(KNOWN_PEERS_LIMIT), deps.clock.now());
  };
  // A second handler, so a failed backfill does not skip it; the session host runs both before the account sends.
  deps.registry.onConnected(syncPeers);
  const resyncDuePeers = async (): Promise<void> => {
    const now = deps.clock.now().getTime();
    for (const account of deps.registry.held()) {
      if (now - (peersSyncedAt.get(account.accountId) ?? now) < opts.peerSyncMs) continue;
      await syncPeers(account).catch((err: unknown) =>
        deps.logger.warn({ err, accountId: account.accountId, action: 'delivery.peer_sync_failed' }, 'known peers not read'),
      );
    }
  };

  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    let lastMaintenance = 0;
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await dispatcher.dispatchOnce();
        if (Date.now() - lastMaintenance >= opts.maintenanceMs) {
          lastMaintenance = Date.now();
          await maintenance.run();
          await resyncDuePeers();
        }
      } catch (err) {
        deps.logger.error({ err, action: 'delivery.round_failed' }, 'delivery round failed');
      }
      if (claimed < opts.batchSize && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, opts.idleMs).unref();
        });
      }
    }
  };
  const running = loop();
  deps.logger.info({ action: 'delivery.started' }, 'delivery engine started');
  return {
    dispatcher,
    replies,
    maintenance,
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

/** `newClientMessageId` over the process's drivers. @throws Error for a platform without a driver (a wiring bug). */
export function clientIdsFrom(drivers: Partial<Record<Platform, { newClientMessageId(): string }>>): (platform: Platform) => string {
  return (platform) => {
    const driver = drivers[platform];
    if (driver === undefined) throw new Error(`no messenger driver for ${platform}`);
    return driver.newClientMessageId();
  };
}
