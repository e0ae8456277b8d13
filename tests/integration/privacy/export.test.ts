import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import type { JobQueue } from '../../../core/jobs.js';
import { createLogger } from '../../../core/logging/logger.js';
import { EXPORT_JOB, ExportService } from '../../../core/privacy/export/export.service.js';
import { ExportInProgressError } from '../../../core/privacy/privacy.errors.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { RecordingNotifier } from '../../harness/recording-notifier.js';
import { seedUserData } from './user-data.fixture.js';

class RecordingQueue implements JobQueue {
  readonly jobs: { name: string; data: Record<string, unknown> }[] = [];
  enqueue(name: string, data: Record<string, unknown>): Promise<void> {
    this.jobs.push({ name, data });
    return Promise.resolve();
  }
  cancel(): Promise<number> {
    return Promise.resolve(0);
  }
}

describe('the data export', () => {
  let t: TestDatabase;
  const clock = new FakeClock(new Date('2026-11-29T12:00:00Z'));
  const logger = createLogger({ level: 'silent', stdout: false });
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  async function exportOf(service: ExportService, queue: RecordingQueue, notifier: RecordingNotifier, userId: number): Promise<JSZip> {
    const { exportId } = await service.requestExport(userId);
    expect(queue.jobs.at(-1)).toEqual({ name: EXPORT_JOB, data: { userId, exportId } });
    await service.runExport(userId, exportId, notifier);
    const ready = notifier.sent.find((s) => s.kind === 'privacy.export_ready');
    expect(ready).toBeDefined();
    return JSZip.loadAsync((ready!.data as { content: Buffer }).content);
  }

  it('builds one ZIP with a README and every kind of data of the user, without credentials or another user’s data', async () => {
    const user = await seedUserData(t.db.pool, 8001, { contacts: 5 });
    await seedUserData(t.db.pool, 8002, { contacts: 3 });
    await t.db.pool.query(`UPDATE contacts SET first_name = '=HYPERLINK(1)' WHERE id = $1`, [user.contactIds[1]]);
    const queue = new RecordingQueue();
    const notifier = new RecordingNotifier();
    const zip = await exportOf(new ExportService(t.db, queue, clock, logger), queue, notifier, user.userId);

    const files = Object.keys(zip.files).sort();
    expect(files).toEqual(
      [
        'README.txt', 'account-usage.csv', 'accounts.json', 'campaigns.json', 'contacts.csv', 'contacts.json', 'deliveries.csv',
        'imports.json', 'list-members.csv', 'lists.json', 'login-attempts.json', 'profile.json', 'tags.json',
        'account-health-events.csv', 'account-known-peers.csv', 'recipient-checks.csv',
      ].sort(),
    );
    const text = async (name: string) => zip.file(name)!.async('string');
    const readme = await text('README.txt');
    for (const file of files.filter((f) => f !== 'README.txt')) expect(readme).toContain(`- ${file}:`);
    const profile = JSON.parse(await text('profile.json')) as [
      { telegram_id: number; consents: { kind: string }[]; policy_notices: { policy_version: string; outcome: string; at: string }[]; exports: { status: string }[] },
    ];
    expect(profile[0].telegram_id).toBe(8001);
    expect(profile[0].consents.map((c) => c.kind).sort()).toEqual(['age_18', 'privacy_policy']);
    const contacts = JSON.parse(await text('contacts.json')) as { first_name: string; custom: { note: string } }[];
    expect(contacts).toHaveLength(5);
    expect(contacts[0]!.custom.note).toBe('=1+1');
    const csv = (await text('contacts.csv')).trim().split('\n');
    expect(csv).toHaveLength(6);
    expect(csv[0]).toContain('first_name');
    expect(csv[1]).toContain('{""note"":""=1+1""}');
    expect(csv[2]).toContain(",'=HYPERLINK(1),");
    const campaigns = JSON.parse(await text('campaigns.json')) as { name: string; steps: { template: string }[] }[];
    expect(campaigns[0]!.steps[0]!.template).toBe('Hi {first_name}');
    expect((await text('deliveries.csv')).trim().split('\n')).toHaveLength(6);
    expect((await text('list-members.csv')).trim().split('\n')).toHaveLength(6);
    const T0 = '2026-11-01T10:00:00.000Z';
    expect((await text('account-known-peers.csv')).trim().split('\n')).toEqual(['account_id,peer,source,seen_at', `${user.accountId},phone:+4915100000001,dialog,${T0}`]);
    expect((await text('recipient-checks.csv')).trim().split('\n')).toEqual([
      'account_id,platform,recipient,reachable,everywhere,platform_user_id,error_code,checked_at,expires_at',
      `${user.accountId},telegram,phone:+4915100000001,true,false,555,,${T0},${T0}`,
    ]);
    expect((await text('account-health-events.csv')).trim().split('\n')).toEqual(['account_id,kind,detail,wait_seconds,until,at', `${user.accountId},flood_wait,,60,${T0},${T0}`]);
    const accounts = JSON.parse(await text('accounts.json')) as Record<string, unknown>[];
    expect(accounts).toEqual([expect.objectContaining({ id: user.accountId, next_recipient_check_at: T0, recipient_checks_paused_until: null })]);
    // Nested times are PostgreSQL's ISO 8601 (like the consents'), not JavaScript's: compare them as instants.
    expect(profile[0].policy_notices.map((n) => ({ ...n, at: new Date(n.at).toISOString() }))).toEqual([{ policy_version: '2026-12-01', outcome: 'sent', at: T0 }]);
    expect(profile[0].exports.map((e) => e.status)).toEqual(['done', 'running']);
    const everything = (await Promise.all(files.map(text))).join('\n');
    expect(everything).not.toContain('SECRET-SESSION');
    expect(everything).not.toContain('SECRET-ACCESS-HASH'); // a recipient check's resolved address
    expect(everything).not.toContain('12345"'); // the pending login code
    expect(everything).not.toContain('user8002');
    const state = await t.db.pool.query(`SELECT status, finished_at FROM data_exports WHERE user_id = $1 ORDER BY id DESC LIMIT 1`, [user.userId]);
    expect(state.rows[0]).toEqual({ status: 'done', finished_at: clock.now() });
  });

  it('finishes exports that run while the rest of the pool is held elsewhere', { timeout: 30_000 }, async () => {
    const users = await Promise.all([8005, 8006].map((id) => seedUserData(t.db.pool, id, { contacts: 20 })));
    const queue = new RecordingQueue();
    const service = new ExportService(t.db, queue, clock, logger);
    const requests = await Promise.all(users.map((user) => service.requestExport(user.userId)));
    // Two connections busy elsewhere for as long as the exports run (a launch's session, the job queue's listener).
    const held = [await t.db.pool.connect(), await t.db.pool.connect()];
    try {
      const notifiers = users.map(() => new RecordingNotifier());
      await Promise.all(users.map((user, i) => service.runExport(user.userId, requests[i]!.exportId, notifiers[i]!)));
      for (const notifier of notifiers) expect(notifier.sent.map((s) => s.kind)).toContain('privacy.export_ready');
    } finally {
      for (const client of held) client.release();
    }
    const { rows } = await t.db.pool.query<{ status: string }>('SELECT status FROM data_exports WHERE id = ANY ($1::int[]) ORDER BY id', [
      requests.map((r) => r.exportId),
    ]);
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('refuses a second export while one is in progress, and allows one again afterwards', async () => {
    const user = await seedUserData(t.db.pool, 8003);
    const queue = new RecordingQueue();
    const service = new ExportService(t.db, queue, clock, logger);
    const first = await service.requestExport(user.userId);
    await expect(service.requestExport(user.userId)).rejects.toBeInstanceOf(ExportInProgressError);
    expect(queue.jobs).toHaveLength(1);
    await service.runExport(user.userId, first.exportId, new RecordingNotifier());
    await expect(service.requestExport(user.userId)).resolves.toMatchObject({ exportId: expect.any(Number) as number });
  });

  it('shows progress for a large account and ends it at 100%', async () => {
    const user = await seedUserData(t.db.pool, 8004, { contacts: 300 });
    const queue = new RecordingQueue();
    const notifier = new RecordingNotifier();
    await exportOf(new ExportService(t.db, queue, clock, logger, { progressThreshold: 100 }), queue, notifier, user.userId);
    // contacts twice (CSV and JSON), list members, deliveries: 4 × 300 rows; one known peer, one recipient check.
    expect(notifier.sent[0]).toMatchObject({ kind: 'privacy.export_progress', data: { done: 0, total: 1202 } });
    expect(notifier.edits.length).toBeGreaterThanOrEqual(5);
    expect(notifier.edits.at(-1)!.data).toEqual({ done: 1202, total: 1202 });
    expect(notifier.sent.at(-1)!.kind).toBe('privacy.export_ready');
  });
});
