import { Migration } from '@mikro-orm/migrations';

/**
 * The platform user id a delivery reached (from `resolveRecipient`), so an incoming message can be matched
 * to the latest delivery sent from that account to that person; and the due index the dispatcher claims by.
 */
export class DeliveryRecipients extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE deliveries ADD COLUMN recipient_user_id varchar(64)');
    this.addSql(`CREATE INDEX deliveries_reply_match_index ON deliveries (account_id, recipient_user_id, sent_at DESC)
                 WHERE recipient_user_id IS NOT NULL`);
    this.addSql(`CREATE INDEX deliveries_sending_index ON deliveries (sending_at) WHERE status = 'sending'`);
    this.addSql(`CREATE INDEX deliveries_campaign_contact_index ON deliveries (campaign_id, contact_id)`);
  }

  override down(): void {
    this.addSql('DROP INDEX IF EXISTS deliveries_campaign_contact_index, deliveries_sending_index, deliveries_reply_match_index');
    this.addSql('ALTER TABLE deliveries DROP COLUMN IF EXISTS recipient_user_id');
  }
}
