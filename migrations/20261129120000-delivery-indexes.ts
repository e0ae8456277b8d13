import { Migration } from '@mikro-orm/migrations';

/**
 * Two fewer index entries per delivery, for launches of large campaigns (each entry cost about 0.3 s of server
 * time per 100,000 rows):
 *
 * - The uniqueness of a step's contact becomes `(contact_id, step_id)`, which also serves every lookup by
 *   contact (overlap with other campaigns, opt-outs, contact deletion), so `deliveries_contact_index` goes.
 *   Lookups by step go through the campaign (`deliveries_campaign_status_index`); the step cascade below
 *   does so too.
 * - `deliveries_user_id_index` goes: user-wide reads (overall statistics, the data export, the admin's usage)
 *   go through the user's campaigns (`ownedDeliveriesSql`), and erasure reaches deliveries through the
 *   cascades from contacts and steps.
 */
export class DeliveryIndexes extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE deliveries ADD CONSTRAINT deliveries_contact_id_step_id_key UNIQUE (contact_id, step_id)');
    this.addSql('ALTER TABLE deliveries DROP CONSTRAINT deliveries_step_id_contact_id_key');
    this.addSql('DROP INDEX IF EXISTS deliveries_contact_index, deliveries_user_id_index');
    this.addSql(cascadeFunction(STEP_MATCH));
  }

  override down(): void {
    this.addSql(cascadeFunction('d.step_id = g.id'));
    this.addSql('CREATE INDEX deliveries_user_id_index ON deliveries (user_id)');
    this.addSql('CREATE INDEX deliveries_contact_index ON deliveries (contact_id, sent_at)');
    this.addSql('ALTER TABLE deliveries ADD CONSTRAINT deliveries_step_id_contact_id_key UNIQUE (step_id, contact_id)');
    this.addSql('ALTER TABLE deliveries DROP CONSTRAINT deliveries_contact_id_step_id_key');
  }
}

/** How the cascade finds a deleted step's deliveries (by campaign and step). */
export const STEP_MATCH = 'd.campaign_id = g.campaign_id AND d.step_id = g.id';

/**
 * The cascade of migration 20261129100000, with `stepMatch` finding a deleted step's deliveries and `accountGone`
 * un-assigning a deleted sender account's (a later migration changes that branch).
 */
export function cascadeFunction(
  stepMatch: string,
  accountGone = 'UPDATE deliveries d SET account_id = NULL FROM gone g WHERE d.account_id = g.id;',
): string {
  return `
    CREATE OR REPLACE FUNCTION deliveries_cascade_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
    BEGIN
      PERFORM lock_owners(719045140, array(SELECT DISTINCT user_id FROM gone), true);
      CASE TG_TABLE_NAME
        WHEN 'contacts' THEN DELETE FROM deliveries d USING gone g WHERE d.contact_id = g.id;
        WHEN 'campaign_steps' THEN DELETE FROM deliveries d USING gone g WHERE ${stepMatch};
        WHEN 'sender_accounts' THEN
          ${accountGone}
      END CASE;
      RETURN NULL;
    END $$`;
}
