/**
 * The part of a Baileys socket the adapter uses, so tests can hand in a fake with an `ev` emitter.
 * Only this folder imports `@whiskeysockets/baileys`.
 */
import {
  Browsers,
  fetchLatestWaWebVersion,
  makeWASocket,
  type AuthenticationState,
  type BaileysEventEmitter,
  type SocketConfig,
  type WAMessage,
  type WAVersion,
} from '@whiskeysockets/baileys';

/** Baileys' logger contract (pino fits); not exported under its own name by the package. */
export type BaileysLogger = SocketConfig['logger'];

export interface WhatsAppSocketLike {
  readonly ev: Pick<BaileysEventEmitter, 'on' | 'off'>;
  sendMessage(jid: string, content: { text: string }, options: { messageId: string }): Promise<WAMessage | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  onWhatsApp(...jids: string[]): Promise<{ jid: string; exists: boolean }[] | undefined>;
  logout(msg?: string): Promise<void>;
  end(error: Error | undefined): Promise<void>;
}

export interface WhatsAppSocketConfig {
  auth: AuthenticationState;
  logger: BaileysLogger;
  /** WhatsApp Web version to announce; when absent the production factory fetches the current one. */
  version?: WAVersion;
}

export type WhatsAppSocketFactory = (config: WhatsAppSocketConfig) => WhatsAppSocketLike | Promise<WhatsAppSocketLike>;

/**
 * The production factory: a real Baileys socket. The WhatsApp Web version bundled with Baileys can be
 * refused (405), so the current one is fetched once per process unless the caller pins one.
 */
export function baileysSocketFactory(): WhatsAppSocketFactory {
  let latest: Promise<WAVersion> | undefined;
  return async ({ auth, logger, version }) =>
    makeWASocket({
      auth,
      logger,
      version: version ?? (await (latest ??= fetchLatestWaWebVersion({}).then((result) => result.version))),
      browser: Browsers.macOS('Desktop'),
      // Keep the phone notifying its owner, and skip the full-history download we do not need.
      markOnlineOnConnect: false,
      syncFullHistory: false,
    });
}
