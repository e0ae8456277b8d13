import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';

const ADMIN = 6301;
const CURRENT = '2026-12-01';

describe('policy versions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { POLICY_VERSION: CURRENT, ADMIN_IDS: String(ADMIN) } });
  });
  afterAll(async () => t.stop());

  const q = async (sql: string, params: unknown[] = []): Promise<unknown[]> => (await t.app.db.pool.query<Record<string, unknown>>(sql, params)).rows;
  const ageUser = (telegramId: number) => q(`UPDATE users SET policy_version = '2026-03-17' WHERE telegram_id = $1`, [telegramId]);

  it('asks a user who accepted an older version to accept the new one before anything else, and records the consent', async () => {
    const user = t.user({ id: 6302, first_name: 'Olga' });
    await registerUser(user);
    await ageUser(6302);

    user.send('/menu');
    const gate = await user.waitFor(/privacy policy has changed \(new version 2026-12-01\)/);
    expect(user.buttons(gate)).toContain('I accept');
    user.pressData('menu:contacts');
    await user.waitFor(/privacy policy has changed/);
    user.press(/Full text/);
    await user.waitFor((m) => m.document !== undefined);
    expect(await q('SELECT policy_version FROM users WHERE telegram_id = 6302')).toEqual([{ policy_version: '2026-03-17' }]);

    user.press('I accept');
    await user.waitFor(/You accepted privacy policy version 2026-12-01/);
    expect(await q(`SELECT c.version FROM consents c JOIN users u ON u.id = c.user_id WHERE u.telegram_id = 6302 AND c.kind = 'privacy_policy' ORDER BY c.id`)).toEqual([
      { version: CURRENT },
      { version: CURRENT },
    ]);
    user.send('/menu');
    await user.waitFor(/Main menu/);
  });

  it('lets an administrator announce the new version to every user still on an older one', async () => {
    const admin = t.user({ id: ADMIN, first_name: 'Admin' });
    await registerUser(admin);
    const stale = [t.user({ id: 6303, first_name: 'A' }), t.user({ id: 6304, first_name: 'B' })];
    for (const u of stale) await registerUser(u);
    const current = t.user({ id: 6305, first_name: 'C' });
    await registerUser(current);
    await ageUser(6303);
    await ageUser(6304);

    admin.send('/admin');
    await admin.waitFor(/Administration/);
    admin.press(/Announce policy 2026-12-01/);
    await admin.waitFor(/has not accepted policy version 2026-12-01/);
    admin.press('Yes, send the notice');
    await admin.waitFor(/being sent to 2 users/);
    for (const u of stale) await u.waitFor(/privacy policy has changed \(new version 2026-12-01\)/, { timeoutMs: 15_000 });
    await expect.poll(async () => q(`SELECT status FROM policy_broadcasts`), { timeout: 10_000 }).toEqual([{ status: 'done' }]);
    expect(current.messages().some((m) => /will be asked to read and accept/.test(m.text ?? ''))).toBe(false);
    expect(await q(`SELECT count(*)::int AS n FROM policy_broadcast_recipients WHERE outcome = 'sent'`)).toEqual([{ n: 2 }]);
  });
});
