import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** A named list a user imports contacts into; campaigns target lists (and tags). */
export const ContactListSchema = defineEntity({
  name: 'ContactList',
  tableName: 'contact_lists',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    userId: p.integer(),
    name: p.string().length(128),
    createdAt: p.datetime(),
  }),
});
export type ContactList = InferEntity<typeof ContactListSchema>;

/** A person a user can reach: identifiers (phone E.164, Telegram username, email), profile, tags, custom fields. */
export const ContactSchema = defineEntity({
  name: 'Contact',
  tableName: 'contacts',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    userId: p.integer(),
    firstName: p.string().nullable(),
    lastName: p.string().nullable(),
    phone: p.string().length(32).nullable(),
    username: p.string().length(64).nullable(),
    email: p.string().length(320).nullable(),
    company: p.string().nullable(),
    position: p.string().nullable(),
    country: p.string().length(64).nullable(),
    city: p.string().length(128).nullable(),
    timeZone: p.string().length(64).nullable(),
    custom: p.json<Record<string, string>>(),
    tags: p.array(),
    reachable: p.boolean(),
    optedOutAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  }),
});
export type Contact = InferEntity<typeof ContactSchema>;

/** The record of one file import: which file (by SHA-256) with which settings went into which list, and what came of it. */
export const ContactImportSchema = defineEntity({
  name: 'ContactImport',
  tableName: 'contact_imports',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    userId: p.integer(),
    listId: p.integer().nullable(),
    fileName: p.string(),
    fileSha256: p.string().length(64),
    /** SHA-256 of the import's settings (mapping, sheet, default country, policy); null for older imports. */
    settingsSha256: p.string().length(64).nullable(),
    format: p.string().length(16),
    status: p.enum(['running', 'done', 'failed']),
    imported: p.integer(),
    updated: p.integer(),
    duplicates: p.integer(),
    rejected: p.integer(),
    extended: p.integer(),
    unreachable: p.integer(),
    errorCode: p.string().length(64).nullable(),
    /** Which run of a job made the import (its progress message), so that a retried run reports the counts; null from the CLI. */
    runKey: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  }),
});
export type ContactImport = InferEntity<typeof ContactImportSchema>;
