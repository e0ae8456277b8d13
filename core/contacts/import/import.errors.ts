import { DomainError } from '../../errors.js';

/** The uploaded file has no bytes, or nothing but whitespace and empty lines. */
export class EmptyFileError extends DomainError {
  readonly code = 'IMPORT_EMPTY_FILE';
  constructor() {
    super('The contact file is empty');
  }
}

/** The file is neither text, nor an xlsx workbook, nor a vCard file. */
export class BinaryFileError extends DomainError {
  readonly code = 'IMPORT_BINARY_FILE';
  constructor(readonly detected: string = 'binary') {
    super(`The contact file is not text, xlsx or vCard (looks like ${detected})`);
  }
}

/** A format we recognise but do not read (old `.xls`, `.docx`, `.ods` …): the user should re-save it. */
export class UnsupportedFormatError extends DomainError {
  readonly code = 'IMPORT_UNSUPPORTED_FORMAT';
  constructor(readonly format: string) {
    super(`Contact files in ${format} format are not supported`);
  }
}

/** The file is larger than the limit the caller set. */
export class FileTooLargeError extends DomainError {
  readonly code = 'IMPORT_FILE_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(`The contact file is larger than ${limitBytes} bytes`);
  }
}

/** A zip (xlsx) that would inflate to far more than it weighs: refused before or while inflating. */
export class ZipBombError extends DomainError {
  readonly code = 'IMPORT_ZIP_BOMB';
  override readonly isReportable = true;
  constructor(readonly detail: string) {
    super(`The workbook looks like a zip bomb: ${detail}`);
  }
}

/** A zip archive that cannot be read (truncated, corrupt, encrypted), or an xlsx without a workbook. */
export class CorruptWorkbookError extends DomainError {
  readonly code = 'IMPORT_CORRUPT_WORKBOOK';
  constructor(readonly detail: string) {
    super(`The workbook cannot be read: ${detail}`);
  }
}

/** A file that starts like JSON but is not valid JSON (cut short, hand-edited). */
export class CorruptJsonError extends DomainError {
  readonly code = 'IMPORT_CORRUPT_JSON';
  constructor(readonly detail: string) {
    super(`The JSON file cannot be read: ${detail}`);
  }
}

/** The caller asked for a sheet the workbook does not have. */
export class SheetNotFoundError extends DomainError {
  readonly code = 'IMPORT_SHEET_NOT_FOUND';
  constructor(
    readonly sheet: string | number,
    readonly available: readonly string[],
  ) {
    super(`The workbook has no sheet ${String(sheet)}`);
  }
}

/** No column could be recognised as a phone, username, email or name. */
export class NoRecognisableColumnsError extends DomainError {
  readonly code = 'IMPORT_NO_COLUMNS';
  constructor(readonly headers: readonly string[]) {
    super('No column of the contact file could be recognised');
  }
}

/** A caller-supplied mapping that does not fit the file (column index out of range, unknown target). */
export class InvalidMappingError extends DomainError {
  readonly code = 'IMPORT_INVALID_MAPPING';
  constructor(readonly detail: string) {
    super(`The column mapping does not fit the file: ${detail}`);
  }
}
