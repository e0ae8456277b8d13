import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booleanArrayLiteral, integerArrayLiteral, textArrayLiteral } from '../../../core/db/array-literal.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function roundTrip<T>(literal: string, type: string, select = 'v'): Promise<T[]> {
  const { rows } = await t.db.pool.query<{ v: T }>(`SELECT ${select} AS v FROM unnest($1::${type}[]) WITH ORDINALITY AS u(v, i) ORDER BY i`, [literal]);
  return rows.map((row) => row.v);
}

describe('array literals', () => {
  it('bring text back exactly as it was, whatever it contains, and null as NULL', async () => {
    const values = ['plain', 'a,b', 'say "hi"', 'back\\slash', '\\"', 'NULL', 'null', '', '  spaced  ', '{braces}', 'new\nline', 'Привет 👋', null];
    expect(await roundTrip<string | null>(textArrayLiteral(values), 'text')).toEqual(values);
  });

  it('bring text back when nothing needs escaping (one join)', async () => {
    const values = ['plain', 'a,b', 'NULL', '', ' x ', '{braces}', 'Привет'];
    expect(await roundTrip<string>(textArrayLiteral(values), 'text')).toEqual(values);
  });

  it('bring integers back, bigint ids given as text included', async () => {
    const values = [0, -7, 42, '9007199254740993'];
    expect(await roundTrip<string>(integerArrayLiteral(values), 'bigint', 'v::text')).toEqual(['0', '-7', '42', '9007199254740993']);
  });

  it('bring booleans back', async () => {
    expect(await roundTrip<boolean>(booleanArrayLiteral([true, false, true]), 'boolean')).toEqual([true, false, true]);
  });

  it('refuse what is not an integer rather than send it', () => {
    for (const bad of [1.5, Number.NaN, '1e3', '12,3', ',', '', ' 1', '1-2', '--1']) expect(() => integerArrayLiteral([1, bad])).toThrow(TypeError);
  });

  it('make empty arrays', async () => {
    expect(await roundTrip(textArrayLiteral([]), 'text')).toEqual([]);
    expect(await roundTrip(integerArrayLiteral([]), 'bigint')).toEqual([]);
  });
});
