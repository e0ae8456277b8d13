import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ContactImportService } from '../../../core/contacts/contact-import.service.js';
import { CONTACT_IMPORT_JOB, type ContactImportPayload } from '../../../core/contacts/import-job.js';
import { createLogger } from '../../../core/logging/logger.js';
import { STARTS_KEY } from '../../../workers/agenda.js';
import { createJobQueue } from '../../../workers/index.js';
import { contactImportJob } from '../../../workers/jobs/contact-import.job.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { RecordingNotifier } from '../../harness/recording-notifier.js';
import { buildUser, bytes, csv } from './contact-factories.js';

const FILE = csv('Name,Phone', 'Anna Petrova,+49 30 1234567', 'Bob Lee,12');
// The agenda_jobs row of a job by name ($1) and user ($2).
const JOB_OF = `name = $1 AND data->>'userId' = $2`;
const JUNK = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x00, 0x7f, 0xfe, 0x00, 0x01, 0x02, 0x03]);

describe('the contact import job', () => {
  let t: TestDatabase;
  let service: ContactImportService;
  const logger = createLogger({ level: 'silent', stdout: false });
  const clock = new FakeClock('2026-11-29T10:00:00Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    service = new ContactImportService(t.db, clock, { maxBytes: 1024 * 1024 });
  });
  afterAll(async () => t.drop());

  const payloadFor = async (userId: number): Promise<ContactImportPayload> => ({
    userId,
    chatId: 9001,
    messageId: 77,
    fileId: 'file-1',
    fileName: 'leads.csv',
    fileSize: FILE.length,
    listName: 'Leads',
    mapping: (await service.inspect(bytes(FILE))).mapping,
    sheet: null,
    existing: 'skip',
  });
  const jobWith = (notifier: RecordingNotifier, file: Buffer, stopping = false) =>
    contactImportJob({ imports: service, openFile: async () => bytes(file), notifier, clock, logger, maxImportMb: 1, stopping: () => stopping });
  const contactCount = async (userId: number) => Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM contacts WHERE user_id = $1', [userId])).rows[0]!.n);

  it('turns the progress message into the summary and sends the rejected rows; run again, it changes nothing', async () => {
    const userId = await buildUser(t.db);
    const notifier = new RecordingNotifier();
    const payload = await payloadFor(userId);
    await jobWith(notifier, FILE).handle(payload);
    const done = {
      chatId: 9001,
      messageId: 77,
      kind: 'contacts.import_done',
      data: { list: 'Leads', imported: 1, rejected: 1, alreadyImported: false, problems: ['INVALID_PHONE'] },
    };
    expect(notifier.edits.at(-1)).toMatchObject(done);
    expect(notifier.sent).toEqual([
      { chatId: 9001, kind: 'contacts.import_rejected', data: expect.objectContaining({ fileName: 'leads.csv', count: 1 }) as unknown },
    ]);
    // The same run again (its worker died after the commit, before the summary): nothing twice, and the summary
    // tells what that run did.
    await jobWith(notifier, FILE).handle(payload);
    expect(notifier.edits.at(-1)).toMatchObject(done);
    expect(await contactCount(userId)).toBe(1);
    // The user sending the same file again (another progress message): already imported.
    await jobWith(notifier, FILE).handle({ ...payload, messageId: 78 });
    expect(notifier.edits.at(-1)).toMatchObject({ messageId: 78, kind: 'contacts.import_done', data: { imported: 0, alreadyImported: true } });
    expect(await contactCount(userId)).toBe(1);
  });

  it('tells the user why an import failed, but leaves it to be retried, silently, when the worker is stopping', async () => {
    const userId = await buildUser(t.db);
    const notifier = new RecordingNotifier();
    const payload = await payloadFor(userId);
    await expect(jobWith(notifier, JUNK, true).handle(payload)).rejects.toThrow();
    expect(notifier.edits).toEqual([]);
    await jobWith(notifier, JUNK).handle(payload);
    expect(notifier.edits).toEqual([
      { chatId: 9001, messageId: 77, kind: 'contacts.import_failed', data: { code: 'IMPORT_BINARY_FILE', detail: expect.any(String) as unknown, limitMb: 1 } },
    ]);
  });

  it('is taken over from a worker that died half-way once its lock has expired, and imports once', { timeout: 60_000 }, async () => {
    const userId = await buildUser(t.db);
    const notifier = new RecordingNotifier();
    // The job as a worker that died left it: enqueued, then locked by that worker.
    const enqueuer = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'bot');
    await enqueuer.enqueue(CONTACT_IMPORT_JOB, await payloadFor(userId));
    const lock = (age: string) =>
      t.db.pool.query(`UPDATE agenda_jobs SET locked_at = now() - $2::interval WHERE name = $1 AND data->>'userId' = $3`, [CONTACT_IMPORT_JOB, age, String(userId)]);
    await lock('0 seconds');
    const worker = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'worker-b');
    await worker.start([jobWith(notifier, FILE)]);
    try {
      // Locked a moment ago: another worker's running job, left alone.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(notifier.edits).toEqual([]);
      // Locked longer than the job's lock lifetime: abandoned, taken over.
      await lock('3 minutes');
      await expect.poll(() => notifier.edits.map((edit) => edit.kind), { timeout: 20_000 }).toContain('contacts.import_done');
      expect(await contactCount(userId)).toBe(1);
      // Done: removed with its payload (file name, headers).
      await expect.poll(async () => (await t.db.pool.query(`SELECT 1 FROM agenda_jobs WHERE name = $1 AND data->>'userId' = $2`, [CONTACT_IMPORT_JOB, String(userId)])).rowCount).toBe(0);
    } finally {
      await worker.stop(5_000);
    }
  });

  it('counts its starts, and once started five times (workers dying on it) tells the user it gave up instead of starting again', { timeout: 60_000 }, async () => {
    const userId = await buildUser(t.db);
    const notifier = new RecordingNotifier();
    const enqueuer = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'bot');
    await enqueuer.enqueue(CONTACT_IMPORT_JOB, await payloadFor(userId));
    // As five workers that died on it left it: started five times, locked by the last one long ago.
    await t.db.pool.query(
      `UPDATE agenda_jobs SET data = jsonb_set(data, '{${STARTS_KEY}}', '5'), locked_at = now() - interval '3 minutes' WHERE ${JOB_OF}`,
      [CONTACT_IMPORT_JOB, String(userId)],
    );
    const worker = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'worker-c');
    await worker.start([jobWith(notifier, FILE)]);
    try {
      await expect.poll(() => notifier.edits.map((edit) => edit.kind), { timeout: 20_000 }).toContain('contacts.import_failed');
      expect(notifier.edits).toEqual([{ chatId: 9001, messageId: 77, kind: 'contacts.import_failed', data: { code: 'IMPORT_GAVE_UP', detail: '', limitMb: 1 } }]);
      expect(await contactCount(userId)).toBe(0);
      const recorded = await t.db.pool.query('SELECT file_name, status, error_code FROM contact_imports WHERE user_id = $1', [userId]);
      expect(recorded.rows).toEqual([{ file_name: 'leads.csv', status: 'failed', error_code: 'IMPORT_GAVE_UP' }]);
      await expect.poll(async () => (await t.db.pool.query(`SELECT 1 FROM agenda_jobs WHERE ${JOB_OF}`, [CONTACT_IMPORT_JOB, String(userId)])).rowCount).toBe(0);
    } finally {
      await worker.stop(5_000);
    }
    // Below the limit, a start is counted and the import runs.
    const other = await buildUser(t.db);
    await enqueuer.enqueue(CONTACT_IMPORT_JOB, await payloadFor(other));
    const again = await createJobQueue({ kind: 'postgres', pool: t.db.pool }, logger, 'worker-d');
    const counted: Array<string | undefined> = [];
    const probe = jobWith(notifier, FILE);
    const startsOf = async (id: number) =>
      (await t.db.pool.query<{ n: string | null }>(`SELECT data->>'${STARTS_KEY}' AS n FROM agenda_jobs WHERE ${JOB_OF}`, [CONTACT_IMPORT_JOB, String(id)])).rows[0]?.n ?? undefined;
    await again.start([{ ...probe, handle: async (payload: ContactImportPayload, run) => (counted.push(await startsOf(other)), probe.handle(payload, run)) }]);
    try {
      await expect.poll(() => contactCount(other), { timeout: 20_000 }).toBe(1);
      expect(counted).toEqual(['1']);
    } finally {
      await again.stop(5_000);
    }
  });
});
