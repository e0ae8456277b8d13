import { Migration } from '@mikro-orm/migrations';

/**
 * Reachability pre-flight: the cached answer of one sender account's lookup of one recipient (`recipient` in
 * the `deliveries.recipient` form), valid until `expires_at`. `everywhere` marks answers that hold for every
 * account of the platform (the username or WhatsApp number does not exist), so the other accounts need not
 * spend a lookup on it. `address` is the adapter's opaque resolved address (Telegram's includes the access hash
 * of this account), which lets a send skip its own lookup. Per account: when the next lookup may happen
 * (pacing across workers and runs) and until when lookups rest after a FLOOD_WAIT.
 */
export class RecipientChecks extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE recipient_checks (
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        platform text NOT NULL CHECK (platform IN ('telegram', 'whatsapp')),
        recipient varchar(128) NOT NULL,
        reachable boolean NOT NULL,
        everywhere boolean NOT NULL DEFAULT false,
        address varchar(255),
        platform_user_id varchar(64),
        error_code varchar(32),
        checked_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, recipient)
      )`);
    // Serves the review's per-audience counts and erasure by user.
    this.addSql('CREATE INDEX recipient_checks_user_recipient_index ON recipient_checks (user_id, recipient)');
    this.addSql(`
      CREATE TABLE account_check_state (
        account_id integer PRIMARY KEY REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        next_check_at timestamptz,
        paused_until timestamptz
      )`);
    this.addSql('CREATE INDEX account_check_state_user_id_index ON account_check_state (user_id)');
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS account_check_state, recipient_checks');
  }
}
