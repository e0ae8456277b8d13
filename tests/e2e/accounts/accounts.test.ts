import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';

// A phone ending in 2 has a 2FA password on the simulated Telegram.
const TELEGRAM_PHONE = '+15550100012';

describe('the Accounts section through the bot', () => {
  let t: TestApp;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    alice = t.user({ id: 6101, first_name: 'Alice', language_code: 'en' });
    await registerUser(alice);
  });
  afterAll(async () => t.stop());

  const query = async <R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> => (await t.app.db.pool.query<R>(sql, params)).rows;
  const accountIdByPlatform = async (platform: string): Promise<number> =>
    (await query<{ id: number }>(`SELECT id FROM sender_accounts WHERE platform = $1 AND status = 'active'`, [platform]))[0]!.id;

  async function openAccounts(): Promise<void> {
    alice.send('/menu');
    await alice.waitFor(/Main menu/);
    alice.press('📱 Accounts');
    await alice.waitFor(/messenger account/);
  }

  it('connects a Telegram account with a login code typed with dashes and a 2FA password, deleting the password message', async () => {
    await openAccounts();
    expect(alice.lastMessage()?.text).toContain('not connected any messenger account');
    alice.press('➕ Connect Telegram');
    await alice.waitFor(/How do you want to connect your Telegram account/);
    alice.press('📞 Phone number and code');
    await alice.waitFor(/Type the phone number/);
    alice.send('12345');
    await alice.waitFor(/not a phone number in international format/);
    alice.send(TELEGRAM_PHONE);
    await alice.waitFor(/sent a login code/, { timeoutMs: 10_000 });
    alice.send('9-9-9-9-9');
    await alice.waitFor(/That code is wrong/);
    alice.send('1-2-3-4-5');
    await alice.waitFor(/two-step verification/);
    const password = alice.send('secret');
    const done = await alice.waitFor(/is connected/);
    expect(done.text).toContain('Simulated 0012');

    expect(t.emulator.callsOf('deleteMessage').some((c) => c.ok && Number(c.params.message_id) === password.message_id)).toBe(true);
    const attempts = await query<{ status: string; pending_input: string | null }>('SELECT status, pending_input FROM login_attempts');
    expect(attempts).toEqual([{ status: 'done', pending_input: null }]);
    // The conversation that read the password ended, and with it every stored update.
    expect(await query(`SELECT 1 FROM bot_state WHERE value::text LIKE '%secret%'`)).toEqual([]);
    const credentials = await query<{ value: string }>('SELECT value FROM account_credentials WHERE account_id = $1', [await accountIdByPlatform('telegram')]);
    expect(credentials.length).toBeGreaterThan(0);
    expect(credentials.every((c) => c.value.startsWith('v1.'))).toBe(true);
  });

  it('connects a WhatsApp account through a QR code sent as a photo', async () => {
    alice.press('« Accounts');
    await alice.waitFor(/Your messenger accounts \(1\)/);
    alice.press('➕ Connect WhatsApp');
    await alice.waitFor(/How do you want to connect your WhatsApp account/);
    alice.press('📷 QR code');
    const qr = await alice.waitFor((m) => m.photo !== undefined, { timeoutMs: 10_000 });
    expect(qr.caption).toContain('Linked devices');
    expect(alice.download(qr).subarray(1, 4).toString()).toBe('PNG');

    const whatsapp = t.app.simulated!.find((c) => c.pendingLinks().some((l) => l.values.length > 0))!;
    expect(await whatsapp.approvePendingLinks('+15550100034')).toBe(1);
    await alice.waitFor(/Simulated 0034 is connected/);
  });

  it('lists both accounts with status and today’s count against the limit, and renames one', async () => {
    alice.press('« Accounts');
    const list = await alice.waitFor(/Your messenger accounts \(2\)/);
    // Accounts connected today warm up: 10 of the default 20 today.
    expect(list.text).toContain('Telegram · Simulated 0012 — active · 0/10 today · 🌱 warming up');
    expect(list.text).toContain('WhatsApp · Simulated 0034 — active · 0/10 today · 🌱 warming up');

    alice.press('Simulated 0012');
    const opened = await alice.waitFor(/Telegram account: Simulated 0012/);
    expect(opened.text).toContain('Health: 🌱 warming up');
    expect(opened.text).toContain('Daily limit today: 10 (your limit: 20)');
    alice.press('✏️ Rename');
    await alice.waitFor(/Type a new name/);
    alice.send('Main line');
    await alice.waitFor(/Renamed to Main line/);
    alice.press('« Accounts');
    const card = await alice.waitFor(/Telegram account: Main line/);
    expect(card.text).toContain(`Phone: ${TELEGRAM_PHONE}`);
  });

  it('disconnects after confirmation: the status changes and the credentials are gone from the database', async () => {
    const accountId = await accountIdByPlatform('telegram');
    expect((await query('SELECT 1 FROM account_credentials WHERE account_id = $1', [accountId])).length).toBeGreaterThan(0);
    alice.press('🔌 Disconnect');
    await alice.waitFor(/Disconnect Main line\?/);
    alice.press('Yes, disconnect');
    await alice.waitFor(/Main line is disconnected and its credentials are deleted/);

    expect(await query('SELECT 1 FROM account_credentials WHERE account_id = $1', [accountId])).toEqual([]);
    expect(await query<{ status: string }>('SELECT status FROM sender_accounts WHERE id = $1', [accountId])).toEqual([{ status: 'disconnected' }]);
    alice.press('« Accounts');
    const list = await alice.waitFor(/Your messenger accounts \(1\)/);
    expect(list.text).not.toContain('Main line');
  });
});
