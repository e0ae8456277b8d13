// The simulated Telegram users the sandbox page can open chats for, side by side.
import type { TestUserProfile } from './bot-api/index.js';

/** The sandbox's administrator (put in ADMIN_IDS when none are configured). */
export const SANDBOX_ADMIN: TestUserProfile = { id: 900001, first_name: 'Ada', last_name: '(admin)', username: 'ada_admin', language_code: 'en' };

/** Everyone the page offers; ids are fixed so a restarted sandbox finds the same users in its database. */
export const SANDBOX_USERS: readonly TestUserProfile[] = [
  { id: 100001, first_name: 'Alice', username: 'alice_sandbox', language_code: 'en' },
  { id: 100002, first_name: 'Boris', username: 'boris_sandbox', language_code: 'ru' },
  SANDBOX_ADMIN,
];

/** The profile with this id, or undefined (the page may only act as these users). */
export function sandboxUser(id: number): TestUserProfile | undefined {
  return SANDBOX_USERS.find((u) => u.id === id);
}
