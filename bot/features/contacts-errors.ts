import { InvalidFieldValueError } from '../../core/contacts/contact-fields.js';
import { DomainError } from '../../core/errors.js';
import type { BotContext } from '../context.js';

const KNOWN = new Set([
  'IMPORT_EMPTY_FILE', 'IMPORT_BINARY_FILE', 'IMPORT_UNSUPPORTED_FORMAT', 'IMPORT_FILE_TOO_LARGE', 'IMPORT_ZIP_BOMB',
  'IMPORT_CORRUPT_WORKBOOK', 'IMPORT_SHEET_NOT_FOUND', 'IMPORT_NO_COLUMNS', 'IMPORT_INVALID_MAPPING', 'VALIDATION', 'CONFLICT', 'NOT_FOUND',
]);

/** A plain, serialisable description of a failure (conversations store it), or null for a bug. */
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

/** The user-facing sentence for a failure. */
export function errorText(ctx: Pick<BotContext, 't' | 'services'>, info: ErrorInfo): string {
  const limit = Math.round(ctx.services.contacts.maxImportBytes / (1024 * 1024));
  return ctx.t(`contacts-error-${info.code}`, { detail: info.detail, limit });
}
