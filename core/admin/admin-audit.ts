import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';

/** What administrators can do; the stable names written to `admin_audit_log.action`. */
export type AdminAction = 'user.find' | 'user.view' | 'user.suspend' | 'user.unsuspend' | 'user.delete' | 'stats.view' | 'policy.broadcast';

/**
 * The administrators' audit trail (P16): who, what, when and the target's id, nothing else, so it survives the
 * target's erasure without keeping personal data about them.
 */
export class AdminAuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(adminTelegramId: number, action: AdminAction, targetUserId: number | null = null): Promise<void> {
    await this.db.pool.query('INSERT INTO admin_audit_log (admin_telegram_id, action, target_user_id, created_at) VALUES ($1, $2, $3, $4)', [
      adminTelegramId,
      action,
      targetUserId,
      this.clock.now(),
    ]);
  }
}
