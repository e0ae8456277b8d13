import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { CorruptJsonError } from '../../../core/contacts/import/import.errors.js';
import { JsonRecordScanner, type ArrayPath } from '../../../core/contacts/import/json-record-scanner.js';

type Found = Array<[unknown, ArrayPath]>;

function scan(text: string, sizes: () => number, wants: (path: ArrayPath) => boolean = () => true): Found {
  const found: Found = [];
  const scanner = new JsonRecordScanner(wants, (record, path) => found.push([record, path]));
  for (let at = 0; at < text.length; ) {
    const size = sizes();
    scanner.write(text.slice(at, at + size));
    at += size;
  }
  scanner.end();
  return found;
}

// Strings that trip a scanner that does not follow strings: brackets, quotes and backslashes inside them.
const TRICKY = ['plain', 'a "quoted" } word', 'back\\slash\\', '[not] {a} container', 'Ж 東京 👩‍💻', '\\"', 'tab\tnew\nline', ''];

describe('the JSON record scanner', () => {
  it('finds exactly the records JSON.parse sees, in order, whatever the chunk boundaries', () => {
    const random = seededRandom(11);
    const text = (): string => TRICKY[random.int(0, TRICKY.length - 1)]!;
    for (let round = 0; round < 40; round++) {
      const records = Array.from({ length: random.int(0, 12) }, (_, i) => ({
        [text() || 'k']: text(),
        n: i,
        list: [text(), { inner: text() }, [1, [2, { deep: text() }]]],
        nested: { [text()]: text(), flag: true, none: null },
      }));
      const document = JSON.stringify(
        { [text()]: text(), meta: { about: text(), items: [{ not: 'a record' }] }, contacts: records, later: [{ also: 'skipped' }] },
        null,
        round % 3,
      );
      const sizes = round % 2 === 0 ? () => random.int(1, 9) : () => random.int(1, 4096);
      const found = scan(`\uFEFF${document}\n`, sizes, (path) => path.length === 1 && path[0] === 'contacts');
      expect(found).toEqual(records.map((record) => [record, ['contacts']]));
    }
  });

  it('names the array each record comes from: the top level, a key, or keys in objects (not arrays)', () => {
    const all = () => true;
    // Arrays in a chosen array are records too (rows of a table), whole.
    expect(scan('[{"a":1}, 2, [{"b":2}, "x"], {"c":3}]', () => 5, all)).toEqual([
      [{ a: 1 }, []],
      [[{ b: 2 }, 'x'], []],
      [{ c: 3 }, []],
    ]);
    expect(scan('{"t": [[{"b":2}]], "u": {"v": [1, [{"c":3}]]}}', () => 4, (path) => path.length === 2)).toEqual([
      [{ b: 2 }, ['t', undefined]],
      [[{ c: 3 }], ['u', 'v']],
    ]);
    expect(scan('{"x": {"list": [{"a":1}]}, "y": [{"b":2}], "z": {"w": {"v": [{"c":3}]}}}', () => 3, all)).toEqual([
      [{ a: 1 }, ['x', 'list']],
      [{ b: 2 }, ['y']],
      // Keys are read at the top two levels only.
      [{ c: 3 }, ['z', 'w', undefined]],
    ]);
    // An escaped key is read as JSON reads it.
    expect(scan('{"con\\u0074acts": [{"a":1}]}', () => 2, all)).toEqual([[{ a: 1 }, ['contacts']]]);
  });

  it('refuses a file cut anywhere before its end, a record or a bracket that is wrong, and anything after the end', () => {
    const document = '{"contacts": [{"name": "Anna \\"A\\"", "phones": ["+1", "+2"]}, {"name": "Bob"}], "n": 2}';
    for (let cut = 1; cut < document.length; cut++) {
      expect(() => scan(document.slice(0, cut), () => 7), `cut at ${cut}`).toThrow(CorruptJsonError);
    }
    expect(scan(`${document}  \r\n`, () => 7)).toHaveLength(2);
    for (const broken of [
      '[{"a": 1,}]',
      '[{"a": 1}}',
      '{"a": [1, 2}',
      '[{"a": 1}] x',
      '[{"a": 1}][{"b": 2}]',
      'x[{"a": 1}]',
      '[{"a": "\\q"}]',
      '{"bad\\q": [{"a": 1}]}',
    ]) {
      expect(() => scan(broken, () => 3), broken).toThrow(CorruptJsonError);
    }
  });

  it('reads JSON Lines: objects one after another at the top level, each a record, the first one too', () => {
    const first = { name: 'Anna', phones: [{ type: 'cell', value: '+79161234567' }] };
    const lines = `${JSON.stringify(first)}\n{"name": "Ben {the} \\"2nd\\""}\r\n\n{"name": "Cleo"}\n`;
    for (const size of [1, 4, 1000]) {
      expect(scan(lines, () => size)).toEqual([
        // The first object was read as a document until the second one came: its array's records were heard first.
        [{ type: 'cell', value: '+79161234567' }, ['phones']],
        [first, []],
        [{ name: 'Ben {the} "2nd"' }, []],
        [{ name: 'Cleo' }, []],
      ]);
    }
    // One object alone is a document, not a record.
    expect(scan('{"name": "Anna"}\n', () => 3)).toEqual([]);
    for (const broken of ['{"a": 1}\n{"b": ', '{"a": 1}\n{"b": 2} x', '[{"a": 1}]\n{"b": 2}', '{"a": 1}\n[{"b": 2}]', '{"a": 1}\n{"b": 2,}']) {
      expect(() => scan(broken, () => 3), broken).toThrow(CorruptJsonError);
    }
  });

  it('refuses a record too large to be a contact', () => {
    const huge = `[{"note": "${'x'.repeat((4 << 20) + 10)}"}]`;
    expect(() => scan(huge, () => 1 << 20)).toThrow(/record of more than/);
  });
});
