import { describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { RPCError, RPCMessageToError } from 'telegram/errors/index.js';
import { translateTelegramError } from '../../../core/messengers/telegram/telegram-errors.js';

// Build errors exactly the way GramJS builds them from a server answer.
const fromServer = (errorMessage: string, errorCode = 400): Error =>
  RPCMessageToError(new Api.RpcError({ errorCode, errorMessage }), new Api.help.GetConfig()) as Error;

describe('translateTelegramError', () => {
  it.each([
    ['FLOOD_WAIT_30', 30],
    ['FLOOD_PREMIUM_WAIT_7', 7],
    ['SLOWMODE_WAIT_12', 12],
  ])('turns %s into FLOOD_WAIT with its seconds', (name, seconds) => {
    const error = translateTelegramError(fromServer(name, 420));
    expect(error.code).toBe('FLOOD_WAIT');
    expect(error.waitSeconds).toBe(seconds);
    expect(error.retryable).toBe(true);
  });

  it.each([
    ['PHONE_NUMBER_INVALID', 'INVALID_PHONE'],
    ['PHONE_CODE_INVALID', 'INVALID_CODE'],
    ['PHONE_CODE_EXPIRED', 'CODE_EXPIRED'],
    ['PASSWORD_HASH_INVALID', 'INVALID_PASSWORD'],
    ['AUTH_KEY_UNREGISTERED', 'LOGGED_OUT'],
    ['SESSION_REVOKED', 'LOGGED_OUT'],
    ['USER_DEACTIVATED', 'LOGGED_OUT'],
    ['USER_DEACTIVATED_BAN', 'BANNED'],
    ['USERNAME_NOT_OCCUPIED', 'RECIPIENT_NOT_FOUND'],
    ['USERNAME_INVALID', 'RECIPIENT_NOT_FOUND'],
    ['PHONE_NOT_OCCUPIED', 'RECIPIENT_NOT_FOUND'],
    ['USER_IS_BLOCKED', 'RECIPIENT_NOT_FOUND'],
    ['INPUT_USER_DEACTIVATED', 'RECIPIENT_NOT_FOUND'],
    ['PEER_FLOOD', 'PEER_FLOOD'],
    ['USER_PRIVACY_RESTRICTED', 'PRIVACY_RESTRICTED'],
    ['PRIVACY_PREMIUM_REQUIRED', 'PRIVACY_RESTRICTED'],
  ])('turns %s into %s', (name, code) => {
    const error = translateTelegramError(fromServer(name));
    expect(error.code).toBe(code);
    expect(error.cause).toBeInstanceOf(RPCError);
    expect(error.isReportable).toBe(false);
  });

  it('gives PHONE_NUMBER_FLOOD, which carries no duration, a day-long FLOOD_WAIT', () => {
    const error = translateTelegramError(fromServer('PHONE_NUMBER_FLOOD'));
    expect(error.code).toBe('FLOOD_WAIT');
    expect(error.waitSeconds).toBe(86_400);
  });

  it('treats unknown RPC errors and network failures as reportable TRANSIENT errors', () => {
    for (const error of [fromServer('SOMETHING_NEW'), fromServer('INTERNAL', 500), new Error('Request was unsuccessful 5 time(s)')]) {
      const translated = translateTelegramError(error);
      expect(translated.code).toBe('TRANSIENT');
      expect(translated.isReportable).toBe(true);
    }
  });
});
