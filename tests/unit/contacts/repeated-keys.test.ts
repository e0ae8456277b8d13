import { describe, expect, it } from 'vitest';
import { RepeatedKeyFilter } from '../../../core/contacts/ingest/repeated-keys.js';
import { seededRandom } from '../../../core/random.js';
import { draftOf } from './helpers.js';

describe('RepeatedKeyFilter', () => {
  it('names the rows that repeat an earlier phone, username (in any case) or email', () => {
    const filter = new RepeatedKeyFilter();
    filter.add(draftOf(2, { phone: '+49301234567', email: 'a@example.com' }));
    filter.add(draftOf(3, { username: 'Tim_K' }));
    filter.add(draftOf(4, { phone: '+49307654321' }));
    filter.add(draftOf(5, { email: 'a@example.com' }));
    filter.add(draftOf(6, { username: 'tim_k', phone: '+49305555555' }));
    filter.add(draftOf(7, { phone: '+49305555555' }));
    // The same text as a different identifier is not a repeat.
    filter.add(draftOf(8, { email: '+49307654321' }));
    expect(filter.rows).toEqual([5, 6, 7]);
  });

  it('misses no repeat among many rows, and names few others', () => {
    const random = seededRandom(11);
    const filter = new RepeatedKeyFilter();
    const repeats: number[] = [];
    const phones: string[] = [];
    for (let row = 1; row <= 200_000; row += 1) {
      if (row > 1000 && random.int(0, 9) === 0) {
        const phone = phones[random.int(0, phones.length - 1)]!;
        filter.add(draftOf(row, { phone, email: `r${row}@example.com` }));
        repeats.push(row);
      } else {
        const phone = `+1415${String(row).padStart(7, '0')}`;
        phones.push(phone);
        filter.add(draftOf(row, { phone, email: `u${row}@example.com`, username: `user_${row}` }));
      }
    }
    const named = new Set(filter.rows);
    expect(repeats.length).toBeGreaterThan(15_000);
    expect(repeats.filter((row) => !named.has(row))).toEqual([]);
    // 32-bit fingerprints of ~500,000 identifiers: a few dozen chance matches at most.
    expect(named.size - repeats.length).toBeLessThan(100);
    expect([...named]).toEqual([...named].sort((a, b) => a - b));
  });
});
