import type { VersionedStateStorage } from '@grammyjs/conversations';
import type { BotStateStore } from '../core/bot-state/bot-state.store.js';

/** Conversation state in PostgreSQL through core's BotStateStore. */
export function conversationStorage<S>(store: BotStateStore): VersionedStateStorage<string, S> {
  return {
    read: (key) => store.read(key),
    write: (key, state) => store.write(key, state),
    delete: (key) => store.delete(key),
  };
}
