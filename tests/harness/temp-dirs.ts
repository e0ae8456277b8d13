import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made = new Set<string>();

/** A new empty directory under the system's temporary directory, removed after the test file (see temp-dirs.setup.ts). */
export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `contactd-${label}-`));
  made.add(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
