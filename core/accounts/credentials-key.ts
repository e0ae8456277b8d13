import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logging/logger.js';
import { cryptoRandom, type RandomSource } from '../random.js';
import { createKeyring, CredentialVault } from './credential-vault.js';
import { credentialAad } from './pg-credential-store.js';

/** File name of the development key under DATA_DIR. */
export const DEV_KEY_FILE = 'credentials.key';

/**
 * The credentials key: `CREDENTIALS_KEY`, or outside production a key generated once into
 * `<DATA_DIR>/credentials.key` (mode 0600) so a developer needs no setup. Logs the file's path, never the key.
 */
export function resolveCredentialsKey(config: Pick<Config, 'CREDENTIALS_KEY' | 'NODE_ENV' | 'dataDir'>, logger: Logger, random: RandomSource = cryptoRandom): string {
  if (config.CREDENTIALS_KEY) return config.CREDENTIALS_KEY;
  // The config schema already refuses production without a key; this keeps the guarantee local too.
  if (config.NODE_ENV === 'production') throw new Error('CREDENTIALS_KEY is required in production');
  const file = path.join(config.dataDir, DEV_KEY_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = random.bytes(32).toString('hex');
  try {
    // 'wx': two processes starting together must not overwrite each other's key.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  logger.warn({ action: 'credentials.dev_key_generated', file }, 'CREDENTIALS_KEY is unset: generated a development key file');
  return key;
}

/** The vault for this process: the resolved current key plus `CREDENTIALS_OLD_KEYS`. */
export function createVault(config: Pick<Config, 'CREDENTIALS_KEY' | 'CREDENTIALS_OLD_KEYS' | 'NODE_ENV' | 'dataDir'>, logger: Logger): CredentialVault {
  return new CredentialVault(createKeyring(resolveCredentialsKey(config, logger), config.CREDENTIALS_OLD_KEYS ?? ''));
}

/**
 * Start-up check: opens one stored credential. A wrong key throws `CredentialVaultError` here, at start,
 * instead of every account failing later. Returns whether stored records still use an older key.
 */
export async function verifyStoredCredentials(pool: pg.Pool, vault: CredentialVault): Promise<{ checked: boolean; needsRotation: boolean }> {
  const { rows } = await pool.query<{ account_id: number; key: string; value: string }>(
    'SELECT account_id, key, value FROM account_credentials ORDER BY updated_at DESC LIMIT 1',
  );
  const row = rows[0];
  if (!row) return { checked: false, needsRotation: false };
  const check = vault.verifyKey(row.value, credentialAad(row.account_id, row.key));
  return { checked: true, needsRotation: check.needsRotation };
}
