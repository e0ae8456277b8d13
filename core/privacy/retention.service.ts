import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { deleteAbandonedLaunches } from '../campaigns/campaign-launcher.js';
import { deleteOrphanPeers } from '../delivery/account-peers.js';

/** What one retention pass removed. */
export interface RetentionReport {
  renderedTextsErased: number;
  loginAttemptsDeleted: number;
  staleImportsDeleted: number;
  staleExportsFailed: number;
  tempDirsRemoved: number;
  expiredChecksDeleted: number;
  healthEventsDeleted: number;
  orphanPeersDeleted: number;
  abandonedLaunchDeliveriesDeleted: number;
}

export interface RetentionOptions {
  /** Where imports and exports spill temporary files (default: the OS temp folder). */
  tempDir?: string;
  /** An import still "running" after this long died with its worker (default one day). */
  staleAfterMs?: number;
  /** Likewise for an export, which blocks the user's next one (default one hour). */
  exportStaleAfterMs?: number;
  /** A recipient lookup's answer is kept this long after it expired (default one day), then deleted. */
  expiredCheckGraceMs?: number;
  /** Account health events are kept this long (default 30 days). */
  healthEventsMaxAgeMs?: number;
}

/** Delivery states from which a message is never sent again, so its text must be gone (P6). */
export const FINAL_DELIVERY_STATES = ['sent', 'failed', 'skipped', 'replied'] as const;
const TEMP_PREFIXES = ['contactd-import-', 'contactd-export-'];
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Retention as a safety net (P6, P10): the delivery engine erases texts when a delivery ends and imports
 * clean up after themselves; this pass removes whatever a crash or a bug left behind. It also keeps the
 * sending-safety tables minimal: expired recipient lookups (never read again once expired), old account
 * health events, and known peers of an account that are no longer contacts of its owner.
 */
export class RetentionService {
  private readonly tempDir: string;
  private readonly staleAfterMs: number;
  private readonly exportStaleAfterMs: number;
  private readonly expiredCheckGraceMs: number;
  private readonly healthEventsMaxAgeMs: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: RetentionOptions = {},
  ) {
    this.tempDir = options.tempDir ?? os.tmpdir();
    this.staleAfterMs = options.staleAfterMs ?? 24 * 3600_000;
    this.exportStaleAfterMs = options.exportStaleAfterMs ?? 3600_000;
    this.expiredCheckGraceMs = options.expiredCheckGraceMs ?? DAY_MS;
    // Health reads one day of events (HEALTH_POLICY_DEFAULTS.signalWindowMs); a month leaves room for a wider
    // window and for explaining an account's recent trouble, and no more.
    this.healthEventsMaxAgeMs = options.healthEventsMaxAgeMs ?? 30 * DAY_MS;
  }

  /** One pass over every user's data; returns what it removed. */
  async run(): Promise<RetentionReport> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.staleAfterMs);
    const texts = await this.db.pool.query(
      `UPDATE deliveries SET rendered_text = NULL WHERE rendered_text IS NOT NULL AND status = ANY($1::text[])`,
      [FINAL_DELIVERY_STATES],
    );
    const attempts = await this.db.pool.query('DELETE FROM login_attempts WHERE expires_at < $1', [now]);
    // An import runs in one transaction: a row still "running" this late belongs to a worker that died.
    const imports = await this.db.pool.query(`DELETE FROM contact_imports WHERE status = 'running' AND created_at < $1`, [staleBefore]);
    const exports = await this.db.pool.query(
      `UPDATE data_exports SET status = 'failed', finished_at = $2 WHERE status = 'running' AND created_at < $1`,
      [new Date(now.getTime() - this.exportStaleAfterMs), now],
    );
    // Every reader of recipient_checks uses unexpired answers only: one a day past its expiry serves nothing.
    const checks = await this.db.pool.query('DELETE FROM recipient_checks WHERE expires_at < $1', [new Date(now.getTime() - this.expiredCheckGraceMs)]);
    const events = await this.db.pool.query('DELETE FROM account_health_events WHERE at < $1', [new Date(now.getTime() - this.healthEventsMaxAgeMs)]);
    const peers = await deleteOrphanPeers(this.db.pool);
    const launches = await deleteAbandonedLaunches(this.db.pool, new Date(now.getTime() - HOUR_MS));
    return {
      renderedTextsErased: texts.rowCount ?? 0,
      loginAttemptsDeleted: attempts.rowCount ?? 0,
      staleImportsDeleted: imports.rowCount ?? 0,
      staleExportsFailed: exports.rowCount ?? 0,
      tempDirsRemoved: await this.removeStaleTempDirs(staleBefore),
      expiredChecksDeleted: checks.rowCount ?? 0,
      healthEventsDeleted: events.rowCount ?? 0,
      orphanPeersDeleted: peers,
      abandonedLaunchDeliveriesDeleted: launches,
    };
  }

  private async removeStaleTempDirs(staleBefore: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tempDir).catch(() => [] as string[])) {
      if (!TEMP_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
      const full = path.join(this.tempDir, name);
      const info = await stat(full).catch(() => null);
      if (!info || info.mtime >= staleBefore) continue;
      await rm(full, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}
