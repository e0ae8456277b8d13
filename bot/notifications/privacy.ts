import { InlineKeyboard } from 'grammy';
import type { NotificationRenderers } from './renderer.js';

type PrivacyKinds =
  | 'privacy.export_progress'
  | 'privacy.export_ready'
  | 'privacy.export_failed'
  | 'privacy.policy_changed'
  | 'admin.account_suspended'
  | 'admin.account_unsuspended';

/** Notifications of the privacy domain: export progress and file, policy notices, suspension. */
export const privacyRenderers: Pick<NotificationRenderers, PrivacyKinds> = {
  'privacy.export_progress': (data, t) => ({
    text: t('privacy-export-progress', { done: data.done, total: data.total, percent: data.total === 0 ? 100 : Math.floor((data.done * 100) / data.total) }),
  }),
  'privacy.export_ready': (data, t) => ({ text: t('privacy-export-ready'), document: { data: data.path, fileName: data.fileName } }),
  'privacy.export_failed': (_data, t) => ({ text: t('privacy-export-failed') }),
  // The button opens the acceptance screen: the policy gate answers any update of a user on an old version.
  'privacy.policy_changed': (data, t) => ({
    text: t('privacy-policy-changed-notice', { version: data.version }),
    keyboard: new InlineKeyboard().text(t('policy-full-text'), 'policy:text'),
  }),
  'admin.account_suspended': (data, t) => ({ text: t('account-suspended', { paused: data.pausedCampaigns }) }),
  'admin.account_unsuspended': (_data, t) => ({ text: t('account-unsuspended') }),
};
