/**
 * Reading Baileys' failures. Baileys reports errors as `Boom`s: a disconnect reason in
 * `output.statusCode` (`DisconnectReason`), a server error node's code in `data` (e.g. 429 with the
 * text `rate-overlimit`).
 */
import { DisconnectReason } from '@whiskeysockets/baileys';
import { MessengerError } from '../messenger.js';

/**
 * Seconds to pause an account after WhatsApp's rate limit. WhatsApp gives no duration and publishes no
 * safe rate, so this is deliberately long.
 */
export const RATE_LIMIT_WAIT_SECONDS = 15 * 60;

interface BoomLike {
  output?: { statusCode?: number };
  data?: unknown;
}

/** The Boom status code of a disconnect or request error, if any. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as BoomLike).output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** What to do after the socket closed. */
export type DisconnectDecision = 'restart' | 'logged_out' | 'replaced' | 'banned' | 'reconnect';

export function classifyDisconnect(error: unknown): DisconnectDecision {
  const statusCode = statusCodeOf(error);
  // No status: a failure of our own (e.g. building the socket), worth another try.
  if (statusCode === undefined) return 'reconnect';
  switch (statusCode as DisconnectReason) {
    case DisconnectReason.restartRequired:
      return 'restart';
    case DisconnectReason.loggedOut:
      return 'logged_out';
    // Another client took over this session: reconnecting would make the two fight forever.
    case DisconnectReason.connectionReplaced:
      return 'replaced';
    case DisconnectReason.forbidden:
      return 'banned';
    case DisconnectReason.connectionClosed:
    case DisconnectReason.connectionLost:
    case DisconnectReason.badSession:
    case DisconnectReason.multideviceMismatch:
    case DisconnectReason.unavailableService:
      return 'reconnect';
    default:
      // Codes Baileys does not name (e.g. 405 for a refused WhatsApp Web version): try again later.
      return 'reconnect';
  }
}

function isRateLimit(error: unknown): boolean {
  if (statusCodeOf(error) === 429) return true;
  if (typeof error !== 'object' || error === null) return false;
  if ((error as BoomLike).data === 429) return true;
  return error instanceof Error && error.message.includes('rate-overlimit');
}

/** Translates an error thrown by `sendMessage` / `onWhatsApp`. */
export function translateWhatsAppError(error: unknown): MessengerError {
  if (error instanceof MessengerError) return error;
  if (isRateLimit(error)) {
    return new MessengerError('FLOOD_WAIT', 'WhatsApp rate limit (rate-overlimit)', RATE_LIMIT_WAIT_SECONDS, { cause: error });
  }
  if (statusCodeOf(error) === DisconnectReason.loggedOut) {
    return new MessengerError('LOGGED_OUT', 'WhatsApp logged this device out', undefined, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new MessengerError('TRANSIENT', `WhatsApp request failed: ${detail}`, undefined, { cause: error });
}
