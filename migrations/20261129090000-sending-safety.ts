import { Migration } from '@mikro-orm/migrations';

/**
 * What planning needs to send safely: each delivery's own window zone (recipient's local time; null = the
 * campaign's zone) and whether the recipient was warm (already in a dialog or the address book of the sending
 * account) when it was planned; and the peers each sender account already knows, in the same `recipient`
 * form as deliveries (`username:<lower-case name>` or `phone:<E.164>`).
 */
export class SendingSafety extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE deliveries ADD COLUMN time_zone varchar(64), ADD COLUMN warm boolean NOT NULL DEFAULT false');
    this.addSql(`
      CREATE TABLE account_peers (
        account_id integer NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        peer varchar(128) NOT NULL,
        source text NOT NULL CHECK (source IN ('dialog', 'address_book', 'delivery')),
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, peer)
      )`);
    this.addSql('CREATE INDEX account_peers_user_id_index ON account_peers (user_id)');
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS account_peers');
    this.addSql('ALTER TABLE deliveries DROP COLUMN IF EXISTS warm, DROP COLUMN IF EXISTS time_zone');
  }
}
