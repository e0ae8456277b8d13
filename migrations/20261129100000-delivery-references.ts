import { Migration } from '@mikro-orm/migrations';

/**
 * Launching a large campaign inserts one delivery per recipient in one statement. Five foreign keys made that
 * five per-row checks (each a locking lookup run through SPI, ~60 % of the insert's time), so they become one
 * set-based check per statement, with the same guarantees:
 *
 * - An insert's parents must exist, and belong to the delivery's owner (stronger than before): the step with
 *   its campaign and owner (`campaign_steps (id, campaign_id, user_id)`, which also covers the campaign and
 *   the user), the contact, the sender account (if any). Checked once per statement over its transition table.
 *   A row-level trigger checks the rare updates that change a reference (accounts moved by the dispatcher).
 * - Cascades: deleting contacts or steps deletes their deliveries, deleting sender accounts clears
 *   `account_id` (as `ON DELETE SET NULL` did). Deleting a campaign or a user reaches deliveries through
 *   the existing cascades to `campaign_steps` and `contacts`.
 * - Concurrency: a foreign key locked each parent row (FOR KEY SHARE) so a concurrent delete could not leave an
 *   orphan. Here writers of deliveries hold a shared per-owner transaction advisory lock before checking, and
 *   the cascades take it exclusively before deleting, so a delete waits for in-flight inserts of that owner
 *   (then removes their rows), and an insert waiting behind a delete then sees the parent gone and fails.
 *   Checks run with a fresh snapshot per statement, i.e. under READ COMMITTED (every writer of deliveries).
 *
 * Also drops `deliveries_campaign_contact_index`: lookups by contact and campaign use
 * `deliveries_contact_index` (a contact has few deliveries), so it only cost every insert.
 */
