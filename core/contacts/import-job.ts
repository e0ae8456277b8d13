import { z } from 'zod';
import { CONTACT_FIELDS, type Rejection, type RejectionReason } from './import/contact-draft.js';
import type { ImportCounts } from './contact-import.service.js';
import type { ContactSource } from './import/byte-source.js';

/**
 * The contact import as a background job: the bot enqueues it once the user confirmed the mapping, a worker
 * runs it. A job whose worker stopped or died half-way is run again (Agenda retakes it once its lock expires);
 * the import is one transaction and idempotent per file and settings, so the contacts land exactly once.
 */
export const CONTACT_IMPORT_JOB = 'contacts.import';

const columnSchema = z.object({
  index: z.number().int().nonnegative(),
  header: z.string(),
  target: z.enum([...CONTACT_FIELDS, 'custom', 'ignore']),
  customKey: z.string(),
  priority: z.number(),
  detectedBy: z.enum(['header', 'content', 'user', 'none']),
});

/** What the job needs, as plain data (`userId` first: erasure deletes a user's pending jobs by it). */
export const contactImportPayload = z.object({
  userId: z.number().int(),
  chatId: z.number().int(),
  /** The progress message the bot sent; the job edits it, then turns it into the summary. */
  messageId: z.number().int(),
  fileId: z.string().min(1),
  fileName: z.string(),
  fileSize: z.number().int().nonnegative(),
  listName: z.string().min(1),
  mapping: z.object({ hasHeader: z.boolean(), columns: z.array(columnSchema) }),
  sheet: z.string().nullable(),
  existing: z.enum(['skip', 'update']),
});

export type ContactImportPayload = z.infer<typeof contactImportPayload>;

/** Opens a file a user sent to the bot, by its Telegram file id (the bot's download, wired in main.ts). */
export type OpenUserFile = (fileId: string) => Promise<ContactSource>;

/** Notifications of a contact import (rendered by bot/notifications/contacts.ts). */
declare module '../notifier.js' {
  interface NotificationMap {
    /** Edits the progress message: how far the file has been read, or that the rows are being saved. */
    'contacts.import_progress': { list: string; phase: 'reading' | 'saving'; fraction: number; rows: number };
    /** Turns the progress message into the summary. `problems`: why values could not be read (see the summary). */
    'contacts.import_done': ImportCounts & { list: string; alreadyImported: boolean; problems: RejectionReason[] };
    /** The rejected rows as a file, with the reason for each. */
    'contacts.import_rejected': { fileName: string; count: number; rejections: Rejection[] };
    /** Turns the progress message into the failure: an error code of the import (see `importErrorInfo`). */
    'contacts.import_failed': { code: string; detail: string; limitMb: number };
  }
}
