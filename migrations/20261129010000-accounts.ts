import { Migration } from '@mikro-orm/migrations';

/**
 * Connected messenger accounts (P2), their encrypted credentials (P10: deleted with the account or on
 * disconnect), the lease that gives one worker the account's only live connection, login attempts driven by
 * the session host, and per-day usage for caps and warm-up.
 */
export class Accounts extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE sender_accounts (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN ('telegram', 'whatsapp')),
        label varchar(64),
        display_name varchar(255),
        phone varchar(32),
        username varchar(64),
        platform_user_id varchar(64),
        status text NOT NULL DEFAULT 'connecting' CHECK (status IN ('connecting', 'active', 'limited', 'disconnected')),
        limited_until timestamptz,
        status_reason varchar(255),
        daily_limit integer NOT NULL DEFAULT 20 CHECK (daily_limit BETWEEN 1 AND 1000),
        warmup_started_at timestamptz,
        last_restricted_at timestamptz,
        connected_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX sender_accounts_user_id_index ON sender_accounts (user_id)');
    this.addSql(`CREATE UNIQUE INDEX sender_accounts_identity_unique ON sender_accounts (user_id, platform, platform_user_id)
                 WHERE platform_user_id IS NOT NULL AND status <> 'disconnected'`);
    this.addSql(`
      CREATE TABLE account_credentials (
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        value text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, key)
      )`);
    this.addSql('CREATE INDEX account_credentials_user_id_index ON account_credentials (user_id)');
    this.addSql(`
      CREATE TABLE account_leases (
        account_id integer PRIMARY KEY REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        owner varchar(255),
        expires_at timestamptz,
        fencing_token bigint NOT NULL DEFAULT 0,
        renewed_at timestamptz
      )`);
    this.addSql('CREATE INDEX account_leases_expires_at_index ON account_leases (expires_at)');
    this.addSql(`
      CREATE TABLE login_attempts (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        method text NOT NULL CHECK (method IN ('phone_code', 'qr', 'pairing_code')),
        phone varchar(32),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'waiting_code', 'waiting_password', 'waiting_scan', 'done', 'failed', 'cancelled')),
        pending_input text,
        pending_input_kind text CHECK (pending_input_kind IN ('code', 'password')),
        error_code varchar(64),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX login_attempts_account_id_index ON login_attempts (account_id)');
    this.addSql('CREATE INDEX login_attempts_user_id_index ON login_attempts (user_id)');
    this.addSql(`
      CREATE TABLE account_daily_usage (
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day date NOT NULL,
        sent integer NOT NULL DEFAULT 0,
        checks integer NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, day)
      )`);
    this.addSql('CREATE INDEX account_daily_usage_user_id_index ON account_daily_usage (user_id)');
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS account_daily_usage, login_attempts, account_leases, account_credentials, sender_accounts CASCADE');
  }
}
