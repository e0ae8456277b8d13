import { Migration } from '@mikro-orm/migrations';
import { ACCOUNT_CHECK, ROW_BY_ROW_CHECKS } from './20261129100000-delivery-references.js';
import { ONE_OWNER_CHECK_FUNCTION } from './20261129130000-delivery-insert-check.js';

/**
 * The reference check of inserted deliveries reads the statement's rows once instead of four times. Every insert
 * the service makes is of one owner, one campaign and one step (a launch range: 50,000 rows); one pass finds that
 * out and collects the contact ids and the distinct accounts, and then one lookup each checks the step, the
 * contacts and the accounts. That took 150–180 ms of a launch range's critical path (four scans of the transition
 * table, a sort of its contact ids). Other statements keep the general check row by row. Same guarantee: the
 * step belongs to the campaign and the owner, every contact and account exists and is the row owner's, checked
 * after waiting for the owner's lock (so a concurrent deletion is seen).
 */
export class DeliveryInsertOnePass extends Migration {
  override up(): void {
    this.addSql(`
      CREATE OR REPLACE FUNCTION deliveries_check_inserted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      DECLARE
        f record;
      BEGIN
        SELECT min(user_id) AS owner, max(user_id) AS last_owner, min(campaign_id) AS campaign, max(campaign_id) AS last_campaign,
               min(step_id) AS step, max(step_id) AS last_step, array_agg(contact_id) AS contacts,
               array_agg(DISTINCT account_id) FILTER (WHERE account_id IS NOT NULL) AS accounts
        INTO f FROM new_rows;
        IF f.owner IS NULL THEN
          RETURN NULL;
        END IF;
        IF f.owner <> f.last_owner OR f.campaign <> f.last_campaign OR f.step <> f.last_step THEN
          ${ROW_BY_ROW_CHECKS}
          ${ACCOUNT_CHECK}
          RETURN NULL;
        END IF;
        PERFORM lock_owners(719045140, ARRAY[f.owner], false);
        IF NOT EXISTS (SELECT 1 FROM campaign_steps s WHERE s.id = f.step AND s.campaign_id = f.campaign AND s.user_id = f.owner) THEN
          RAISE EXCEPTION 'deliveries: step, campaign and owner do not match a campaign step' USING ERRCODE = 'foreign_key_violation';
        END IF;
        -- One step: the unique (contact_id, step_id) index has refused a contact twice before this runs, so the ids
        -- are distinct and every one must be found (were one repeated, the counts would differ: refused, never let through).
        IF cardinality(f.contacts) <> (SELECT count(*) FROM contacts c WHERE c.id = ANY (f.contacts) AND c.user_id = f.owner) THEN
          RAISE EXCEPTION 'deliveries: contact missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF f.accounts IS NOT NULL
           AND cardinality(f.accounts) <> (SELECT count(*) FROM sender_accounts a WHERE a.id = ANY (f.accounts) AND a.user_id = f.owner) THEN
          RAISE EXCEPTION 'deliveries: sender account missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
  }

  override down(): void {
    this.addSql(ONE_OWNER_CHECK_FUNCTION);
  }
}
