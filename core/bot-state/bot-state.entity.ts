import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * Conversation and session state of the bot, kept in PostgreSQL so that a restart or another bot process
 * continues any dialog. `telegramUserId` lets erasure remove a user's state with the rest of their data.
 */
export const BotStateSchema = defineEntity({
  name: 'BotState',
  tableName: 'bot_state',
  properties: (p) => ({
    key: p.string().primary(),
    telegramUserId: p.bigint('number').nullable().index(),
    value: p.json<unknown>(),
    updatedAt: p.datetime(),
  }),
});
export type BotState = InferEntity<typeof BotStateSchema>;
