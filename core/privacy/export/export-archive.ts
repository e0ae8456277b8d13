import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import yazl from 'yazl';
import { neutraliseCell } from '../../shared/csv-safe.js';
import { EXPORT_SECTIONS, exportReadme, type ExportSection } from './export-sections.js';

const BATCH = 1000;
type Row = Record<string, unknown>;

/** Rows of `sql` through a server-side cursor, `BATCH` at a time: memory stays bounded for any account size. */
async function* cursorRows(client: pg.PoolClient, name: string, sql: string, params: unknown[]): AsyncGenerator<Row> {
  await client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const { rows } = await client.query<Row>(`FETCH ${BATCH} FROM ${name}`);
      yield* rows;
      if (rows.length < BATCH) return;
    }
  } finally {
    await client.query(`CLOSE ${name}`);
  }
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return neutraliseCell(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return neutraliseCell(JSON.stringify(value));
}

async function* encode(section: ExportSection, rows: AsyncIterable<Row>, counted: () => void): AsyncGenerator<string> {
  let first = true;
  if (section.format === 'json') yield '[';
  for await (const row of rows) {
    if (section.format === 'csv') {
      if (first) yield stringify([Object.keys(row)]);
      yield stringify([Object.values(row).map(csvCell)]);
    } else {
      yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    }
    first = false;
    if (section.large) counted();
  }
  if (section.format === 'json') yield '\n]\n';
}

/** Counts the rows that make an export "large", for the progress message. */
export async function countLargeRows(client: pg.PoolClient, userId: number): Promise<number> {
  let total = 0;
  for (const section of EXPORT_SECTIONS.filter((s) => s.large)) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${section.sql}) q`, [userId]);
    total += rows[0]?.n ?? 0;
  }
  return total;
}

/**
 * Writes the user's export ZIP to `path`, streaming every section from one consistent snapshot (a
 * repeatable-read transaction on `client`). `onRow` is called per row of the large sections.
 */
export async function writeExportArchive(client: pg.PoolClient, userId: number, path: string, generatedAt: Date, onRow: () => void): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(exportReadme(generatedAt)), 'README.txt', { mtime: generatedAt });
  EXPORT_SECTIONS.forEach((section, i) => {
    // Lazy: yazl opens one entry at a time, so the cursors never share the connection concurrently.
    zip.addReadStreamLazy(section.file, { mtime: generatedAt }, (cb) => {
      cb(null, Readable.from(encode(section, cursorRows(client, `export_${i}`, section.sql, [userId]), onRow)));
    });
  });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
