import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_SECTIONS, NOT_EXPORTED } from '../../../core/privacy/export/export-sections.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { userTables } from './user-data.fixture.js';

/** Every "Relation Name" in an EXPLAIN (FORMAT JSON) plan, sub-plans included. */
function relationsOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const child of node) relationsOf(child, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Relation Name' && typeof value === 'string') into.add(value);
      else relationsOf(value, into);
    }
  }
  return into;
}

describe('the data export and the schema', () => {
  let t: TestDatabase;
  let readBySections: Set<string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    // The planner's own list of the tables each section reads: no parsing of SQL text, and a table named only
    // in a comment or a string does not count.
    readBySections = new Set();
    for (const section of EXPORT_SECTIONS) {
      const { rows } = await t.db.pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${section.sql}`, [1]);
      relationsOf(rows[0]!['QUERY PLAN'], readBySections);
    }
  });
  afterAll(async () => t.drop());

  it('exports every table that holds users’ rows, unless NOT_EXPORTED gives the reason', async () => {
    const { owned } = await userTables(t.db.pool);
    expect(owned.size).toBeGreaterThan(10);
    const forgotten = [...owned.keys()].filter((table) => !readBySections.has(table) && !(table in NOT_EXPORTED));
    expect(forgotten, 'user tables that no export section reads: add a section, or a reason to NOT_EXPORTED').toEqual([]);
  });

  it('lists in NOT_EXPORTED only tables that exist, hold users’ rows and are really left out', async () => {
    const { owned } = await userTables(t.db.pool);
    for (const table of Object.keys(NOT_EXPORTED)) {
      expect(owned.has(table), `${table} holds users' rows`).toBe(true);
      expect(readBySections.has(table), `${table} is read by no section`).toBe(false);
    }
  });

  it('reads the four sending-safety tables added on 2026-11-29', () => {
    for (const table of ['account_peers', 'recipient_checks', 'account_check_state', 'account_health_events']) {
      expect(readBySections.has(table), table).toBe(true);
    }
  });
});
