import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A registered user of the bot (requirement P1: nothing beyond these fields). */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    telegramId: p.bigint('number').unique(),
    chatId: p.bigint('number'),
    username: p.string().nullable(),
    firstName: p.string(),
    lastName: p.string().nullable(),
    language: p.string().length(8),
    timeZone: p.string(),
    role: p.enum(['user', 'admin']).default('user'),
    status: p.enum(['active', 'suspended']).default('active'),
    policyVersion: p.string(),
    policyAcceptedAt: p.datetime(),
    adultConfirmedAt: p.datetime(),
    defaultCountry: p.string().length(2).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  }),
});
export type User = InferEntity<typeof UserSchema>;

/** Evidence of a consent: what was accepted, which version, when (P1, P13, P14). */
export const ConsentSchema = defineEntity({
  name: 'Consent',
  tableName: 'consents',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(UserSchema).deleteRule('cascade'),
    kind: p.enum(['privacy_policy', 'age_18']),
    version: p.string(),
    acceptedAt: p.datetime(),
  }),
});
export type Consent = InferEntity<typeof ConsentSchema>;
