// `npm run bench -- import-xlsx`: the whole contact import of an Excel workbook as large as Excel makes them
// (1,000,000 generated rows with shared strings, as Excel saves them; 10% duplicates, 2% invalid) into a fresh
// database: rows/s end to end and peak RSS, under the same heap bound as the CSV import bench.
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFile } from './contacts.generator.js';
import { dir, importFile, openDatabase, peakRssMb, phases } from './import-harness.js';

const ROWS = Number(process.env.IMPORT_XLSX_ROWS ?? 1_000_000);
const { db, stop } = await openDatabase();
try {
  const file = path.join(dir, 'contacts.xlsx');
  const writer = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'write-contacts-xlsx.ts'), file, String(ROWS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (writer.status !== 0) throw new Error(`writing the workbook failed (exit ${writer.status})`);
  const generated = JSON.parse(writer.stdout) as GeneratedFile;
  console.log(`generated ${ROWS} rows (${generated.duplicates} duplicates, ${generated.invalid} invalid): ${(statSync(file).size / 1048576).toFixed(1)} MB`);
  const run = await importFile(db, file);
  console.log(`import ${run.seconds.toFixed(2)} s (${run.cpu}; ${phases(run)}): ${run.imported} imported, ${run.duplicates} duplicates, ${run.rejected} rejected`);
  console.log(`RESULT import-xlsx rows=${ROWS} rows_per_s=${Math.round(ROWS / run.seconds)} peak_rss_mb=${peakRssMb()}`);
} finally {
  await stop();
  rmSync(dir, { recursive: true, force: true });
}
