import { InlineKeyboard } from 'grammy';
import type { LoginFailureCode } from '../../core/accounts/account.notifications.js';
import { accountConnectData, accountListData, loginCancelData, loginResumeData } from '../callback-data/accounts.js';
import { localTime } from './local-time.js';
import type { NotificationRenderers, Translate } from './renderer.js';

type AccountKinds =
  | 'account.login_code_sent'
  | 'account.login_password_required'
  | 'account.login_qr'
  | 'account.login_pairing_code'
  | 'account.login_invalid_code'
  | 'account.login_invalid_password'
  | 'account.login_failed'
  | 'account.connected'
  | 'account.logged_out';

const EXPLAINED: readonly LoginFailureCode[] = [
  'INVALID_CODE',
  'CODE_EXPIRED',
  'EXPIRED',
  'INVALID_PASSWORD',
  'INVALID_PHONE',
  'FLOOD_WAIT',
  'BANNED',
  'ALREADY_CONNECTED',
  'NO_DRIVER',
];

const cancelKeyboard = (t: Translate, attemptId: number): InlineKeyboard => new InlineKeyboard().text(t('connect-cancel'), loginCancelData.pack({ attempt: attemptId }));

/** Login steps and account events, as the session host reports them; times in the recipient's zone. */
export const accountRenderers: Pick<NotificationRenderers, AccountKinds> = {
  'account.login_code_sent': (data, t) => ({ text: t('login-code-sent', { phone: data.phone }), keyboard: cancelKeyboard(t, data.attemptId) }),
  'account.login_password_required': (data, t) => ({
    text: t('login-password-required', { hint: data.hint ?? t('accounts-unknown') }),
    keyboard: cancelKeyboard(t, data.attemptId),
  }),
  'account.login_qr': (data, t, { timeZone }) => ({
    text: t(data.platform === 'telegram' ? 'login-qr-telegram' : 'login-qr-whatsapp', { expires: localTime(data.expiresAt, timeZone) }),
    photo: { data: data.png, fileName: 'login-qr.png' },
    keyboard: cancelKeyboard(t, data.attemptId),
  }),
  'account.login_pairing_code': (data, t) => ({ text: t('login-pairing-code', { code: data.code }), keyboard: cancelKeyboard(t, data.attemptId) }),
  'account.login_invalid_code': (data, t) => ({ text: t('login-invalid-code'), keyboard: cancelKeyboard(t, data.attemptId) }),
  'account.login_invalid_password': (data, t) => ({
    text: t('login-invalid-password'),
    keyboard: new InlineKeyboard()
      .text(t('login-password-resume'), loginResumeData.pack({ attempt: data.attemptId }))
      .text(t('connect-cancel'), loginCancelData.pack({ attempt: data.attemptId })),
  }),
  'account.login_failed': (data, t) => {
    const platform = t(`accounts-platform-${data.platform}`);
    const key = EXPLAINED.includes(data.code) ? `login-failed-${data.code}` : 'login-failed-other';
    const keyboard = new InlineKeyboard();
    if (data.code !== 'BANNED' && data.code !== 'NO_DRIVER' && data.code !== 'ALREADY_CONNECTED') {
      keyboard.text(t('login-failed-retry'), accountConnectData.pack({ platform: data.platform }));
    }
    keyboard.text(t('accounts-back'), accountListData.pack({}));
    return { text: t(key, { platform, minutes: Math.max(1, Math.ceil((data.waitSeconds ?? 60) / 60)) }), keyboard };
  },
  'account.connected': (data, t) => ({ text: t('login-connected', { name: data.name }), keyboard: new InlineKeyboard().text(t('accounts-back'), accountListData.pack({})) }),
  'account.logged_out': (data, t) => ({ text: t('account-logged-out', { name: data.name }), keyboard: new InlineKeyboard().text(t('accounts-back'), accountListData.pack({})) }),
};
