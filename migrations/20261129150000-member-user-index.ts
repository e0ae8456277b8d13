import { Migration } from '@mikro-orm/migrations';

/**
 * One index fewer on `contact_list_members`, whose rows an import writes by the hundred thousand: the index by
 * owner served only the data export, which now reads member rows through the owner's lists (primary key
 * `(list_id, contact_id)`). Every other reader names the list or the contact; cascades go by contact and by list.
 */
export class MemberUserIndex extends Migration {
  override up(): void {
    this.addSql('DROP INDEX IF EXISTS contact_list_members_user_id_index');
  }

  override down(): void {
    this.addSql('CREATE INDEX contact_list_members_user_id_index ON contact_list_members (user_id)');
  }
}
