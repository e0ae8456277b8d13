import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';

/**
 * Key/value storage for the bot's sessions and conversations in PostgreSQL. Keys start with the kind and
 * end with the chat id (`conv:123`); in private chats the chat id is the user's Telegram id, which is what
 * lets erasure find a user's state.
 */
export class BotStateStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async read<T>(key: string): Promise<T | undefined> {
    const { rows } = await this.db.pool.query<{ value: T }>('SELECT value FROM bot_state WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async write(key: string, value: unknown): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO bot_state (key, telegram_user_id, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      [key, ownerOf(key), JSON.stringify(value), this.clock.now()],
    );
  }

  async delete(key: string): Promise<void> {
    await this.db.pool.query('DELETE FROM bot_state WHERE key = $1', [key]);
  }
}

function ownerOf(key: string): number | null {
  const id = Number(key.slice(key.lastIndexOf(':') + 1));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
