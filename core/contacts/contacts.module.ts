import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { JobQueue } from '../jobs.js';
import { ContactAudience } from './contact-audience.js';
import { exportContactsCsv } from './contact-export.js';
import { ContactImportService } from './contact-import.service.js';
import { ContactListService } from './contact-list.service.js';
import { ContactService } from './contact.service.js';
import { CONTACT_IMPORT_JOB, type ContactImportPayload } from './import-job.js';

/** The contacts domain's services, built once by the composition root. */
export interface ContactsModule {
  contacts: ContactService;
  lists: ContactListService;
  imports: ContactImportService;
  audience: ContactAudience;
  /** Largest contact file accepted, in bytes (MAX_IMPORT_FILE_MB). */
  maxImportBytes: number;
  /** CSV (formula-safe) of the user's contacts, or of one list, as text chunks. */
  exportCsv: (userId: number, listId?: number) => AsyncGenerator<string>;
  /** Hands a confirmed import to the workers (see `import-job.ts`). */
  enqueueImport: (payload: ContactImportPayload) => Promise<void>;
}

/** Wires the contacts services over one database and clock. */
export function createContactsModule(
  db: Database,
  clock: Clock,
  jobs: JobQueue,
  options: { maxImportFileMb: number; importThreads?: number },
): ContactsModule {
  const maxImportBytes = options.maxImportFileMb * 1024 * 1024;
  return {
    contacts: new ContactService(db, clock),
    lists: new ContactListService(db, clock),
    imports: new ContactImportService(db, clock, { maxBytes: maxImportBytes, threads: options.importThreads }),
    audience: new ContactAudience(db),
    maxImportBytes,
    exportCsv: (userId, listId) => exportContactsCsv(db, userId, listId),
    enqueueImport: (payload) => jobs.enqueue(CONTACT_IMPORT_JOB, payload),
  };
}
