import { InvalidFieldValueError } from './contact-fields.js';
import { DomainError } from '../errors.js';

const KNOWN = new Set([
  'IMPORT_EMPTY_FILE', 'IMPORT_BINARY_FILE', 'IMPORT_UNSUPPORTED_FORMAT', 'IMPORT_FILE_TOO_LARGE', 'IMPORT_ZIP_BOMB',
  'IMPORT_CORRUPT_WORKBOOK', 'IMPORT_CORRUPT_JSON', 'IMPORT_SHEET_NOT_FOUND', 'IMPORT_NO_COLUMNS', 'IMPORT_INVALID_MAPPING', 'VALIDATION', 'CONFLICT', 'NOT_FOUND',
]);

/** A plain, serialisable description of a contacts failure (conversations and jobs carry it); the bot words it. */
export interface ErrorInfo {
  code: string;
  detail: string;
}

/** The stable code of an expected error; an unexpected one becomes `INTERNAL` (and is rethrown by callers that log). */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof InvalidFieldValueError) return { code: error.problem, detail: '' };
  if (error instanceof DomainError && KNOWN.has(error.code)) {
    const detail = (error as { detected?: unknown; format?: unknown }).detected ?? (error as { format?: unknown }).format;
    return { code: error.code, detail: typeof detail === 'string' ? detail : '' };
  }
  return { code: 'INTERNAL', detail: '' };
}
