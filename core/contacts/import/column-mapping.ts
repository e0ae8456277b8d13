import { CONTACT_FIELDS, type ContactField } from './contact-draft.js';
import { customKeys } from './custom-key.js';
import { matchHeader, namesNonContactData } from './header-synonyms.js';
import { looksLike } from './identity.normaliser.js';
import { InvalidMappingError, NoRecognisableColumnsError } from './import.errors.js';

/** Where a column's values go: a contact field, a custom field, or nowhere. */
export type ColumnTarget = ContactField | 'custom' | 'ignore';

/** One column of the file and what it is mapped to. */
export interface MappedColumn {
  /** 0-based column index in the file. */
  index: number;
  /** The header as written, or `Column <n>` when the file has none. */
  header: string;
  target: ColumnTarget;
  /** Key of the custom field (used when target is `custom`, or for extra values of a field). */
  customKey: string;
  /** Among columns mapped to one field, higher is tried first (then file order). */
  priority: number;
  /** How the target was chosen, for the bot to show. */
  detectedBy: 'header' | 'content' | 'user' | 'none';
}

/** A plain, JSON-serialisable mapping the bot can show and the user can edit. */
export interface ColumnMapping {
  /** Whether a header row was found (rows before it are preamble and skipped). */
  hasHeader: boolean;
  columns: MappedColumn[];
}

const CONTENT_SHARE = 0.6;

/**
 * Detects the mapping from the header row (English, Russian and the export formats' names) and, for
 * columns whose header says nothing, from the sample values (phones, emails, @usernames / t.me links).
 * Throws {@link NoRecognisableColumnsError} when no column can carry a phone, username, email or name.
 */
export function detectMapping(headers: readonly string[] | null, sample: readonly (readonly string[])[]): ColumnMapping {
  // With a header, cells beyond it are ragged data (rejected as malformed rows), not columns.
  const width = headers !== null ? headers.length : Math.max(0, ...sample.map((row) => row.length));
  const names = Array.from({ length: width }, (_, i) => cleanHeader(headers?.[i]) ?? `Column ${i + 1}`);
  const keys = headers === null ? names.map((_, i) => `column_${i + 1}`) : customKeys(names);
  const columns: MappedColumn[] = names.map((header, index) => {
    const match = headers === null ? null : matchHeader(header);
    if (match !== null) return { index, header, target: match.field, customKey: keys[index]!, priority: match.priority, detectedBy: 'header' };
    const byContent = headers !== null && namesNonContactData(header) ? null : detectByContent(sample.map((row) => row[index] ?? ''));
    if (byContent !== null) return { index, header, target: byContent, customKey: keys[index]!, priority: 1, detectedBy: 'content' };
    return { index, header, target: 'custom', customKey: keys[index]!, priority: 0, detectedBy: 'none' };
  });
  dropWeakDuplicates(columns);
  const mapping: ColumnMapping = { hasHeader: headers !== null, columns };
  if (!hasIdentifyingColumn(mapping)) throw new NoRecognisableColumnsError(names);
  return mapping;
}

/** Returns a copy of the mapping with one column re-targeted by the user. */
export function setColumnTarget(mapping: ColumnMapping, index: number, target: ColumnTarget): ColumnMapping {
  if (!mapping.columns.some((column) => column.index === index)) throw new InvalidMappingError(`no column ${index}`);
  assertTarget(target);
  return {
    ...mapping,
    columns: mapping.columns.map((column) =>
      column.index === index ? { ...column, target, priority: column.priority === 0 ? 2 : column.priority, detectedBy: 'user' } : column,
    ),
  };
}

/** Checks a mapping that came back from the user (or storage) before it is used. */
export function assertValidMapping(mapping: ColumnMapping): void {
  const seen = new Set<number>();
  for (const column of mapping.columns) {
    if (!Number.isInteger(column.index) || column.index < 0 || seen.has(column.index)) {
      throw new InvalidMappingError(`bad column index ${column.index}`);
    }
    seen.add(column.index);
    assertTarget(column.target);
    if (!/^[a-z][a-z0-9_]*$/.test(column.customKey)) throw new InvalidMappingError(`bad custom key ${column.customKey}`);
  }
  if (!hasIdentifyingColumn(mapping)) throw new NoRecognisableColumnsError(mapping.columns.map((column) => column.header));
}

function assertTarget(target: string): void {
  if (target !== 'custom' && target !== 'ignore' && !(CONTACT_FIELDS as readonly string[]).includes(target)) {
    throw new InvalidMappingError(`unknown target ${target}`);
  }
}

function hasIdentifyingColumn(mapping: ColumnMapping): boolean {
  return mapping.columns.some((column) => column.target === 'phone' || column.target === 'username' || column.target === 'email');
}

function cleanHeader(header: string | undefined): string | null {
  const text = header?.replace(/\s+/g, ' ').trim();
  return text === undefined || text.length === 0 ? null : text.normalize('NFC');
}

function detectByContent(values: readonly string[]): ContactField | null {
  const filled = values.map((value) => value.trim()).filter((value) => value.length > 0);
  if (filled.length === 0) return null;
  const share = (test: (value: string) => boolean): number => filled.filter(test).length / filled.length;
  if (share(looksLike.email) >= CONTENT_SHARE) return 'email';
  if (share(looksLike.username) >= CONTENT_SHARE) return 'username';
  if (share(looksLike.phone) >= CONTENT_SHARE) return 'phone';
  return null;
}

// A weak header (Outlook's "Title") yields to a stronger column of the same single-valued field.
function dropWeakDuplicates(columns: MappedColumn[]): void {
  const best = new Map<ColumnTarget, number>();
  for (const column of columns) best.set(column.target, Math.max(best.get(column.target) ?? 0, column.priority));
  for (const column of columns) {
    if (column.target === 'position' && column.priority === 1 && (best.get('position') ?? 0) > 1) {
      column.target = 'custom';
      column.priority = 0;
      column.detectedBy = 'none';
    }
  }
}
