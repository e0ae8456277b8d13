import type { MigrationObject } from '@mikro-orm/core';
import { UsersConsentsBotState } from './20261129000000-users-consents-bot-state.js';

/** Every migration, in order. The schema exists only through these (never `schema:update`). */
export const migrationsList: MigrationObject[] = [
  { name: '20261129000000-users-consents-bot-state', class: UsersConsentsBotState },
];
