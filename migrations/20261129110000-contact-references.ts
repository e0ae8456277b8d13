import { Migration } from '@mikro-orm/migrations';

const MEMBER_KEYS = ['list_id', 'contact_id', 'user_id'] as const;

/**
 * A contact import inserts every new contact and its list membership in one statement. The foreign keys
 * of `contacts` (to `users`) and of `contact_list_members` (to `contact_lists`, `contacts`, `users`) made that
 * four per-row checks (each a locking lookup run through SPI: most of the import's merge time). They become
 * one set-based check per statement, as `deliveries` did in 20261129100000-delivery-references, with the
 * same guarantees:
 *
 * - A new contact's owner must exist; a new member row's list and contact must exist and belong to its
 *   owner (`user_id`; stronger than before). Checked once per statement over its transition table; row-level
 *   triggers check the rare updates that change a reference.
 * - Cascades: deleting users deletes their contacts; deleting contacts or lists deletes their member rows
 *   (so deleting a user reaches member rows through contacts and lists, as before).
 * - Concurrency: a foreign key locked each parent row (FOR KEY SHARE) so a concurrent delete could not leave an
 *   orphan. Here writers of contacts and member rows hold a shared per-owner transaction advisory lock before
 *   checking, and the cascades take it exclusively before deleting, so a delete waits for in-flight inserts
 *   of that owner (then removes their rows), and an insert waiting behind a delete then sees the parent gone
 *   and fails. Checks run with a fresh snapshot per statement, i.e. under READ COMMITTED (every writer).
 */
export class ContactReferences extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE contacts DROP CONSTRAINT contacts_user_id_fkey');
    this.addSql(`ALTER TABLE contact_list_members ${MEMBER_KEYS.map((k) => `DROP CONSTRAINT contact_list_members_${k}_fkey`).join(', ')}`);
    // Owner locks: `lock_owners` from migration 20261129100000, family 719045150.
    // JIT off: compiling these short set-based queries costs more than running them.
    this.addSql(`
      CREATE FUNCTION contacts_check_inserted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      DECLARE owners integer[] := array(SELECT DISTINCT user_id FROM new_rows);
      BEGIN
        PERFORM lock_owners(719045150, owners, false);
        IF EXISTS (SELECT 1 FROM unnest(owners) AS o (id) WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.id)) THEN
          RAISE EXCEPTION 'contacts: owner missing' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(`
      CREATE FUNCTION contact_list_members_check_inserted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      BEGIN
        PERFORM lock_owners(719045150, array(SELECT DISTINCT user_id FROM new_rows), false);
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT list_id, user_id FROM new_rows) AS n
                   WHERE NOT EXISTS (SELECT 1 FROM contact_lists l WHERE l.id = n.list_id AND l.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'contact_list_members: list missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows AS n
                   WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.contact_id AND c.user_id = n.user_id)) THEN
          RAISE EXCEPTION 'contact_list_members: contact missing or not the owner''s' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['contacts', 'contact_list_members']) {
      this.addSql(`CREATE TRIGGER ${table}_check_inserted AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_check_inserted()`);
    }
    // Row by row on purpose: only the rare updates that move a reference need a check.
    this.addSql(`
      CREATE FUNCTION contact_references_check_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM lock_owners(719045150, ARRAY[NEW.user_id], false);
        IF TG_TABLE_NAME = 'contacts' THEN
          IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.user_id) THEN
            RAISE EXCEPTION 'contacts: contact % moved to a missing owner', NEW.id USING ERRCODE = 'foreign_key_violation';
          END IF;
        ELSIF NOT EXISTS (SELECT 1 FROM contact_lists l WHERE l.id = NEW.list_id AND l.user_id = NEW.user_id)
           OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = NEW.contact_id AND c.user_id = NEW.user_id) THEN
          RAISE EXCEPTION 'contact_list_members: member moved to a missing or foreign list or contact' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    this.addSql(`CREATE TRIGGER contacts_check_moved AFTER UPDATE OF user_id ON contacts
      FOR EACH ROW WHEN (NEW.user_id <> OLD.user_id) EXECUTE FUNCTION contact_references_check_moved()`);
    this.addSql(`CREATE TRIGGER contact_list_members_check_moved AFTER UPDATE OF ${MEMBER_KEYS.join(', ')} ON contact_list_members
      FOR EACH ROW WHEN (${MEMBER_KEYS.map((k) => `NEW.${k} <> OLD.${k}`).join(' OR ')}) EXECUTE FUNCTION contact_references_check_moved()`);
    this.addSql(`
      CREATE FUNCTION contact_references_cascade_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
      BEGIN
        CASE TG_TABLE_NAME
          WHEN 'users' THEN
            PERFORM lock_owners(719045150, array(SELECT id FROM gone), true);
            DELETE FROM contacts c USING gone g WHERE c.user_id = g.id;
          WHEN 'contacts' THEN
            PERFORM lock_owners(719045150, array(SELECT DISTINCT user_id FROM gone), true);
            DELETE FROM contact_list_members m USING gone g WHERE m.contact_id = g.id;
          WHEN 'contact_lists' THEN
            PERFORM lock_owners(719045150, array(SELECT DISTINCT user_id FROM gone), true);
            DELETE FROM contact_list_members m USING gone g WHERE m.list_id = g.id;
        END CASE;
        RETURN NULL;
      END $$`);
    for (const [parent, child] of [['users', 'contacts'], ['contacts', 'list_members'], ['contact_lists', 'list_members']] as const) {
      this.addSql(`CREATE TRIGGER ${parent}_cascade_to_${child} AFTER DELETE ON ${parent}
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION contact_references_cascade_deleted()`);
    }
  }

  override down(): void {
    for (const [parent, child] of [['users', 'contacts'], ['contacts', 'list_members'], ['contact_lists', 'list_members']] as const) {
      this.addSql(`DROP TRIGGER IF EXISTS ${parent}_cascade_to_${child} ON ${parent}`);
    }
    for (const table of ['contacts', 'contact_list_members']) {
      this.addSql(`DROP TRIGGER IF EXISTS ${table}_check_moved ON ${table}`);
      this.addSql(`DROP TRIGGER IF EXISTS ${table}_check_inserted ON ${table}`);
    }
    this.addSql(`DROP FUNCTION IF EXISTS contact_references_cascade_deleted(), contact_references_check_moved(),
      contact_list_members_check_inserted(), contacts_check_inserted()`);
    this.addSql('ALTER TABLE contacts ADD CONSTRAINT contacts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE');
    this.addSql(`ALTER TABLE contact_list_members
      ADD CONSTRAINT contact_list_members_list_id_fkey FOREIGN KEY (list_id) REFERENCES contact_lists (id) ON DELETE CASCADE,
      ADD CONSTRAINT contact_list_members_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
      ADD CONSTRAINT contact_list_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE`);
  }
}
