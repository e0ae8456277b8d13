import type pg from 'pg';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logging/logger.js';
import type { MessengerDriver, Platform } from '../messengers/messenger.js';
import { createSimulatedDriver, PgSimulatedLedger, type SimulatedControl } from '../messengers/simulated/index.js';
import type { RandomSource } from '../random.js';

/** The drivers this process can use; a platform without one (no Telegram api_id) cannot be connected. */
export interface MessengerDrivers {
  drivers: Partial<Record<Platform, MessengerDriver>>;
  /** With MESSENGER_DRIVER=simulated: the simulated platforms' levers. */
  simulated: SimulatedControl[];
  /** A fresh client message id for `platform` (the delivery dispatcher stores it before sending). */
  newClientMessageId(platform: Platform): string;
}

/**
 * Builds the messenger drivers from configuration: the simulated ones (recording deliveries in the shared
 * PostgreSQL ledger) or the real GramJS and Baileys adapters, loaded only when used.
 */
export async function createMessengerDrivers(
  config: Pick<Config, 'MESSENGER_DRIVER' | 'TELEGRAM_API_ID' | 'TELEGRAM_API_HASH'>,
  deps: { pool: pg.Pool; clock: Clock; random: RandomSource; logger: Logger },
): Promise<MessengerDrivers> {
  const drivers: Partial<Record<Platform, MessengerDriver>> = {};
  const simulated: SimulatedControl[] = [];
  const adapterLogger = deps.logger.child({ component: 'messenger' });
  if (config.MESSENGER_DRIVER === 'simulated') {
    const ledger = new PgSimulatedLedger(deps.pool);
    for (const platform of ['telegram', 'whatsapp'] as const) {
      const driver = createSimulatedDriver(platform, {
        clock: deps.clock,
        random: deps.random,
        ledger,
        onHandlerError: (err) => adapterLogger.error({ err, action: 'messenger.handler_failed' }, 'a messenger event handler failed'),
      });
      drivers[platform] = driver;
      simulated.push(driver.control);
    }
  } else {
    if (config.TELEGRAM_API_ID !== undefined && config.TELEGRAM_API_HASH !== undefined) {
      const { createTelegramDriver } = await import('../messengers/telegram/index.js');
      drivers.telegram = createTelegramDriver({ apiId: config.TELEGRAM_API_ID, apiHash: config.TELEGRAM_API_HASH, clock: deps.clock, random: deps.random, logger: adapterLogger });
    } else {
      deps.logger.warn({ action: 'messenger.telegram_unavailable' }, 'TELEGRAM_API_ID/TELEGRAM_API_HASH unset: Telegram accounts cannot connect');
    }
    const { createWhatsAppDriver } = await import('../messengers/whatsapp/index.js');
    drivers.whatsapp = createWhatsAppDriver({ clock: deps.clock, random: deps.random });
  }
  return {
    drivers,
    simulated,
    newClientMessageId: (platform) => {
      const driver = drivers[platform];
      if (!driver) throw new Error(`no ${platform} messenger driver is configured`);
      return driver.newClientMessageId();
    },
  };
}
