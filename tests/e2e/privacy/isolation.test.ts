import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_ACTIONS, COMPOSE_SECTIONS, REPLY_ACTIONS } from '../../../bot/callback-data/campaigns.js';
import { registerUser, startTestApp, type TestApp } from '../../harness/app.js';
import type { TestUser } from '../../../bot/sandbox/bot-api/index.js';
import { seedUserData, type SeededUser } from '../../integration/privacy/user-data.fixture.js';

const SECRET = /Alice(List|Contact|Campaign|Account)Secret|\+4915100000001|c1@example\.com/;

/**
 * User B forges callback data naming user A's objects, for every button family that names an object
 * (contacts, lists, campaigns, replies, accounts, logins). Every attempt must be answered neutrally, show B
 * nothing of A's, and leave A's data exactly as it was.
 */
describe('isolation between users', () => {
  let t: TestApp;
  let a: SeededUser;
  let attemptId: number;
  let deliveryId: number;
  beforeAll(async () => {
    t = await startTestApp();
    a = await seedUserData(t.app.db.pool, 7201, { contacts: 6 });
    const pool = t.app.db.pool;
    // The fixture's conversation state is not the bot's format; A talks to the bot in the control below.
    await pool.query('DELETE FROM bot_state WHERE telegram_user_id = 7201');
    await pool.query(`UPDATE contact_lists SET name = 'AliceListSecret' WHERE id = $1`, [a.listId]);
    await pool.query(`UPDATE contacts SET first_name = 'AliceContactSecret' WHERE user_id = $1`, [a.userId]);
    await pool.query(`UPDATE campaigns SET name = 'AliceCampaignSecret', status = 'draft' WHERE id = $1`, [a.campaignId]);
    await pool.query(`UPDATE sender_accounts SET label = 'AliceAccountSecret' WHERE id = $1`, [a.accountId]);
    attemptId = (await pool.query<{ id: number }>('SELECT id FROM login_attempts WHERE user_id = $1', [a.userId])).rows[0]!.id;
    deliveryId = (await pool.query<{ id: number }>(`SELECT id FROM deliveries WHERE user_id = $1 AND status = 'replied'`, [a.userId])).rows[0]!.id;
  });
  afterAll(async () => t.stop());

  /** A's rows in every table with user_id, as one fingerprint per table. */
  async function fingerprint(userId: number): Promise<Record<string, string>> {
    const { rows: tables } = await t.app.db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE column_name = 'user_id' AND table_schema = current_schema() ORDER BY table_name`,
    );
    const result: Record<string, string> = {};
    for (const { table_name: table } of tables) {
      const { rows } = await t.app.db.pool.query<{ h: string | null }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${table}" x WHERE user_id = $1`, [userId]);
      result[table] = rows[0]?.h ?? '';
    }
    const user = await t.app.db.pool.query<{ h: string }>(`SELECT md5(x::text) AS h FROM users x WHERE id = $1`, [userId]);
    result.users = user.rows[0]!.h;
    return result;
  }

  async function forge(user: TestUser, data: string): Promise<void> {
    const query = user.pressData(data);
    await expect.poll(() => user.callbackAnswers().some((answer) => answer.callbackQueryId === query.id), { timeout: 5000 }).toBe(true);
  }

  it("cannot open, edit, delete or export another user's contacts, lists, campaigns or accounts by forging buttons", async () => {
    const b = t.user({ id: 7202, first_name: 'Bob' });
    await registerUser(b);
    const before = await fingerprint(a.userId);
    const contact = a.contactIds[0]!;
    const list = a.listId;
    const forged = [
      // contacts and lists
      ...['list', 'exp', 'ldel', 'ldk', 'ldc'].map((action) => `cn:${action}:${list}:0`),
      ...['open', 'edit', 'tag', 'untag', 'opt', 'del', 'delok'].map((action) => `cc:${action}:${contact}:0`),
      `cc:f:${contact}:0`,
      // campaigns and reply buttons
      ...CAMPAIGN_ACTIONS.map((action) => `cpa:${action}:${a.campaignId}`),
      ...COMPOSE_SECTIONS.map((section) => `cpe:${section}:${a.campaignId}`),
      ...REPLY_ACTIONS.map((action) => `cpr:${action}:${action === 'answer' ? deliveryId : contact}`),
      // accounts and logins
      ...['aco', 'acd', 'acr', 'acx', 'acy'].map((prefix) => `${prefix}:${a.accountId}`),
      `acs:${a.accountId}:50`,
      `acq:${attemptId}`,
      `acp:${attemptId}`,
    ];
    for (const data of forged) {
      await forge(b, data);
      // A forged button that opened a prompt gets an answer too: it must not land on A's object either.
      if (b.lastMessage() && /type|send|enter/i.test(b.lastMessage()!.text ?? '')) b.send('Hacked');
    }
    b.send('/menu');
    await b.waitFor(/Main menu|did not understand|Cancelled|cancel/i, { timeoutMs: 10_000 }).catch(() => undefined);

    const seen = [...b.messages().map((m) => `${m.text ?? ''} ${m.caption ?? ''} ${b.buttons(m).join(' ')}`), ...b.callbackAnswers().map((x) => x.text ?? '')];
    expect(seen.filter((text) => SECRET.test(text))).toEqual([]);
    expect(await fingerprint(a.userId)).toEqual(before);

    // Control: the same forged-format data, pressed by its owner, does open the objects.
    const alice = t.user({ id: 7201, first_name: 'Alice' });
    alice.send('/menu');
    await alice.waitFor(/Main menu/);
    alice.pressData(`cc:open:${contact}:0`);
    await alice.waitFor(/AliceContactSecret/);
    alice.pressData(`cpa:open:${a.campaignId}`);
    await alice.waitFor(/AliceCampaignSecret/);
    alice.pressData(`aco:${a.accountId}`);
    await alice.waitFor(/AliceAccountSecret/);
  });
});
