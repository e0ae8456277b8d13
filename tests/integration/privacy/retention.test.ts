import { mkdir, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_POLICY_DEFAULTS } from '../../../core/accounts/account-health.js';
import { FakeClock } from '../../../core/clock.js';
import { FINAL_DELIVERY_STATES, RetentionService } from '../../../core/privacy/retention.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { seedUserData, type SeededUser } from './user-data.fixture.js';
import { tempDir } from '../../harness/temp-dirs.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('the retention pass', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('erases message texts of finished deliveries, expired logins and stale imports, and keeps what may still be retried', async () => {
    const user = await seedUserData(t.db.pool, 7001, { contacts: 12 });
    await t.db.pool.query(`INSERT INTO contact_imports (user_id, file_name, file_sha256, format, status, created_at) VALUES ($1, 'old.csv', $2, 'csv', 'running', '2026-11-01T00:00:00Z')`, [
      user.userId,
      'b'.repeat(64),
    ]);
    await t.db.pool.query(`INSERT INTO data_exports (user_id, status, created_at) VALUES ($1, 'running', '2026-11-01T00:00:00Z')`, [user.userId]);
    const scratch = tempDir('retention');
    const stale = path.join(scratch, 'contactd-import-crashed');
    const fresh = path.join(scratch, 'contactd-export-running');
    await mkdir(stale);
    await mkdir(fresh);
    await utimes(stale, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    const clock = new FakeClock(new Date('2026-11-03T00:00:00Z'));
    await utimes(fresh, clock.now(), clock.now());

    const report = await new RetentionService(t.db, clock, { tempDir: scratch }).run();

    const { rows } = await t.db.pool.query<{ status: string; texts: number }>(
      `SELECT status, count(rendered_text)::int AS texts FROM deliveries WHERE user_id = $1 GROUP BY status ORDER BY status`,
      [user.userId],
    );
    const texts = Object.fromEntries(rows.map((r) => [r.status, r.texts]));
    for (const state of FINAL_DELIVERY_STATES) expect(texts[state], state).toBe(0);
    expect(texts.queued).toBeGreaterThan(0);
    expect(texts.sending).toBeGreaterThan(0);
    expect(report.renderedTextsErased).toBe(8);
    expect(report.loginAttemptsDeleted).toBe(1);
    expect(report.staleImportsDeleted).toBe(1);
    expect(report.staleExportsFailed).toBe(1);
    expect(report.tempDirsRemoved).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    const imports = await t.db.pool.query(`SELECT status FROM contact_imports WHERE user_id = $1`, [user.userId]);
    expect(imports.rows).toEqual([{ status: 'done' }]);
  });

  it('leaves login attempts that have not expired yet', async () => {
    const user = await seedUserData(t.db.pool, 7002);
    const clock = new FakeClock(new Date('2026-10-01T00:00:00Z'));
    const report = await new RetentionService(t.db, clock, { tempDir: os.tmpdir() }).run();
    expect(report.loginAttemptsDeleted).toBe(0);
    const left = await t.db.pool.query('SELECT 1 FROM login_attempts WHERE user_id = $1', [user.userId]);
    expect(left.rowCount).toBe(1);
  });

  describe('of the sending-safety tables', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);

    async function addCheck(user: SeededUser, recipient: string, expiresAt: Date): Promise<void> {
      await t.db.pool.query(
        `INSERT INTO recipient_checks (account_id, user_id, platform, recipient, reachable, checked_at, expires_at) VALUES ($1, $2, 'telegram', $3, false, $4, $4)`,
        [user.accountId, user.userId, recipient, expiresAt],
      );
    }
    async function addEvent(user: SeededUser, at: Date): Promise<void> {
      await t.db.pool.query(`INSERT INTO account_health_events (account_id, user_id, kind, detail, at) VALUES ($1, $2, 'disconnected', 'ended', $3)`, [
        user.accountId,
        user.userId,
        at,
      ]);
    }
    async function addPeers(user: SeededUser, peers: string[]): Promise<void> {
      await t.db.pool.query(`INSERT INTO account_peers (account_id, user_id, peer, source, seen_at) SELECT $1, $2, unnest($3::text[]), 'dialog', $4`, [
        user.accountId,
        user.userId,
        peers,
        now,
      ]);
    }
    async function column(sql: string, userId: number): Promise<string[]> {
      const { rows } = await t.db.pool.query<{ v: string | Date }>(sql, [userId]);
      return rows.map((r) => (r.v instanceof Date ? r.v.toISOString() : r.v));
    }
    async function totals(): Promise<number[]> {
      const { rows } = await t.db.pool.query<{ checks: number; events: number; peers: number }>(
        `SELECT (SELECT count(*) FROM recipient_checks)::int AS checks, (SELECT count(*) FROM account_health_events)::int AS events,
                (SELECT count(*) FROM account_peers)::int AS peers`,
      );
      return [rows[0]!.checks, rows[0]!.events, rows[0]!.peers];
    }

    it('deletes recipient checks expired over a day ago and health events older than 30 days, and keeps the newer ones', async () => {
      const user = await seedUserData(t.db.pool, 7003);
      await t.db.pool.query('DELETE FROM recipient_checks WHERE user_id = $1', [user.userId]);
      await t.db.pool.query('DELETE FROM account_health_events WHERE user_id = $1', [user.userId]);
      await addCheck(user, 'phone:+4915100000002', ago(DAY + HOUR));
      await addCheck(user, 'phone:+4915100000003', ago(DAY - HOUR));
      await addCheck(user, 'phone:+4915100000004', new Date(now.getTime() + DAY));
      await addEvent(user, ago(31 * DAY));
      await addEvent(user, ago(29 * DAY));
      // The oldest event the health computation reads must survive, with room to spare.
      expect(HEALTH_POLICY_DEFAULTS.signalWindowMs).toBeLessThan(29 * DAY);
      await addEvent(user, ago(HEALTH_POLICY_DEFAULTS.signalWindowMs));
      const before = await totals();

      const report = await new RetentionService(t.db, new FakeClock(now), { tempDir: os.tmpdir() }).run();

      expect(await column('SELECT recipient AS v FROM recipient_checks WHERE user_id = $1 ORDER BY recipient', user.userId)).toEqual([
        'phone:+4915100000003',
        'phone:+4915100000004',
      ]);
      expect(await column('SELECT at AS v FROM account_health_events WHERE user_id = $1 ORDER BY at', user.userId)).toEqual([
        ago(29 * DAY).toISOString(),
        ago(HEALTH_POLICY_DEFAULTS.signalWindowMs).toISOString(),
      ]);
      const after = await totals();
      expect([report.expiredChecksDeleted, report.healthEventsDeleted]).toEqual([before[0]! - after[0]!, before[1]! - after[1]!]);
      expect(report.expiredChecksDeleted).toBeGreaterThanOrEqual(1);
      expect(report.healthEventsDeleted).toBeGreaterThanOrEqual(1);
    });

    it('deletes known peers that match no contact of their owner, a deleted contact included, and keeps those that do', async () => {
      const user = await seedUserData(t.db.pool, 7004, { contacts: 3 });
      const other = await seedUserData(t.db.pool, 7005, { contacts: 1 });
      await t.db.pool.query(`INSERT INTO contacts (user_id, username, created_at, updated_at) VALUES ($1, 'Ann_K', $2, $2)`, [user.userId, now]);
      await t.db.pool.query(`INSERT INTO contacts (user_id, phone, created_at, updated_at) VALUES ($1, '+15550002222', $2, $2)`, [other.userId, now]);
      await addPeers(user, [
        'phone:+4915100000002', // a contact
        'username:ann_k', // a contact, by username in any case
        'phone:+4915100000003', // a contact deleted below
        'phone:+15550009999', // nobody's contact
        'phone:+15550002222', // a contact of another user only
      ]);
      await t.db.pool.query('DELETE FROM contacts WHERE user_id = $1 AND phone = $2', [user.userId, '+4915100000003']);
      const before = await totals();

      const report = await new RetentionService(t.db, new FakeClock(now), { tempDir: os.tmpdir() }).run();

      expect(await column('SELECT peer AS v FROM account_peers WHERE user_id = $1 ORDER BY peer', user.userId)).toEqual([
        'phone:+4915100000001',
        'phone:+4915100000002',
        'username:ann_k',
      ]);
      expect(await column('SELECT peer AS v FROM account_peers WHERE user_id = $1 ORDER BY peer', other.userId)).toEqual(['phone:+4915100000001']);
      expect(report.orphanPeersDeleted).toBe(3);
      expect((await totals())[2]).toBe(before[2]! - 3);
    });
  });
});
