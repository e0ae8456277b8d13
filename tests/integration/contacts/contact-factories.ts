import { FakeClock } from '../../../core/clock.js';
import type { Database } from '../../../core/db/database.js';
import { UserService } from '../../../core/users/user.service.js';

let nextTelegramId = 700_000;

/** Registers a user (as onboarding would) and returns their id. */
export async function buildUser(db: Database, overrides: { defaultCountry?: string } = {}): Promise<number> {
  const users = new UserService(db, new FakeClock(new Date('2026-11-29T10:00:00Z')));
  const telegramId = nextTelegramId++;
  const user = await users.register({
    telegramId,
    chatId: telegramId,
    firstName: `User ${telegramId}`,
    language: 'en',
    timeZone: 'Europe/Berlin',
    policyVersion: 'test',
    adultConfirmed: true,
  });
  if (overrides.defaultCountry !== undefined) {
    await db.pool.query('UPDATE users SET default_country = $2 WHERE id = $1', [user.id, overrides.defaultCountry]);
  }
  return user.id;
}

/** A CSV file's bytes from lines. */
export function csv(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** A one-chunk stream source of bytes. */
export async function* bytes(buffer: Buffer): AsyncGenerator<Uint8Array> {
  yield buffer;
}
