/**
 * Base class of every error our own code throws on purpose.
 * `code` is stable (the bot maps it to an i18n message, workers decide retry or fail on it);
 * `isReportable` says whether an operator should hear about it (bugs and outages, not user mistakes).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly isReportable: boolean = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input from a user or operator that does not pass validation. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** An object that does not exist, or that exists but does not belong to the caller (never tell which). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** A state change that is not allowed from the object's current state. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}
