/** Notifications of the privacy and administration domain (rendered by bot/notifications/privacy.ts). */
declare module '../notifier.js' {
  interface NotificationMap {
    /** A large export is being built: rows written so far out of the total. */
    'privacy.export_progress': { done: number; total: number };
    /** The export archive, sent as a document. */
    /** `path`: the archive on disk, streamed to the chat (never loaded whole), deleted after sending. */
    'privacy.export_ready': { fileName: string; path: string };
    'privacy.export_failed': Record<string, never>;
    /** An administrator announced a new privacy policy version (P14). */
    'privacy.policy_changed': { version: string };
    /** An administrator suspended the account: campaigns are paused. */
    'admin.account_suspended': { pausedCampaigns: number };
    'admin.account_unsuspended': Record<string, never>;
  }
}

export {};
