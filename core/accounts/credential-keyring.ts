import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';

/** Stable codes of credential-encryption failures (the bot and the start-up check map them to words). */
export type CredentialErrorCode =
  | 'CREDENTIALS_KEY_INVALID'
  | 'CREDENTIALS_KEY_MISMATCH'
  | 'CREDENTIALS_TAMPERED'
  | 'CREDENTIALS_MALFORMED';

/**
 * Reading or writing encrypted credentials failed. The message never holds plaintext or key material,
 * only the code, a key id (a public hash) or a position in the key list.
 * A missing key is an operator problem, so it is reportable; tampering is too (it should never happen).
 */
export class CredentialVaultError extends DomainError {
  override readonly isReportable = true;
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One AES-256 key and its public id (first 8 hex digits of SHA-256 of the key). */
export interface VaultKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The current key encrypts; every key (current first, then older ones) may decrypt. */
export interface CredentialKeyring {
  readonly current: VaultKey;
  readonly older: readonly VaultKey[];
}

const KEY_BYTES = 32;

/** Public id of a key: the first 8 hex digits of its SHA-256, safe to store and to log. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Parses a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe, padding optional).
 * `label` names the setting in the error (e.g. `CREDENTIALS_KEY`), never the value.
 */
export function parseCredentialKey(text: string, label = 'CREDENTIALS_KEY'): Buffer {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/iu.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/u.test(value)) {
    const bytes = Buffer.from(value.replace(/-/gu, '+').replace(/_/gu, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new CredentialVaultError(
    'CREDENTIALS_KEY_INVALID',
    `${label} must be ${KEY_BYTES} bytes written as 64 hex digits or as base64`,
  );
}

/**
 * Builds the keyring from configuration: the current key (`CREDENTIALS_KEY`) and optional older keys
 * (`CREDENTIALS_OLD_KEYS`, separated by commas or whitespace). An older key equal to the current one is
 * dropped, so an operator may leave it in the list while rotating.
 */
export function createKeyring(currentKey: string, oldKeys: string | readonly string[] = []): CredentialKeyring {
  const key = parseCredentialKey(currentKey);
  const current: VaultKey = { id: keyId(key), key };
  const texts = typeof oldKeys === 'string' ? oldKeys.split(/[\s,]+/u) : oldKeys;
  const older = new Map<string, VaultKey>();
  texts
    .filter((text) => text.trim() !== '')
    .forEach((text, index) => {
      const oldKey = parseCredentialKey(text, `CREDENTIALS_OLD_KEYS[${index}]`);
      const id = keyId(oldKey);
      if (id !== current.id) older.set(id, { id, key: oldKey });
    });
  return { current, older: [...older.values()] };
}
