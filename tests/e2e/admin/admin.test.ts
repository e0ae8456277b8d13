import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';

const ADMIN = 6201;

describe('administration through the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_IDS: String(ADMIN) } });
  });
  afterAll(async () => t.stop());

  const q = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.app.db.pool.query<R>(sql, params)).rows;

  it('gives non-admins the normal unknown-command answer for /admin and ignores forged admin buttons', async () => {
    const user = t.user({ id: 6202, first_name: 'Plain' });
    await registerUser(user);
    user.send('/admin');
    await user.waitFor(/did not understand that/);
    const answered = user.callbackAnswers().length;
    user.pressData('adm:stats');
    user.pressData(`adu:suspend:${(await q<{ id: number }>('SELECT id FROM users WHERE telegram_id = 6202'))[0]!.id}`);
    await expect.poll(() => user.callbackAnswers().slice(answered).map((a) => a.text)).toEqual([expect.stringMatching(/expired/), expect.stringMatching(/expired/)]);
    expect(await q('SELECT status FROM users WHERE telegram_id = 6202')).toEqual([{ status: 'active' }]);
    expect(await q('SELECT * FROM admin_audit_log')).toEqual([]);
  });

  it('finds a user by username, shows their usage, suspends and unsuspends them, with an audit trail', async () => {
    const admin = t.user({ id: ADMIN, first_name: 'Admin' });
    await registerUser(admin);
    const target = t.user({ id: 6203, first_name: 'Target', username: 'target_user' });
    await registerUser(target);
    const [{ id: targetId }] = (await q<{ id: number }>('SELECT id FROM users WHERE telegram_id = 6203')) as [{ id: number }];
    await t.app.db.pool.query(
      `INSERT INTO campaigns (user_id, name, status, created_at, updated_at) VALUES ($1, 'Live', 'running', now(), now()), ($1, 'Draft', 'draft', now(), now())`,
      [targetId],
    );
    await t.app.db.pool.query(`INSERT INTO contacts (user_id, first_name, created_at, updated_at) VALUES ($1, 'C1', now(), now()), ($1, 'C2', now(), now())`, [targetId]);

    admin.send('/admin');
    await admin.waitFor(/Administration/);
    admin.press(/Find a user/);
    await admin.waitFor(/Telegram id, internal id or @username/);
    admin.send('@Target_User');
    const card = await admin.waitFor(/User #/);
    expect(card.text).toContain(`User #${targetId} (Telegram id 6203)`);
    expect(card.text).toMatch(/Contacts: 2/);
    expect(card.text).toMatch(/Campaigns: 2/);
    expect(card.text).toMatch(/Status: active/);

    admin.press(/Suspend/);
    await admin.waitFor(/is suspended; 1 campaigns were paused/);
    await target.waitFor(/suspended by an administrator/);
    expect(await q('SELECT name, status FROM campaigns WHERE user_id = $1 ORDER BY name', [targetId])).toEqual([
      { name: 'Draft', status: 'draft' },
      { name: 'Live', status: 'paused' },
    ]);
    target.send('/menu');
    await target.waitFor(/Your account is suspended/);

    admin.press(new RegExp(`User #${targetId}`));
    await admin.waitFor(/Status: suspended/);
    admin.press(/Unsuspend/);
    await admin.waitFor(/is active again/);
    await target.waitFor(/active again/);
    target.send('/menu');
    await target.waitFor(/Main menu/);

    const audit = await q<{ admin_telegram_id: number; action: string; target_user_id: number | null }>(
      'SELECT admin_telegram_id, action, target_user_id FROM admin_audit_log ORDER BY id',
    );
    expect(audit).toEqual([
      { admin_telegram_id: ADMIN, action: 'user.find', target_user_id: targetId },
      { admin_telegram_id: ADMIN, action: 'user.suspend', target_user_id: targetId },
      { admin_telegram_id: ADMIN, action: 'user.view', target_user_id: targetId },
      { admin_telegram_id: ADMIN, action: 'user.unsuspend', target_user_id: targetId },
    ]);
  });

  it('deletes a user with confirmation, keeping only the audit entry with the id', async () => {
    const admin = t.user({ id: ADMIN, first_name: 'Admin' });
    const target = t.user({ id: 6204, first_name: 'Gone' });
    await registerUser(target);
    const [{ id: targetId }] = (await q<{ id: number }>('SELECT id FROM users WHERE telegram_id = 6204')) as [{ id: number }];
    admin.send('/admin');
    await admin.waitFor(/Administration/);
    admin.press(/Find a user/);
    await admin.waitFor(/Telegram id/);
    admin.send('6204');
    await admin.waitFor(/User #/);
    admin.press(/Delete user/);
    await admin.waitFor(/Delete user #\d+ and all their data\?/);
    admin.press(/Yes, delete user/);
    await admin.waitFor(/and all their data were deleted/);
    expect(await q('SELECT 1 FROM users WHERE telegram_id = 6204')).toEqual([]);
    expect(await q(`SELECT action FROM admin_audit_log WHERE target_user_id = $1 AND action = 'user.delete'`, [targetId])).toHaveLength(1);
    target.send('/menu');
    await target.waitFor(/send \/start first/);
  });

  it('shows service statistics including age-gate refusals', async () => {
    const minor = t.user({ id: 6205, first_name: 'Kid' });
    minor.send('/start');
    await minor.waitFor(/choose your language/);
    minor.press('English');
    await minor.waitFor(/18 years old/);
    minor.press('No');
    await minor.waitFor(/not available/);
    const admin = t.user({ id: ADMIN, first_name: 'Admin' });
    admin.send('/admin');
    await admin.waitFor(/Administration/);
    admin.press(/Statistics/);
    const stats = await admin.waitFor(/Service statistics/);
    expect(stats.text).toMatch(/Users: 3 \(suspended: 0\)/);
    expect(stats.text).toMatch(/Age-gate refusals: 1/);
  });
});
