import { Migration } from '@mikro-orm/migrations';

/** Contacts (P3), the lists they are imported into, tags, and the record of each file import. */
export class Contacts extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE contact_lists (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(128) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE UNIQUE INDEX contact_lists_user_name_unique ON contact_lists (user_id, lower(name))');
    this.addSql(`
      CREATE TABLE contacts (
        id bigserial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        first_name varchar(255),
        last_name varchar(255),
        phone varchar(32),
        username varchar(64),
        email varchar(320),
        company varchar(255),
        position varchar(255),
        country varchar(64),
        city varchar(128),
        time_zone varchar(64),
        custom jsonb NOT NULL DEFAULT '{}'::jsonb,
        tags text[] NOT NULL DEFAULT '{}',
        reachable boolean NOT NULL DEFAULT true,
        opted_out_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX contacts_user_id_index ON contacts (user_id, id)');
    this.addSql('CREATE UNIQUE INDEX contacts_user_phone_unique ON contacts (user_id, phone) WHERE phone IS NOT NULL');
    this.addSql('CREATE UNIQUE INDEX contacts_user_username_unique ON contacts (user_id, lower(username)) WHERE username IS NOT NULL');
    this.addSql('CREATE UNIQUE INDEX contacts_user_email_unique ON contacts (user_id, email) WHERE email IS NOT NULL');
    this.addSql('CREATE INDEX contacts_tags_index ON contacts USING gin (tags)');
    this.addSql(`
      CREATE TABLE contact_list_members (
        list_id integer NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (list_id, contact_id)
      )`);
    this.addSql('CREATE INDEX contact_list_members_contact_id_index ON contact_list_members (contact_id)');
    this.addSql('CREATE INDEX contact_list_members_user_id_index ON contact_list_members (user_id)');
    this.addSql(`
      CREATE TABLE contact_imports (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        list_id integer REFERENCES contact_lists (id) ON DELETE SET NULL,
        file_name varchar(255) NOT NULL,
        file_sha256 char(64) NOT NULL,
        format varchar(16) NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        imported integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        error_code varchar(64),
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    this.addSql('CREATE INDEX contact_imports_user_id_index ON contact_imports (user_id)');
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS contact_imports, contact_list_members, contacts, contact_lists CASCADE');
  }
}
