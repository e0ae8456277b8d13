import { Migration } from '@mikro-orm/migrations';

/**
 * An import run that committed and then died before it reported (a worker killed between the commit and the
 * summary) is run again by its job; the second run finds its own record by `run_key` and reports the counts the
 * first one stored, instead of "already imported" with zeros. `extended` and `unreachable` complete those counts.
 */
export class ImportRuns extends Migration {
  override up(): void {
    this.addSql(`ALTER TABLE contact_imports
      ADD COLUMN run_key varchar(64),
      ADD COLUMN extended integer NOT NULL DEFAULT 0,
      ADD COLUMN unreachable integer NOT NULL DEFAULT 0`);
  }

  override down(): void {
    this.addSql('ALTER TABLE contact_imports DROP COLUMN IF EXISTS run_key, DROP COLUMN IF EXISTS extended, DROP COLUMN IF EXISTS unreachable');
  }
}
