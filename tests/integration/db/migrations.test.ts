import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/db/database.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('create every table of the foundation', async () => {
    const { rows } = await t.db.pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['users', 'consents', 'bot_state', 'age_gate_refusals', 'agenda_jobs', 'mikro_orm_migrations', 'sender_accounts', 'account_credentials', 'account_leases', 'login_attempts', 'contacts', 'contact_lists', 'contact_imports', 'campaigns', 'campaign_steps', 'deliveries', 'admin_audit_log', 'simulated_ledger']),
    );
  });

  it('apply nothing a second time, even from two processes at once', async () => {
    const applied = await Promise.all([migrate(t.db), migrate(t.db)]);
    expect(applied).toEqual([[], []]);
  });
});
