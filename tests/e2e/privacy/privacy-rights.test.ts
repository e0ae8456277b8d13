import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import { rowsOfUser, seedUserData } from '../../integration/privacy/user-data.fixture.js';

describe('privacy rights through the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.stop());

  const userIdOf = async (telegramId: number) =>
    (await t.app.db.pool.query<{ id: number }>('SELECT id FROM users WHERE telegram_id = $1', [telegramId])).rows[0]?.id;

  it('sends one ZIP with everything about the user when they ask for an export, and refuses a second one meanwhile', async () => {
    const user = t.user({ id: 6101, first_name: 'Exporter', username: 'exporter' });
    await registerUser(user);
    await t.app.db.pool.query(`INSERT INTO contacts (user_id, first_name, phone, created_at, updated_at) VALUES ($1, 'Zoe', '+4915100000099', now(), now())`, [
      await userIdOf(6101),
    ]);
    user.send('/privacy');
    await user.waitFor(/We keep/);
    user.press(/Export my data/);
    await user.waitFor(/collecting everything/);
    user.press(/Export my data/);
    await user.waitFor(/already being prepared/);
    const doc = await user.waitFor((m) => m.document !== undefined && /everything we hold/.test(m.caption ?? ''), { timeoutMs: 20_000 });
    expect(doc.document?.file_name).toMatch(/^contactd-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await JSZip.loadAsync(user.download(doc));
    expect(await zip.file('README.txt')!.async('string')).toContain('contacts.csv');
    expect(await zip.file('profile.json')!.async('string')).toContain('"username":"exporter"');
    expect(await zip.file('contacts.csv')!.async('string')).toContain('Zoe');
  });

  it('deletes everything of the user after the button and the typed word, and a later /start is a new registration', async () => {
    const user = t.user({ id: 6102, first_name: 'Leaver' });
    await registerUser(user);
    const userId = (await userIdOf(6102))!;
    // Data in every table, owned by the registered user.
    const seeded = await seedUserData(t.app.db.pool, 996102);
    await t.app.db.pool.query(
      `DO $$ DECLARE r record; BEGIN
         FOR r IN SELECT table_name FROM information_schema.columns WHERE column_name = 'user_id' AND table_schema = current_schema() AND table_name <> 'users' LOOP
           EXECUTE format('UPDATE %I SET user_id = ${userId} WHERE user_id = ${seeded.userId}', r.table_name);
         END LOOP; END $$`,
    );
    await t.app.db.pool.query(`UPDATE agenda_jobs SET data = jsonb_set(data, '{userId}', to_jsonb($1::int)) WHERE data->>'userId' = $2`, [userId, String(seeded.userId)]);
    const before = await rowsOfUser(t.app.db.pool, userId, 6102);
    expect(before.counts.contacts).toBeGreaterThan(0);

    user.send('/privacy');
    await user.waitFor(/We keep/);
    user.press(/Delete my account/);
    await user.waitFor(/Delete your account\?/);
    user.press('Yes, delete everything');
    await user.waitFor(/type the word DELETE/);
    user.send('no thanks');
    await user.waitFor(/Deletion cancelled/);
    expect(await userIdOf(6102)).toBe(userId);

    user.press(/Delete my account/);
    await user.waitFor(/Delete your account\?/);
    user.press('Yes, delete everything');
    await user.waitFor(/type the word DELETE/);
    user.send('delete');
    await user.waitFor(/all your data have been deleted/);
    await expect.poll(async () => Object.entries((await rowsOfUser(t.app.db.pool, userId, 6102)).counts).filter(([, n]) => n > 0)).toEqual([]);

    user.send('/start');
    await user.waitFor(/choose your language/);
  });
});
