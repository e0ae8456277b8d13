/**
 * Translation of GramJS failures into `MessengerError`s. Only a few Telegram errors have classes
 * (`FloodWaitError` with `.seconds`); the rest arrive as `RPCError` whose `errorMessage` names them.
 */
import { FloodTestPhoneWaitError, FloodWaitError, RPCError, SlowModeWaitError } from 'telegram/errors/index.js';
import { MessengerError, type MessengerErrorCode } from '../messenger.js';

/** Telegram error names (`RPCError.errorMessage`) and what they mean for us. */
const CODE_BY_RPC_MESSAGE: Readonly<Record<string, MessengerErrorCode>> = {
  // login
  PHONE_NUMBER_INVALID: 'INVALID_PHONE',
  PHONE_NUMBER_UNOCCUPIED: 'INVALID_PHONE',
  PHONE_NUMBER_FLOOD: 'FLOOD_WAIT',
  PHONE_NUMBER_BANNED: 'BANNED',
  PHONE_CODE_INVALID: 'INVALID_CODE',
  PHONE_CODE_EMPTY: 'INVALID_CODE',
  PHONE_CODE_EXPIRED: 'CODE_EXPIRED',
  PHONE_CODE_HASH_EMPTY: 'CODE_EXPIRED',
  PASSWORD_HASH_INVALID: 'INVALID_PASSWORD',
  PASSWORD_EMPTY: 'INVALID_PASSWORD',
  // session
  AUTH_KEY_UNREGISTERED: 'LOGGED_OUT',
  AUTH_KEY_INVALID: 'LOGGED_OUT',
  AUTH_KEY_PERM_EMPTY: 'LOGGED_OUT',
  SESSION_REVOKED: 'LOGGED_OUT',
  SESSION_EXPIRED: 'LOGGED_OUT',
  USER_DEACTIVATED: 'LOGGED_OUT',
  USER_DEACTIVATED_BAN: 'BANNED',
  // recipients
  USERNAME_NOT_OCCUPIED: 'RECIPIENT_NOT_FOUND',
  USERNAME_INVALID: 'RECIPIENT_NOT_FOUND',
  PHONE_NOT_OCCUPIED: 'RECIPIENT_NOT_FOUND',
  USER_IS_BLOCKED: 'RECIPIENT_NOT_FOUND',
  INPUT_USER_DEACTIVATED: 'RECIPIENT_NOT_FOUND',
  PEER_ID_INVALID: 'RECIPIENT_NOT_FOUND',
  USER_ID_INVALID: 'RECIPIENT_NOT_FOUND',
  USER_PRIVACY_RESTRICTED: 'PRIVACY_RESTRICTED',
  PRIVACY_PREMIUM_REQUIRED: 'PRIVACY_RESTRICTED',
  // sending
  PEER_FLOOD: 'PEER_FLOOD',
  USER_BANNED_IN_CHANNEL: 'PEER_FLOOD',
};

/** How long to wait after a flood error Telegram gave no duration for (PHONE_NUMBER_FLOOD). */
const UNSPECIFIED_FLOOD_WAIT_SECONDS = 24 * 60 * 60;

/** The Telegram error name of `error`, or undefined when it is not an RPC error. */
export function rpcErrorName(error: unknown): string | undefined {
  if (error instanceof RPCError) return error.errorMessage;
  return undefined;
}

function floodWaitSeconds(error: unknown): number | undefined {
  if (error instanceof FloodWaitError || error instanceof FloodTestPhoneWaitError || error instanceof SlowModeWaitError) {
    return error.seconds;
  }
  // GramJS builds the class from the message; a plain RPCError with the raw name is handled too.
  const match = /^(?:FLOOD_(?:PREMIUM_|TEST_PHONE_)?WAIT|SLOWMODE_WAIT)_(\d+)$/.exec(rpcErrorName(error) ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Translates anything GramJS threw. Unknown RPC errors and everything that is not an RPC error
 * (disconnects, timeouts, "Request was unsuccessful N time(s)") become `TRANSIENT`, which is reportable.
 */
export function translateTelegramError(error: unknown): MessengerError {
  if (error instanceof MessengerError) return error;
  const seconds = floodWaitSeconds(error);
  if (seconds !== undefined) {
    return new MessengerError('FLOOD_WAIT', `Telegram asks to wait ${seconds} s`, seconds, { cause: error });
  }
  const name = rpcErrorName(error);
  const code = name === undefined ? undefined : CODE_BY_RPC_MESSAGE[name];
  if (code === 'FLOOD_WAIT') {
    return new MessengerError(code, `Telegram refused: ${name}`, UNSPECIFIED_FLOOD_WAIT_SECONDS, { cause: error });
  }
  if (code !== undefined) return new MessengerError(code, `Telegram refused: ${name}`, undefined, { cause: error });
  const detail = name ?? (error instanceof Error ? error.message : String(error));
  return new MessengerError('TRANSIENT', `Telegram request failed: ${detail}`, undefined, { cause: error });
}

/** Whether `error` is the RPC error `name`. */
export function isRpcError(error: unknown, name: string): boolean {
  return rpcErrorName(error) === name;
}
