import { BotStateSchema } from '../bot-state/bot-state.entity.js';
import { ConsentSchema, UserSchema } from '../users/user.entity.js';
import { ContactImportSchema, ContactListSchema, ContactSchema } from '../contacts/contact.entity.js';

/** Every entity the ORM knows. A domain adds its schemas here (and a migration for its tables). */
export const entities = [UserSchema, ConsentSchema, BotStateSchema, ContactSchema, ContactListSchema, ContactImportSchema];
