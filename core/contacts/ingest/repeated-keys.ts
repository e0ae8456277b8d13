import { dedupKeys } from '../import/contact-dedup.js';
import type { ContactDraft } from '../import/contact-draft.js';

const INITIAL_SLOTS = 1 << 14;

/**
 * Notes, while a file streams by, which rows may repeat an identifier (phone, Telegram username, email) of an
 * earlier row, so that grouping the file's duplicates in SQL only has to look at those rows and their partners
 * instead of grouping every row by every identifier.
 *
 * It keeps a 32-bit fingerprint per identifier seen, not the identifiers (4 bytes each in an open-addressing
 * table: a million-row file costs ~16 MB), so it may flag a row that repeats nothing (two identifiers with equal
 * fingerprints, a few per million), but never misses one that does: equal identifiers have equal fingerprints.
 * Rows must be added in file order.
 */
export class RepeatedKeyFilter {
  private slots = new Uint32Array(INITIAL_SLOTS);
  private used = 0;
  private readonly flagged: number[] = [];

  add(draft: ContactDraft): void {
    let repeated = false;
    for (const key of dedupKeys(draft)) if (this.insert(fingerprint(key))) repeated = true;
    if (repeated) this.flagged.push(draft.rowNumber);
  }

  /** Row numbers that may repeat an earlier row's identifier, ascending. */
  get rows(): readonly number[] {
    return this.flagged;
  }

  /** Adds a fingerprint; true when it was there already. */
  private insert(print: number): boolean {
    const mask = this.slots.length - 1;
    for (let slot = print & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === print) return true;
      if (held === 0) {
        this.slots[slot] = print;
        this.used += 1;
        if (this.used * 4 > this.slots.length * 3) this.grow();
        return false;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const print of old) {
      if (print === 0) continue;
      let slot = print & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = print;
    }
  }
}

/** FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser; never 0 (the empty slot). */
function fingerprint(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0 || 1;
}
