import type { Platform } from '../messengers/messenger.js';

export type AccountStatus = 'connecting' | 'active' | 'limited' | 'disconnected';

/** One sender account as the Accounts section shows it. */
export interface AccountView {
  id: number;
  platform: Platform;
  /** The user's own name for it, else the platform's display name, username or phone. */
  name: string;
  displayName: string | null;
  phone: string | null;
  username: string | null;
  status: AccountStatus;
  limitedUntil: Date | null;
  dailyLimit: number;
  /** Messages sent today (UTC day) through this account. */
  sentToday: number;
}

/** SQL expression of an account's name (alias `a` for sender_accounts). */
export const ACCOUNT_NAME_SQL = `coalesce(a.label, a.display_name, a.username, a.phone, '#' || a.id)`;

export const DAILY_LIMIT_MIN = 1;
export const DAILY_LIMIT_MAX = 1000;
export const LABEL_MAX = 64;
/** How long a user has to finish a login. */
export const LOGIN_ATTEMPT_MINUTES = 10;
