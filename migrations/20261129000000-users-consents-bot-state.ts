import { Migration } from '@mikro-orm/migrations';

/** Users with their consent records, the bot's conversation state, the age-gate refusal counter, Agenda's jobs. */
export class UsersConsentsBotState extends Migration {
  override up(): void {
    this.addSql(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        telegram_id bigint NOT NULL UNIQUE,
        chat_id bigint NOT NULL,
        username varchar(255),
        first_name varchar(255) NOT NULL,
        last_name varchar(255),
        language varchar(8) NOT NULL,
        time_zone varchar(64) NOT NULL,
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        policy_version varchar(32) NOT NULL,
        policy_accepted_at timestamptz NOT NULL,
        adult_confirmed_at timestamptz NOT NULL,
        default_country varchar(2),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    this.addSql(`
      CREATE TABLE consents (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('privacy_policy', 'age_18')),
        version varchar(32) NOT NULL,
        accepted_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX consents_user_id_index ON consents (user_id)');
    this.addSql(`
      CREATE TABLE bot_state (
        key varchar(255) PRIMARY KEY,
        telegram_user_id bigint,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    this.addSql('CREATE INDEX bot_state_telegram_user_id_index ON bot_state (telegram_user_id)');
    // P13: refusals of the age gate are counted per day, with nothing about who refused.
    this.addSql(`
      CREATE TABLE age_gate_refusals (
        day date PRIMARY KEY,
        count integer NOT NULL
      )`);
    // Agenda's job table, created here so the schema exists only through migrations and erasure can
    // always delete a user's jobs in its transaction. The backend's own ensureSchema is idempotent on top.
    this.addSql(`
      CREATE TABLE agenda_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(255) NOT NULL,
        priority integer NOT NULL DEFAULT 0,
        next_run_at timestamptz,
        type varchar(10) NOT NULL DEFAULT 'normal' CHECK (type IN ('normal', 'single')),
        locked_at timestamptz,
        last_finished_at timestamptz,
        failed_at timestamptz,
        fail_count integer,
        fail_reason text,
        repeat_timezone varchar(100),
        last_run_at timestamptz,
        repeat_interval varchar(255),
        data jsonb DEFAULT '{}'::jsonb,
        repeat_at varchar(255),
        disabled boolean DEFAULT false,
        progress real,
        fork boolean DEFAULT false,
        last_modified_by varchar(255),
        debounce_started_at timestamptz,
        start_date timestamptz,
        end_date timestamptz,
        skip_days jsonb,
        created_at timestamptz DEFAULT now(),
        updated_at timestamptz DEFAULT now()
      )`);
    this.addSql(`CREATE INDEX agenda_jobs_user_id_index ON agenda_jobs ((data->>'userId'))`);
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS agenda_jobs, age_gate_refusals, bot_state, consents, users CASCADE');
  }
}
