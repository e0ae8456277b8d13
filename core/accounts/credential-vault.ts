import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cryptoRandom } from '../random.js';
import type { RandomSource } from '../random.js';
import { CredentialVaultError } from './credential-keyring.js';
import type { CredentialKeyring, VaultKey } from './credential-keyring.js';

export { CredentialVaultError, createKeyring, keyId, parseCredentialKey } from './credential-keyring.js';
export type { CredentialErrorCode, CredentialKeyring, VaultKey } from './credential-keyring.js';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What `verifyKey` learned from a stored record. */
export interface KeyCheck {
  readonly keyId: string;
  readonly needsRotation: boolean;
}

interface Envelope {
  readonly keyId: string;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/**
 * Encrypts messenger credentials at rest with AES-256-GCM.
 *
 * A record is a text envelope `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url parts): the key id says
 * which key of the keyring opens it, the 12-byte nonce is fresh per record. The caller's associated data
 * (e.g. `accountId:entryKey`) is authenticated together with the version and key id, so a record copied to
 * another row or relabelled with another key id fails to open instead of yielding someone else's session.
 * Failures throw `CredentialVaultError` with a stable code and no secret in the message.
 */
export class CredentialVault {
  private readonly keys: ReadonlyMap<string, VaultKey>;

  constructor(
    private readonly keyring: CredentialKeyring,
    private readonly random: RandomSource = cryptoRandom,
  ) {
    this.keys = new Map([keyring.current, ...keyring.older].map((key) => [key.id, key]));
  }

  /** Id of the key that new records are written under. */
  get currentKeyId(): string {
    return this.keyring.current.id;
  }

  /** Encrypts `plain` under the current key, bound to `aad`. */
  encrypt(plain: string, aad: string): string {
    const { id, key } = this.keyring.current;
    const nonce = this.random.bytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(id, aad));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, id, nonce, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * Opens a record written by `encrypt` with the same `aad`.
   * @throws CredentialVaultError `CREDENTIALS_MALFORMED` (not an envelope), `CREDENTIALS_KEY_MISMATCH` (its key
   * is not in the keyring), `CREDENTIALS_TAMPERED` (any byte or the associated data differs).
   */
  decrypt(envelope: string, aad: string): string {
    const parsed = parseEnvelope(envelope);
    const key = this.keyFor(parsed.keyId);
    const decipher = createDecipheriv('aes-256-gcm', key.key, parsed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(parsed.keyId, aad));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // GCM authentication failed; the cause carries nothing useful and must not leak anything.
      throw new CredentialVaultError('CREDENTIALS_TAMPERED', 'encrypted credentials failed authentication');
    }
  }

  /** Whether the record was written under an older key (or an older format) and should be re-encrypted. */
  needsRotation(envelope: string): boolean {
    return parseEnvelope(envelope).keyId !== this.keyring.current.id;
  }

  /** Decrypts with whichever key wrote the record and encrypts again under the current key. */
  reencrypt(envelope: string, aad: string): string {
    return this.encrypt(this.decrypt(envelope, aad), aad);
  }

  /**
   * Start-up check over one stored record: its key must be in the keyring; given its `aad`, it must also open.
   * @throws CredentialVaultError as `decrypt` does.
   */
  verifyKey(sampleEnvelope: string, aad?: string): KeyCheck {
    const parsed = parseEnvelope(sampleEnvelope);
    this.keyFor(parsed.keyId);
    if (aad !== undefined) this.decrypt(sampleEnvelope, aad);
    return { keyId: parsed.keyId, needsRotation: parsed.keyId !== this.keyring.current.id };
  }

  private keyFor(id: string): VaultKey {
    const key = this.keys.get(id);
    if (key === undefined) {
      throw new CredentialVaultError(
        'CREDENTIALS_KEY_MISMATCH',
        `credentials were encrypted under key ${id}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_OLD_KEYS`,
      );
    }
    return key;
  }
}

function associatedData(keyId: string, aad: string): Buffer {
  return Buffer.from(`contactd-credentials:${VERSION}:${keyId}:${aad}`, 'utf8');
}

function parseEnvelope(envelope: string): Envelope {
  const parts = envelope.split('.');
  const [version, keyId, nonce, ciphertext, tag] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    keyId === undefined ||
    !/^[0-9a-f]{8}$/u.test(keyId) ||
    nonce === undefined ||
    ciphertext === undefined ||
    tag === undefined ||
    ![nonce, ciphertext, tag].every((part) => /^[A-Za-z0-9_-]*$/u.test(part))
  ) {
    throw new CredentialVaultError('CREDENTIALS_MALFORMED', 'stored credentials are not a v1 envelope');
  }
  const decoded = {
    keyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.nonce.length !== NONCE_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new CredentialVaultError('CREDENTIALS_MALFORMED', 'stored credentials are not a v1 envelope');
  }
  return decoded;
}
