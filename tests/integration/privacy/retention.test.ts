import { mkdir, mkdtemp, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { FINAL_DELIVERY_STATES, RetentionService } from '../../../core/privacy/retention.service.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { seedUserData } from './user-data.fixture.js';

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
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'retention-test-'));
    const stale = path.join(tempDir, 'contactd-import-crashed');
    const fresh = path.join(tempDir, 'contactd-export-running');
    await mkdir(stale);
    await mkdir(fresh);
    await utimes(stale, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    const clock = new FakeClock(new Date('2026-11-03T00:00:00Z'));
    await utimes(fresh, clock.now(), clock.now());

    const report = await new RetentionService(t.db, clock, { tempDir }).run();

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
});
