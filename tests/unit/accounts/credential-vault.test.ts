import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CredentialVault,
  CredentialVaultError,
  createKeyring,
  keyId,
  parseCredentialKey,
} from '../../../core/accounts/credential-vault.js';
import { seededRandom } from '../../../core/random.js';

const KEY_A_HEX = 'a'.repeat(64);
const KEY_B = Buffer.alloc(32, 0x42);
const KEY_B_BASE64 = KEY_B.toString('base64');
const AAD = 'account-1:session';
const SECRET = '1BVtsOKABu0-a-gramjs-string-session==';

function buildVault(current = KEY_A_HEX, old: string | string[] = []): CredentialVault {
  return new CredentialVault(createKeyring(current, old), seededRandom(7));
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof CredentialVaultError) return error.code;
    throw error;
  }
  throw new Error('expected a CredentialVaultError');
}

/** Flips one bit in the given base64url part of an envelope. */
function flip(envelope: string, part: 2 | 3 | 4): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('CredentialVault', () => {
  it('round-trips a secret and stores neither the plaintext nor the key in the envelope', () => {
    const vault = buildVault();
    const envelope = vault.encrypt(SECRET, AAD);
    expect(vault.decrypt(envelope, AAD)).toBe(SECRET);
    expect(envelope).not.toContain(SECRET);
    expect(envelope.startsWith(`v1.${keyId(Buffer.from(KEY_A_HEX, 'hex'))}.`)).toBe(true);
  });

  it('uses a fresh nonce per record so the same secret encrypts differently', () => {
    const vault = buildVault();
    const first = vault.encrypt(SECRET, AAD);
    const second = vault.encrypt(SECRET, AAD);
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
  });

  it('derives the key id from the first 8 hex digits of the SHA-256 of the key', () => {
    expect(keyId(KEY_B)).toBe(createHash('sha256').update(KEY_B).digest('hex').slice(0, 8));
  });

  it.each([
    ['nonce', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ] as const)('rejects a record whose %s was altered as tampered', (_name, part) => {
    const vault = buildVault();
    const envelope = vault.encrypt(SECRET, AAD);
    expect(codeOf(() => vault.decrypt(flip(envelope, part), AAD))).toBe('CREDENTIALS_TAMPERED');
  });

  it('rejects a record moved to another row (different associated data) as tampered', () => {
    const vault = buildVault();
    const envelope = vault.encrypt(SECRET, AAD);
    expect(codeOf(() => vault.decrypt(envelope, 'account-2:session'))).toBe('CREDENTIALS_TAMPERED');
  });

  it('reports a key mismatch when the record was written under a key the keyring lacks', () => {
    const envelope = buildVault().encrypt(SECRET, AAD);
    const other = buildVault(KEY_B_BASE64);
    expect(codeOf(() => other.decrypt(envelope, AAD))).toBe('CREDENTIALS_KEY_MISMATCH');
    expect(codeOf(() => other.verifyKey(envelope))).toBe('CREDENTIALS_KEY_MISMATCH');
  });

  it('does not put the plaintext or key material into error messages', () => {
    const vault = buildVault();
    const envelope = vault.encrypt(SECRET, AAD);
    try {
      vault.decrypt(flip(envelope, 3), AAD);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(KEY_A_HEX);
    }
  });

  it('rejects text that is not an envelope as malformed', () => {
    const vault = buildVault();
    expect(codeOf(() => vault.decrypt('plain text', AAD))).toBe('CREDENTIALS_MALFORMED');
    expect(codeOf(() => vault.needsRotation('v2.00000000.a.b.c'))).toBe('CREDENTIALS_MALFORMED');
  });

  it('reads records under an old key and re-encrypts them under the current key id', () => {
    const oldVault = buildVault(KEY_A_HEX);
    const envelope = oldVault.encrypt(SECRET, AAD);
    const rotated = buildVault(KEY_B_BASE64, [KEY_A_HEX]);

    expect(rotated.needsRotation(envelope)).toBe(true);
    expect(rotated.decrypt(envelope, AAD)).toBe(SECRET);

    const fresh = rotated.reencrypt(envelope, AAD);
    expect(fresh.split('.')[1]).toBe(keyId(KEY_B));
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(rotated.decrypt(fresh, AAD)).toBe(SECRET);
    expect(codeOf(() => oldVault.decrypt(fresh, AAD))).toBe('CREDENTIALS_KEY_MISMATCH');
  });

  it('verifies a sample record at start-up and says whether it needs rotation', () => {
    const envelope = buildVault(KEY_A_HEX).encrypt(SECRET, AAD);
    const rotated = buildVault(KEY_B_BASE64, `${KEY_A_HEX}, ${KEY_B_BASE64}`);
    expect(rotated.verifyKey(envelope, AAD)).toEqual({ keyId: keyId(Buffer.from(KEY_A_HEX, 'hex')), needsRotation: true });
    expect(codeOf(() => rotated.verifyKey(flip(envelope, 4), AAD))).toBe('CREDENTIALS_TAMPERED');
  });
});

describe('parseCredentialKey and createKeyring', () => {
  it('accepts 64 hex digits, standard base64 and URL-safe base64 without padding', () => {
    expect(parseCredentialKey(KEY_A_HEX)).toEqual(Buffer.alloc(32, 0xaa));
    expect(parseCredentialKey(KEY_B_BASE64)).toEqual(KEY_B);
    const urlSafe = Buffer.alloc(32, 0xfb);
    expect(parseCredentialKey(urlSafe.toString('base64url'))).toEqual(urlSafe);
  });

  it.each(['', 'abc', 'a'.repeat(62), Buffer.alloc(16).toString('base64'), 'z'.repeat(64)])(
    'rejects %j as an invalid key without echoing it',
    (text) => {
      expect(codeOf(() => parseCredentialKey(text))).toBe('CREDENTIALS_KEY_INVALID');
      try {
        parseCredentialKey(text);
      } catch (error) {
        if (text !== '') expect((error as Error).message).not.toContain(text);
      }
    },
  );

  it('names the faulty older key by position and drops an older key equal to the current one', () => {
    expect(codeOf(() => createKeyring(KEY_A_HEX, [KEY_B_BASE64, 'nope']))).toBe('CREDENTIALS_KEY_INVALID');
    expect(() => createKeyring(KEY_A_HEX, [KEY_B_BASE64, 'nope'])).toThrow('CREDENTIALS_OLD_KEYS[1]');
    const keyring = createKeyring(KEY_A_HEX, `${KEY_A_HEX},${KEY_B_BASE64}`);
    expect(keyring.older.map((key) => key.id)).toEqual([keyId(KEY_B)]);
  });
});
