import { Migration } from '@mikro-orm/migrations';

/**
 * Data exports in progress (P12: one at a time per user) and policy-change broadcasts with the users each one
 * reached (P14: a broadcast resumes after a crash without messaging anyone twice). Rows naming a user cascade
 * with the user (P9); a broadcast itself holds no personal data beyond the sending administrator's id.
 */
export class Privacy extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE data_exports (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    this.addSql(`CREATE UNIQUE INDEX data_exports_running_unique ON data_exports (user_id) WHERE status = 'running'`);
    this.addSql(`
      CREATE TABLE policy_broadcasts (
        id serial PRIMARY KEY,
        policy_version varchar(32) NOT NULL,
        admin_telegram_id bigint NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    this.addSql(`
      CREATE TABLE policy_broadcast_recipients (
        broadcast_id integer NOT NULL REFERENCES policy_broadcasts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
        at timestamptz NOT NULL,
        PRIMARY KEY (broadcast_id, user_id)
      )`);
    this.addSql('CREATE INDEX policy_broadcast_recipients_user_id_index ON policy_broadcast_recipients (user_id)');
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS policy_broadcast_recipients, policy_broadcasts, data_exports CASCADE');
  }
}
