// Runs every benchmark (`npm run bench`) or one (`npm run bench -- <name>`): bench/<name>.bench.ts, each in
// its own process so one's memory does not count against another's. Each prints a last line
// `RESULT <name> key=value …`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}
// Node flags per benchmark. The import runs under the heap bound README recommends for the service
// (NODE_OPTIONS): unbounded, V8 lets short-lived row garbage pile up to a few hundred MB before collecting it.
const NODE_FLAGS: Record<string, string[]> = { import: ['--max-old-space-size=96'], 'import-xlsx': ['--max-old-space-size=96'] };
let failed = 0;
for (const name of wanted.length ? wanted : all) {
  console.log(`\n=== bench ${name}`);
  const r = spawnSync(process.execPath, [...(NODE_FLAGS[name] ?? []), '--import', 'tsx', path.join(dir, `${name}.bench.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
