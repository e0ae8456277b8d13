import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEV_KEY_FILE, resolveCredentialsKey } from '../../../core/accounts/credentials-key.js';
import { parseCredentialKey } from '../../../core/accounts/credential-vault.js';
import { seededRandom } from '../../../core/random.js';
import { tempDir } from '../../harness/temp-dirs.js';

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('resolveCredentialsKey', () => {
  it('uses CREDENTIALS_KEY when it is set, touching no file', () => {
    const dataDir = tempDir('key');
    const { logger, lines } = capturingLogger();
    expect(resolveCredentialsKey({ CREDENTIALS_KEY: 'e'.repeat(64), NODE_ENV: 'development', dataDir }, logger)).toBe('e'.repeat(64));
    expect(() => statSync(path.join(dataDir, DEV_KEY_FILE))).toThrow();
    expect(lines).toEqual([]);
  });

  it('outside production generates a key once into DATA_DIR with mode 0600, logs the file but never the key, and reuses it', () => {
    const dataDir = path.join(tempDir('key'), 'nested');
    const { logger, lines } = capturingLogger();
    const key = resolveCredentialsKey({ NODE_ENV: 'development', dataDir }, logger, seededRandom(3));
    expect(parseCredentialKey(key)).toHaveLength(32);
    const file = path.join(dataDir, DEV_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).not.toContain(key);

    expect(resolveCredentialsKey({ NODE_ENV: 'development', dataDir }, logger, seededRandom(99))).toBe(key);
    expect(lines).toHaveLength(1);
  });

  it('refuses to invent a key in production', () => {
    const dataDir = tempDir('key');
    expect(() => resolveCredentialsKey({ NODE_ENV: 'production', dataDir }, capturingLogger().logger)).toThrow('CREDENTIALS_KEY is required in production');
  });
});
