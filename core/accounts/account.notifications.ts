import type { LoginMethod, MessengerErrorCode, Platform } from '../messengers/messenger.js';

/** Why a login ended without an account, beyond the messenger's own error codes. */
export type LoginFailureCode = MessengerErrorCode | 'ALREADY_CONNECTED' | 'NO_DRIVER' | 'EXPIRED' | 'INTERNAL';

declare module '../notifier.js' {
  interface NotificationMap {
    'account.login_code_sent': { accountId: number; attemptId: number; phone: string; codeLength?: number };
    'account.login_password_required': { accountId: number; attemptId: number; hint?: string };
    /** A QR code to scan (PNG), replaced by a new one before it expires. */
    'account.login_qr': { accountId: number; attemptId: number; platform: Platform; png: Buffer; expiresAt: Date };
    'account.login_pairing_code': { accountId: number; attemptId: number; code: string };
    'account.login_invalid_code': { accountId: number; attemptId: number };
    'account.login_invalid_password': { accountId: number; attemptId: number };
    'account.login_failed': { accountId: number; attemptId: number; platform: Platform; method: LoginMethod; code: LoginFailureCode; waitSeconds?: number };
    'account.connected': { accountId: number; name: string };
    'account.logged_out': { accountId: number; name: string };
  }
}
