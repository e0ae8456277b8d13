import { Migration } from '@mikro-orm/migrations';

/**
 * Campaigns (P4) with their steps, and one delivery record per (step, contact) (P5). Rendered text lives in
 * `deliveries.rendered_text` only while the delivery can still be retried (P6).
 */
export class Campaigns extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE campaigns (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(128) NOT NULL,
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
        channel text NOT NULL DEFAULT 'telegram' CHECK (channel IN ('telegram', 'whatsapp', 'any')),
        preferred_channel text NOT NULL DEFAULT 'telegram' CHECK (preferred_channel IN ('telegram', 'whatsapp')),
        audience jsonb NOT NULL DEFAULT '{}'::jsonb,
        account_ids integer[] NOT NULL DEFAULT '{}',
        schedule jsonb NOT NULL DEFAULT '{}'::jsonb,
        allow_overlap boolean NOT NULL DEFAULT false,
        progress_message_id bigint,
        progress_updated_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        launched_at timestamptz,
        finished_at timestamptz
      )`);
    this.addSql('CREATE INDEX campaigns_user_id_index ON campaigns (user_id)');
    this.addSql(`
      CREATE TABLE campaign_steps (
        id serial PRIMARY KEY,
        campaign_id integer NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        position integer NOT NULL,
        template text NOT NULL,
        delay_seconds integer NOT NULL DEFAULT 0,
        UNIQUE (campaign_id, position)
      )`);
    this.addSql('CREATE INDEX campaign_steps_user_id_index ON campaign_steps (user_id)');
    this.addSql(`
      CREATE TABLE deliveries (
        id bigserial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        campaign_id integer NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        step_id integer NOT NULL REFERENCES campaign_steps (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        account_id integer REFERENCES sender_accounts (id) ON DELETE SET NULL,
        channel text NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
        recipient varchar(128) NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'sending', 'sent', 'replied', 'failed', 'skipped')),
        planned_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        client_message_id varchar(64),
        platform_message_id varchar(128),
        rendered_text text,
        error_code varchar(64),
        error_text varchar(500),
        queued_at timestamptz NOT NULL,
        sending_at timestamptz,
        sent_at timestamptz,
        replied_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL,
        UNIQUE (step_id, contact_id)
      )`);
    this.addSql('CREATE INDEX deliveries_campaign_status_index ON deliveries (campaign_id, status)');
    this.addSql(`CREATE INDEX deliveries_due_index ON deliveries (account_id, planned_at) WHERE status = 'queued'`);
    this.addSql('CREATE INDEX deliveries_contact_index ON deliveries (contact_id, sent_at)');
    this.addSql('CREATE INDEX deliveries_user_id_index ON deliveries (user_id)');
    // Administrators' actions, kept after the target's deletion: ids only, no personal data (P16).
    this.addSql(`
      CREATE TABLE admin_audit_log (
        id bigserial PRIMARY KEY,
        admin_telegram_id bigint NOT NULL,
        action varchar(64) NOT NULL,
        target_user_id integer,
        created_at timestamptz NOT NULL
      )`);
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS admin_audit_log, deliveries, campaign_steps, campaigns CASCADE');
  }
}
