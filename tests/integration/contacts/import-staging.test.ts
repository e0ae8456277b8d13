import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStagingTable, STAGING_TABLE, StagingWriter } from '../../../core/contacts/ingest/import-staging.js';
import { inTransaction } from '../../../core/delivery/sql.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { draftOf } from '../../unit/contacts/helpers.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

interface StagedRow {
  row_number: number;
  first_name: string | null;
  company: string | null;
  username: string | null;
  username_key: string | null;
  city: string | null;
  time_zone: string | null;
  custom: Record<string, string>;
  reachable: boolean;
}

describe('the staging writer', () => {
  it('stages every character COPY treats specially as it was (NUL, which PostgreSQL cannot store, dropped)', async () => {
    const odd = 'a\tb\nc\rd\\e\\N f\0g';
    const drafts = [
      draftOf(2, { firstName: odd, company: '\\', username: 'Mixed_Case', reachable: true, custom: { note: odd, 'key\twith tab': 'v\\' } }),
      draftOf(3, { firstName: null, company: '', phone: '+14155550100', city: 'Berlin', country: 'DE', reachable: false }),
    ];
    const rows = await inTransaction(t.db.pool, async (client) => {
      await createStagingTable(client);
      const writer = new StagingWriter(client);
      await writer.write(drafts);
      await writer.finish();
      expect(writer.count).toBe(2);
      return (
        await client.query<StagedRow>(
          `SELECT row_number, first_name, company, username, username_key, city, time_zone, custom, reachable FROM ${STAGING_TABLE} ORDER BY row_number`,
        )
      ).rows;
    });
    const stored = odd.replace('\0', '');
    expect(rows).toEqual([
      {
        row_number: 2, first_name: stored, company: '\\', username: 'Mixed_Case', username_key: 'mixed_case', city: null, time_zone: null,
        custom: { note: stored, 'key\twith tab': 'v\\' }, reachable: true,
      },
      { row_number: 3, first_name: null, company: '', username: null, username_key: null, city: 'Berlin', time_zone: 'Europe/Berlin', custom: {}, reachable: false },
    ]);
  });
});
