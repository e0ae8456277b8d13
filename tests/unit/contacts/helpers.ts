import { fileURLToPath } from 'node:url';
import { readContactFile, type ContactImportOptions } from '../../../core/contacts/import/contact-import.pipeline.js';
import type { ContactSource } from '../../../core/contacts/import/byte-source.js';
import type { ContactDraft, Rejection } from '../../../core/contacts/import/contact-draft.js';

/** Absolute path of a file in tests/fixtures/contacts. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/contacts/${name}`, import.meta.url));

/** A source that yields the given bytes in chunks of `size` (to cross every boundary). */
export async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A source yielding each buffer as one chunk. */
export async function* source(...buffers: Buffer[]): AsyncGenerator<Buffer> {
  for (const buffer of buffers) yield buffer;
}

/** Runs the whole pipeline and collects every draft and rejection. */
export async function importAll(
  source: ContactSource,
  options: Partial<ContactImportOptions> = {},
): Promise<{ drafts: ContactDraft[]; rejections: Rejection[]; batches: number }> {
  const drafts: ContactDraft[] = [];
  const rejections: Rejection[] = [];
  let batches = 0;
  for await (const batch of readContactFile(source, { maxBytes: 50 * 1024 * 1024, ...options })) {
    batches++;
    drafts.push(...batch.drafts);
    rejections.push(...batch.rejections);
  }
  return { drafts, rejections, batches };
}

/** A draft of row `rowNumber` with every field empty but `fields`. */
export const draftOf = (rowNumber: number, fields: Partial<ContactDraft>): ContactDraft => ({
  rowNumber, firstName: null, lastName: null, displayName: null, phone: null, username: null, email: null, company: null,
  position: null, country: null, city: null, custom: {}, reachable: false, problem: null, ...fields,
});
