import { Migration } from '@mikro-orm/migrations';

/**
 * Deleting a sender account un-assigns its deliveries without reading the whole table. The cascade's single
 * `UPDATE … WHERE account_id = …` had no index it could use (every index by account is partial), so it scanned
 * every user's deliveries. It becomes one statement per set of statuses a partial index by account covers:
 * queued (`deliveries_due_index`), sent, replied and failed (`deliveries_account_finished_index`), skipped (the new
 * `deliveries_account_skipped_index`), and sending, which is rare and transient (`deliveries_sending_index`).
 * Launches insert only queued rows, so the new index costs them nothing.
 */
export class AccountCascadePaths extends Migration {
  override up(): void {
    this.addSql(`CREATE INDEX deliveries_account_skipped_index ON deliveries (account_id) WHERE status = 'skipped'`);
    this.addSql(cascadeFunction(
      ["d.status = 'queued'", "d.status IN ('sent', 'replied', 'failed')", "d.status = 'skipped'", "d.status = 'sending'"]
        .map((statuses) => `UPDATE deliveries d SET account_id = NULL FROM gone g WHERE d.account_id = g.id AND ${statuses};`)
        .join('\n          '),
    ));
  }

  override down(): void {
    this.addSql(cascadeFunction('UPDATE deliveries d SET account_id = NULL FROM gone g WHERE d.account_id = g.id;'));
    this.addSql('DROP INDEX IF EXISTS deliveries_account_skipped_index');
  }
}

/** The cascade of migration 20261129120000-delivery-indexes, with `accountGone` run for deleted sender accounts. */
function cascadeFunction(accountGone: string): string {
  return `
    CREATE OR REPLACE FUNCTION deliveries_cascade_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
    BEGIN
      PERFORM lock_owners(719045140, array(SELECT DISTINCT user_id FROM gone), true);
      CASE TG_TABLE_NAME
        WHEN 'contacts' THEN DELETE FROM deliveries d USING gone g WHERE d.contact_id = g.id;
        WHEN 'campaign_steps' THEN DELETE FROM deliveries d USING gone g WHERE d.campaign_id = g.campaign_id AND d.step_id = g.id;
        WHEN 'sender_accounts' THEN
          ${accountGone}
      END CASE;
      RETURN NULL;
    END $$`;
}
