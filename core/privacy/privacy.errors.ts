import { DomainError } from '../errors.js';

/** The user asked for an export while one is still being built (one at a time per user). */
export class ExportInProgressError extends DomainError {
  readonly code = 'EXPORT_IN_PROGRESS';
}
