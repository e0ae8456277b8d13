/** `MessengerDriver` for WhatsApp accounts linked as a companion device over Baileys 7. */
import type { WAVersion } from '@whiskeysockets/baileys';
import { pino } from 'pino';
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
import { createDeferred } from '../listeners.js';
import { loadWhatsAppAuth } from './whatsapp-auth-state.js';
import { WhatsAppConnection } from './whatsapp-connection.js';
import { translateWhatsAppError } from './whatsapp-errors.js';
import { DEFAULT_RECONNECT, WhatsAppLink, type LinkEnd, type ReconnectPolicy } from './whatsapp-link.js';
import { WhatsAppLogin, profileFromLink } from './whatsapp-login.js';
import { baileysSocketFactory, type BaileysLogger, type WhatsAppSocketFactory } from './whatsapp-socket.js';

export interface WhatsAppDriverOptions {
  /** Builds the Baileys socket; tests pass a fake. Defaults to a real `makeWASocket`. */
  socketFactory?: WhatsAppSocketFactory;
  random?: RandomSource;
  clock?: Clock;
  /** Baileys' logger (pino); silent by default because Baileys is very chatty. */
  logger?: BaileysLogger;
  /** WhatsApp Web version to announce; without it the production factory fetches the current one. */
  version?: WAVersion;
  reconnect?: Partial<ReconnectPolicy>;
  /** How long `restore` waits for the socket to open. */
  openTimeoutMs?: number;
}

/**
 * A message id shaped like the ones Baileys generates itself for `sendMessage`
 * (`generateMessageIDV2`: `3EB0` + 18 upper-case hex characters).
 */
export function newWhatsAppMessageId(random: RandomSource): string {
  return `3EB0${random.bytes(9).toString('hex').toUpperCase()}`;
}

/** Creates the WhatsApp driver. */
export function createWhatsAppDriver(options: WhatsAppDriverOptions = {}): MessengerDriver {
  const socketFactory = options.socketFactory ?? baileysSocketFactory();
  const random = options.random ?? cryptoRandom;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  const openTimeoutMs = options.openTimeoutMs ?? 60_000;

  async function linkFor(credentials: CredentialStore): Promise<WhatsAppLink> {
    const auth = await loadWhatsAppAuth(credentials);
    return new WhatsAppLink({ auth, socketFactory, logger, version: options.version, reconnect, random });
  }

  return {
    platform: 'whatsapp',

    async startLogin(request: LoginRequest, context: LoginContext): Promise<LoginFlow> {
      const phoneDigits = request.phone?.replace(/\D/g, '');
      if (request.method === 'phone_code' || (request.method === 'pairing_code' && !phoneDigits)) {
        throw new MessengerError('INVALID_PHONE', `WhatsApp login by ${request.method} is not possible without a phone number`);
      }
      const login = new WhatsAppLogin({
        link: await linkFor(context.credentials),
        method: request.method,
        phoneDigits,
        context,
        clock,
        logger,
      });
      await login.start();
      return login;
    },

    async restore(credentials: CredentialStore): Promise<MessengerConnection> {
      const link = await linkFor(credentials);
      if (!link.auth.isLinked()) throw new MessengerError('LOGGED_OUT', 'No linked WhatsApp device stored');
      const opened = createDeferred<MessengerConnection>();
      const timer = setTimeout(() => opened.reject(new MessengerError('TRANSIENT', 'WhatsApp did not open in time')), openTimeoutMs);
      const failWith = (error: MessengerError): void => {
        opened.reject(error);
        void link.stop();
      };
      link.listener = {
        qr: () => failWith(new MessengerError('LOGGED_OUT', 'WhatsApp asks to link this device again')),
        open: () => opened.resolve(new WhatsAppConnection(profileFromLink(link), link, clock, logger)),
        dropped: (statusCode) => failWith(new MessengerError('TRANSIENT', `WhatsApp closed while connecting (${statusCode ?? 'no status'})`)),
        ended: (reason: LinkEnd) =>
          failWith(new MessengerError(reason === 'banned' ? 'BANNED' : reason === 'persist_failed' ? 'TRANSIENT' : 'LOGGED_OUT', `WhatsApp ended the session (${reason})`)),
        messages: () => undefined,
        restricted: () => undefined,
      };
      try {
        await link.open();
        return await opened.promise;
      } catch (error) {
        await link.stop();
        throw translateWhatsAppError(error);
      } finally {
        clearTimeout(timer);
      }
    },

    newClientMessageId(): string {
      return newWhatsAppMessageId(random);
    },
  };
}
