import { Migration } from '@mikro-orm/migrations';

/**
 * Account health: the signals platforms send about a sender account (flood waits and their length, PEER_FLOOD
 * and other restrictions, disconnects), the health state last computed from them (so a move into `cautious`
 * is seen once and restarts the warm-up), and an index to read an account's latest finished sends, from which
 * the failure and reply rates come.
 */
export class AccountHealth extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE account_health_events (
        id bigserial PRIMARY KEY,
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('flood_wait', 'peer_flood', 'restricted', 'disconnected', 'logged_out')),
        detail varchar(64),
        wait_seconds integer,
        until timestamptz,
        at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX account_health_events_account_at_index ON account_health_events (account_id, at)');
    this.addSql('CREATE INDEX account_health_events_user_id_index ON account_health_events (user_id)');
    this.addSql(`ALTER TABLE sender_accounts ADD COLUMN health_state text CHECK (health_state IN ('healthy', 'warming', 'cautious', 'restricted'))`);
    // Partial on finished states: launching inserts only queued rows, so this costs the launch nothing.
    this.addSql(`CREATE INDEX deliveries_account_finished_index ON deliveries (account_id, (coalesce(sent_at, finished_at)) DESC)
                 WHERE status IN ('sent', 'replied', 'failed')`);
  }

  override down(): void {
    this.addSql('DROP INDEX IF EXISTS deliveries_account_finished_index');
    this.addSql('ALTER TABLE sender_accounts DROP COLUMN IF EXISTS health_state');
    this.addSql('DROP TABLE IF EXISTS account_health_events');
  }
}
