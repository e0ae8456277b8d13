/** The contact fields a column can be mapped to. */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'username',
  'phone',
  'email',
  'company',
  'position',
  'country',
  'city',
] as const;

/** One of {@link CONTACT_FIELDS}. */
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** A normalised contact, ready to be deduplicated and stored. */
export interface ContactDraft {
  /** 1-based row number in the file (the first one, for merged duplicates). */
  rowNumber: number;
  firstName: string | null;
  lastName: string | null;
  /** First + last name joined, or the full name column, or null. */
  displayName: string | null;
  /** E.164, e.g. `+79161234567`. */
  phone: string | null;
  /** Telegram username without `@`, as written (case kept; compare lower-cased). */
  username: string | null;
  /** Lower-cased, validated. */
  email: string | null;
  company: string | null;
  position: string | null;
  /** ISO 3166-1 alpha-2 when recognised, else the text as written. */
  country: string | null;
  city: string | null;
  /** Unmapped columns and extra phones/emails, keyed by template-friendly slug. */
  custom: Record<string, string>;
  /** Has a phone or a username: a messenger can reach this contact. */
  reachable: boolean;
  /** Why a phone, username or email of the row could not be read, when the row was kept for another; else null. */
  problem: RejectionReason | null;
}

/** Stable reasons a row is rejected (the bot maps them to texts). */
export const REJECTION_REASONS = [
  'NO_IDENTIFIER',
  'INVALID_PHONE',
  // A phone a spreadsheet wrote in scientific notation (`4.91701E+11`): its last digits are lost.
  'ROUNDED_PHONE',
  // A phone written nationally (`8 916 …`, `030 …`) in a row with no country and no default country set.
  'PHONE_WITHOUT_COUNTRY',
  'INVALID_USERNAME',
  'INVALID_EMAIL',
  'MALFORMED_ROW',
  'UNTERMINATED_QUOTE',
] as const;

/** One of {@link REJECTION_REASONS}. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** A row that could not become a contact. */
export interface Rejection {
  /** 1-based line/record number in the file (for CSV the line the record starts on). */
  rowNumber: number;
  reason: RejectionReason;
  /** The row as read, one string per column. */
  values: string[];
}

/** One chunk of results; the pipeline yields these in file order. */
export interface ImportBatch {
  drafts: ContactDraft[];
  rejections: Rejection[];
}

/** A row as read from the file, before mapping. */
export interface RawRow {
  rowNumber: number;
  values: string[];
  /** Set when the reader already knows the row is broken. */
  defect?: 'MALFORMED_ROW' | 'UNTERMINATED_QUOTE';
}
