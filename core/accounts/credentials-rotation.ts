import type pg from 'pg';
import type { OperatorCommand } from '../cli/operator-command.js';
import { ValidationError } from '../errors.js';
import { createVault } from './credentials-key.js';
import type { CredentialVault } from './credential-vault.js';
import { credentialAad } from './pg-credential-store.js';
import { loginInputAad } from './login-attempts.js';

/** What a rotation did. */
export interface RotationResult {
  /** Records re-encrypted under the current key. */
  rotated: number;
  /** Records that already used the current key. */
  current: number;
  /** Records that changed while being rotated (a worker wrote them meanwhile, already under the current key). */
  skipped: number;
}

const BATCH = 500;

/**
 * Re-encrypts every stored credential and pending login input under the vault's current key. Each update is
 * conditional on the value read, so a concurrent write by a worker is never overwritten with older data.
 * A record no key opens stops the rotation with `CredentialVaultError` (nothing is half-written per row).
 */
export async function rotateCredentials(pool: pg.Pool, vault: CredentialVault): Promise<RotationResult> {
  const result: RotationResult = { rotated: 0, current: 0, skipped: 0 };
  let after: [number, string] = [0, ''];
  for (;;) {
    const { rows } = await pool.query<{ account_id: number; key: string; value: string }>(
      `SELECT account_id, key, value FROM account_credentials WHERE (account_id, key) > ($1, $2) ORDER BY account_id, key LIMIT ${BATCH}`,
      after,
    );
    for (const row of rows) {
      if (!vault.needsRotation(row.value)) {
        result.current += 1;
        continue;
      }
      const next = vault.reencrypt(row.value, credentialAad(row.account_id, row.key));
      const updated = await pool.query('UPDATE account_credentials SET value = $4 WHERE account_id = $1 AND key = $2 AND value = $3', [
        row.account_id,
        row.key,
        row.value,
        next,
      ]);
      if (updated.rowCount === 1) result.rotated += 1;
      else result.skipped += 1;
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = [last.account_id, last.key];
  }
  const inputs = await pool.query<{ id: number; pending_input: string; pending_input_kind: string }>(
    'SELECT id, pending_input, pending_input_kind FROM login_attempts WHERE pending_input IS NOT NULL',
  );
  for (const row of inputs.rows) {
    if (!vault.needsRotation(row.pending_input)) {
      result.current += 1;
      continue;
    }
    const next = vault.reencrypt(row.pending_input, loginInputAad(row.id, row.pending_input_kind));
    const updated = await pool.query('UPDATE login_attempts SET pending_input = $3 WHERE id = $1 AND pending_input = $2', [row.id, row.pending_input, next]);
    if (updated.rowCount === 1) result.rotated += 1;
    else result.skipped += 1;
  }
  return result;
}

/** `rotate-credentials-key`: re-encrypts everything under CREDENTIALS_KEY, opening old records with CREDENTIALS_OLD_KEYS. */
export const rotateCredentialsKeyCommand: OperatorCommand = {
  name: 'rotate-credentials-key',
  usage: 'CREDENTIALS_KEY=<new> CREDENTIALS_OLD_KEYS=<old,…> npm run cli -- rotate-credentials-key',
  description: 're-encrypt every stored messenger credential under CREDENTIALS_KEY (prints counts as JSON)',
  async run(args, { config, db, logger }) {
    if (args.length > 0) throw new ValidationError(`rotate-credentials-key takes no arguments (got ${args.length})`);
    const vault = createVault(config, logger);
    const result = await rotateCredentials(db.pool, vault);
    logger.info({ action: 'credentials.rotated', ...result, keyId: vault.currentKeyId }, 'credentials re-encrypted');
    return { ...result, keyId: vault.currentKeyId };
  },
};
