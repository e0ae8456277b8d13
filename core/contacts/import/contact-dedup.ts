import type { ContactDraft } from './contact-draft.js';

/** Keys naming a person: `phone:+7…`, `tg:<lower-case username>`, `email:<address>`. */
export function dedupKeys(draft: ContactDraft): string[] {
  const keys: string[] = [];
  if (draft.phone !== null) keys.push(`phone:${draft.phone}`);
  if (draft.username !== null) keys.push(`tg:${draft.username.toLowerCase()}`);
  if (draft.email !== null) keys.push(`email:${draft.email}`);
  return keys;
}

const MERGED_FIELDS = ['firstName', 'lastName', 'displayName', 'phone', 'username', 'email', 'company', 'position', 'country', 'city'] as const;

/**
 * Merges rows of one file that name the same person (same phone, username or email): the first row
 * keeps its values, later rows fill what it lacks (fields and custom fields), and a row that links two
 * earlier contacts merges them. Holds one entry per distinct contact, so memory grows with the number
 * of unique contacts in the file (about 0.5 KB each); the database import deduplicates across files.
 */
export class ContactDeduplicator {
  private readonly byKey = new Map<string, ContactDraft>();
  private readonly order: ContactDraft[] = [];
  private merged = 0;

  /** Adds a draft; returns the contact it became part of (itself when new). */
  add(draft: ContactDraft): ContactDraft {
    const matches: ContactDraft[] = [];
    for (const key of dedupKeys(draft)) {
      const existing = this.byKey.get(key);
      if (existing !== undefined && !matches.includes(existing)) matches.push(existing);
    }
    if (matches.length === 0) {
      const own = { ...draft, custom: { ...draft.custom } };
      this.order.push(own);
      this.index(own);
      return own;
    }
    const target = matches.reduce((a, b) => (a.rowNumber <= b.rowNumber ? a : b));
    this.merged++;
    mergeInto(target, draft);
    for (const other of matches) {
      if (other === target) continue;
      mergeInto(target, other);
      this.order.splice(this.order.indexOf(other), 1);
    }
    this.index(target);
    return target;
  }

  /** The distinct contacts, in the order of their first row. */
  contacts(): ContactDraft[] {
    return [...this.order];
  }

  /** How many rows were merged into an earlier contact. */
  get duplicates(): number {
    return this.merged;
  }

  private index(draft: ContactDraft): void {
    for (const key of dedupKeys(draft)) this.byKey.set(key, draft);
  }
}

const OTHER_KEYS = { phone: 'other_phone', username: 'other_username', email: 'other_email' } as const;

// Fills the target's empty fields from the source; a second, different phone/username/email is kept
// as a custom field (`other_phone` …); custom fields merge too; reachability follows.
function mergeInto(target: ContactDraft, source: ContactDraft): void {
  for (const field of MERGED_FIELDS) {
    const value = source[field];
    if (value === null) continue;
    if (target[field] === null) target[field] = value;
    else if (target[field] !== value && (field === 'phone' || field === 'username' || field === 'email')) {
      target.custom[OTHER_KEYS[field]] ??= value;
    }
  }
  for (const [key, value] of Object.entries(source.custom)) target.custom[key] ??= value;
  target.reachable = target.phone !== null || target.username !== null;
}