export class DeliveryReferences extends Migration {
  override up(): void {
    this.addSql('DROP INDEX IF EXISTS deliveries_campaign_contact_index');
    this.addSql(`ALTER TABLE deliveries
      DROP CONSTRAINT deliveries_user_id_fkey, DROP CONSTRAINT deliveries_campaign_id_fkey, DROP CONSTRAINT deliveries_step_id_fkey,
      DROP CONSTRAINT deliveries_contact_id_fkey, DROP CONSTRAINT deliveries_account_id_fkey`);
    // Per-owner advisory locks that stand in for the foreign keys' row locks; `lock_key` names the family
    // (deliveries 719045140, contacts 719045150), the second key is the user id. Shared by later migrations.
    this.addSql(`
      CREATE FUNCTION lock_owners(lock_key integer, user_ids integer[], exclusive boolean) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE uid integer;
      BEGIN
        -- Ascending, so two writers locking several owners cannot deadlock on each other.
        FOR uid IN SELECT DISTINCT u FROM unnest(user_ids) AS u ORDER BY u LOOP
          IF exclusive THEN PERFORM pg_advisory_xact_lock(lock_key, uid);
          ELSE PERFORM pg_advisory_xact_lock_shared(lock_key, uid);
          END IF;
        END LOOP;
      END $$`);
    // JIT off: compiling these short set-based queries costs more than running them.
    this.addSql(`
      CREATE FUNCTION deliveries_check_inserted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      BEGIN
        ${ROW_BY_ROW_CHECKS}
        ${ACCOUNT_CHECK}
        RETURN NULL;
      END $$`);
    this.addSql(`CREATE TRIGGER deliveries_check_inserted AFTER INSERT ON deliveries
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION deliveries_check_inserted()`);
    // Row by row on purpose: a statement trigger with a transition table would copy every updated row (status
    // changes, retention's mass updates), while only the rare updates that move a reference need a check.
    this.addSql(`
      CREATE FUNCTION deliveries_check_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM lock_owners(719045140, ARRAY[NEW.user_id], false);
        IF NOT EXISTS (SELECT 1 FROM campaign_steps s WHERE s.id = NEW.step_id AND s.campaign_id = NEW.campaign_id AND s.user_id = NEW.user_id)
           OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = NEW.contact_id AND c.user_id = NEW.user_id)
           OR (NEW.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sender_accounts a WHERE a.id = NEW.account_id AND a.user_id = NEW.user_id)) THEN
          RAISE EXCEPTION 'deliveries: delivery % moved to a missing or foreign step, contact or sender account', NEW.id
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(`CREATE TRIGGER deliveries_check_moved AFTER UPDATE OF user_id, campaign_id, step_id, contact_id, account_id ON deliveries
      FOR EACH ROW WHEN (NEW.user_id <> OLD.user_id OR NEW.campaign_id <> OLD.campaign_id OR NEW.step_id <> OLD.step_id
                         OR NEW.contact_id <> OLD.contact_id OR (NEW.account_id IS NOT NULL AND NEW.account_id IS DISTINCT FROM OLD.account_id))
      EXECUTE FUNCTION deliveries_check_moved()`);
    this.addSql(`
      CREATE FUNCTION deliveries_cascade_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      BEGIN
        PERFORM lock_owners(719045140, array(SELECT DISTINCT user_id FROM gone), true);
        CASE TG_TABLE_NAME
          WHEN 'contacts' THEN DELETE FROM deliveries d USING gone g WHERE d.contact_id = g.id;
          WHEN 'campaign_steps' THEN DELETE FROM deliveries d USING gone g WHERE d.step_id = g.id;
          WHEN 'sender_accounts' THEN UPDATE deliveries d SET account_id = NULL FROM gone g WHERE d.account_id = g.id;
        END CASE;
        RETURN NULL;
      END $$`);
    for (const parent of ['contacts', 'campaign_steps', 'sender_accounts']) {
      this.addSql(`CREATE TRIGGER ${parent}_cascade_to_deliveries AFTER DELETE ON ${parent}
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION deliveries_cascade_deleted()`);
    }
  }

  override down(): void {
    for (const parent of ['contacts', 'campaign_steps', 'sender_accounts']) {
      this.addSql(`DROP TRIGGER IF EXISTS ${parent}_cascade_to_deliveries ON ${parent}`);
    }
    this.addSql('DROP TRIGGER IF EXISTS deliveries_check_moved ON deliveries');
    this.addSql('DROP TRIGGER IF EXISTS deliveries_check_inserted ON deliveries');
    this.addSql('DROP FUNCTION IF EXISTS deliveries_cascade_deleted(), deliveries_check_moved(), deliveries_check_inserted(), lock_owners(integer, integer[], boolean)');
    this.addSql(`ALTER TABLE deliveries
      ADD CONSTRAINT deliveries_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
      ADD CONSTRAINT deliveries_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
      ADD CONSTRAINT deliveries_step_id_fkey FOREIGN KEY (step_id) REFERENCES campaign_steps (id) ON DELETE CASCADE,
      ADD CONSTRAINT deliveries_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
      ADD CONSTRAINT deliveries_account_id_fkey FOREIGN KEY (account_id) REFERENCES sender_accounts (id) ON DELETE SET NULL`);
    this.addSql('CREATE INDEX deliveries_campaign_contact_index ON deliveries (campaign_id, contact_id)');
  }
}

/** The reference checks of inserted deliveries, row by row for any owners and steps (later migrations keep them for
 * statements that are not of one owner, campaign and step). */
export const ROW_BY_ROW_CHECKS = `
        PERFORM lock_owners(719045140, array(SELECT DISTINCT user_id FROM new_rows), false);
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT step_id, campaign_id, user_id FROM new_rows) AS n
                   WHERE NOT EXISTS (SELECT 1 FROM campaign_steps s WHERE s.id = n.step_id AND s.campaign_id = n.campaign_id AND s.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'deliveries: step, campaign and owner do not match a campaign step' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows AS n
                   WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.contact_id AND c.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'deliveries: contact missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;`;

/** The sender account check of inserted deliveries. */
export const ACCOUNT_CHECK = `
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT account_id, user_id FROM new_rows WHERE account_id IS NOT NULL) AS n
                   WHERE NOT EXISTS (SELECT 1 FROM sender_accounts a WHERE a.id = n.account_id AND a.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'deliveries: sender account missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;`;
