import { Migration } from '@mikro-orm/migrations';

/**
 * An import is idempotent per file and settings: the same file sent again with another mapping, default country,
 * sheet or policy (say, after the summary showed numbers without a country code) is imported again instead of
 * being refused as already imported. Imports recorded before have no digest and match no new import.
 */
export class ImportSettings extends Migration {
  override up(): void {
    this.addSql('ALTER TABLE contact_imports ADD COLUMN settings_sha256 char(64)');
  }

  override down(): void {
    this.addSql('ALTER TABLE contact_imports DROP COLUMN IF EXISTS settings_sha256');
  }
}
