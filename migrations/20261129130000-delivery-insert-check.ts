import { Migration } from '@mikro-orm/migrations';
import { ACCOUNT_CHECK, ROW_BY_ROW_CHECKS } from './20261129100000-delivery-references.js';

/**
 * Cheaper reference check for large inserts (launches insert 50,000 rows per statement): the contacts of a
 * one-owner statement (every insert the service makes) are counted with one index scan over the sorted array of
 * the statement's contact ids, a quarter of the time of the anti-join over the whole transition table;
 * statements with several owners keep the anti-join. Same guarantee: every contact exists and belongs to the
 * row's owner. (The id sequence keeps handing out one id at a time: ids order deliveries by creation, and
 * several queries break ties by id.)
 */
export class DeliveryInsertCheck extends Migration {
  override up(): void {
    this.addSql(ONE_OWNER_CHECK_FUNCTION);
  }

  override down(): void {
    this.addSql(checkFunction(ROW_BY_ROW_CHECKS));
  }
}

/** `deliveries_check_inserted` as this migration makes it (a later one's `down` restores it). */
export const ONE_OWNER_CHECK_FUNCTION = checkFunction(`
        owners := array(SELECT DISTINCT user_id FROM new_rows);
        PERFORM lock_owners(719045140, owners, false);
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT step_id, campaign_id, user_id FROM new_rows) AS n
                   WHERE NOT EXISTS (SELECT 1 FROM campaign_steps s WHERE s.id = n.step_id AND s.campaign_id = n.campaign_id AND s.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'deliveries: step, campaign and owner do not match a campaign step' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF cardinality(owners) = 1 THEN
          contact_ids := array(SELECT DISTINCT contact_id FROM new_rows);
          missing := cardinality(contact_ids) <> (SELECT count(*) FROM contacts c WHERE c.id = ANY (contact_ids) AND c.user_id = owners[1]);
        ELSE
          missing := EXISTS (SELECT 1 FROM new_rows AS n WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.contact_id AND c.user_id = n.user_id));
        END IF;
        IF missing THEN
          RAISE EXCEPTION 'deliveries: contact missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;`);

/** `deliveries_check_inserted` with `checks` before the sender account check (unchanged since 20261129100000). */
function checkFunction(checks: string): string {
  return `
    CREATE OR REPLACE FUNCTION deliveries_check_inserted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
    DECLARE
      owners integer[];
      contact_ids bigint[];
      missing boolean;
    BEGIN
      ${checks}
      ${ACCOUNT_CHECK}
      RETURN NULL;
    END $$`;
}
