import { Migration } from '@mikro-orm/migrations';
import { cascadeFunction, STEP_MATCH } from './20261129120000-delivery-indexes.js';

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
      STEP_MATCH,
      ["d.status = 'queued'", "d.status IN ('sent', 'replied', 'failed')", "d.status = 'skipped'", "d.status = 'sending'"]
        .map((statuses) => `UPDATE deliveries d SET account_id = NULL FROM gone g WHERE d.account_id = g.id AND ${statuses};`)
        .join('\n          '),
    ));
  }

  override down(): void {
    this.addSql(cascadeFunction(STEP_MATCH));
    this.addSql('DROP INDEX IF EXISTS deliveries_account_skipped_index');
  }
}
