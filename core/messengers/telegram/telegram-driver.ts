/** `MessengerDriver` for Telegram user accounts over GramJS. */
import { Api } from 'telegram';
import { systemClock, type Clock } from '../../clock.js';
import { cryptoRandom, type RandomSource } from '../../random.js';
import {
  MessengerError,
  type CredentialStore,
  type LoginContext,
  type LoginFlow,
  type LoginRequest,
  type MessengerConnection,
  type MessengerDriver,
} from '../messenger.js';
import { silentLogger, type AdapterLogger } from '../listeners.js';
import { gramJsClientFactory, type TelegramClientFactory } from './telegram-client.js';
import { TelegramConnection } from './telegram-connection.js';
import { translateTelegramError } from './telegram-errors.js';
import { SESSION_KEY, TelegramLogin } from './telegram-login.js';
import { profileOf } from './telegram-peers.js';

export interface TelegramDriverOptions {
  /** The application's api_id / api_hash from my.telegram.org. */
  apiId: number;
  apiHash: string;
  /** Builds the GramJS client; tests pass a fake. Defaults to a real `TelegramClient`. */
  clientFactory?: TelegramClientFactory;
  random?: RandomSource;
  clock?: Clock;
  logger?: AdapterLogger;
}

/** A random signed 64-bit integer as a decimal string: the shape of Telegram's `random_id`. */
export function newTelegramRandomId(random: RandomSource): string {
  return random.bytes(8).readBigInt64BE(0).toString();
}

/** Creates the Telegram driver. */
export function createTelegramDriver(options: TelegramDriverOptions): MessengerDriver {
  const clientFactory = options.clientFactory ?? gramJsClientFactory(options.apiId, options.apiHash);
  const random = options.random ?? cryptoRandom;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;

  return {
    platform: 'telegram',

    async startLogin(request: LoginRequest, context: LoginContext): Promise<LoginFlow> {
      const login = new TelegramLogin({
        client: clientFactory(''),
        apiId: options.apiId,
        apiHash: options.apiHash,
        context,
        clock,
        logger,
      });
      await login.start(request);
      return login;
    },

    async restore(credentials: CredentialStore): Promise<MessengerConnection> {
      const saved = (await credentials.read([SESSION_KEY])).get(SESSION_KEY);
      if (saved === undefined || saved === '') throw new MessengerError('LOGGED_OUT', 'No Telegram session stored');
      const client = clientFactory(saved);
      try {
        await client.connect();
        // A revoked session connects fine; the first real request says AUTH_KEY_UNREGISTERED.
        const [self] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
        if (self === undefined) throw new MessengerError('LOGGED_OUT', 'Telegram returned no current user');
        return new TelegramConnection({ client, profile: profileOf(self), clock, logger });
      } catch (error) {
        await client.destroy().catch((destroyError: unknown) => logger.warn({ err: destroyError }, 'telegram destroy failed'));
        throw translateTelegramError(error);
      }
    },

    newClientMessageId(): string {
      return newTelegramRandomId(random);
    },
  };
}
