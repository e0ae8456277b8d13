/**
 * The server half of Telegram's SRP 2FA check (MTProto "Two-factor authentication" spec), so the fake
 * platform can verify what GramJS's `computeCheck` produced without knowing its random `a`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { computeDigest } from 'telegram/Password.js';
import { returnBigInt } from 'telegram/Helpers.js';

// The 2048-bit safe prime Telegram publishes for SRP (GramJS accepts only this one), generator 3.
const PRIME_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
  'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
  '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
  '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
  'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
  '6f4fadf034b10403119cd8e3b92fcc5b';
const P = BigInt(`0x${PRIME_HEX}`);
const G = 3n;

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const toBig = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex') || '0'}`);
const to256 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(512, '0'), 'hex');

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
}

/** One password challenge (`account.password`) and the check of its answer. */
export class SrpChallenge {
  readonly algo: Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
  readonly srpId = returnBigInt(Date.now());
  private readonly b = toBig(randomBytes(256));
  private B = 0n;
  private v = 0n;

  private constructor() {
    this.algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: randomBytes(40),
      salt2: randomBytes(16),
      g: Number(G),
      p: Buffer.from(PRIME_HEX, 'hex'),
    });
  }

  /** A challenge for an account whose password is `password`. */
  static async create(password: string): Promise<SrpChallenge> {
    const challenge = new SrpChallenge();
    challenge.v = toBig(await computeDigest(challenge.algo, password));
    const k = toBig(sha256(to256(P), to256(G)));
    challenge.B = (k * challenge.v + modPow(G, challenge.b, P)) % P;
    return challenge;
  }

  /** What `account.GetPassword` answers. */
  passwordInfo(hint?: string): Api.account.Password {
    return new Api.account.Password({
      hasPassword: true,
      currentAlgo: this.algo,
      srp_B: to256(this.B),
      srpId: this.srpId,
      hint,
      newAlgo: new Api.PasswordKdfAlgoUnknown(),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
      secureRandom: randomBytes(32),
    });
  }

  /** Whether the client proved knowledge of the password. */
  verify(check: Api.TypeInputCheckPasswordSRP): boolean {
    if (!(check instanceof Api.InputCheckPasswordSRP) || !check.srpId.equals(this.srpId)) return false;
    const A = toBig(check.A);
    const aBytes = to256(A);
    const bBytes = to256(this.B);
    const u = toBig(sha256(aBytes, bBytes));
    const S = modPow((A * modPow(this.v, u, P)) % P, this.b, P);
    const K = sha256(to256(S));
    const expected = sha256(
      xor(sha256(to256(P)), sha256(to256(G))),
      sha256(this.algo.salt1),
      sha256(this.algo.salt2),
      aBytes,
      bBytes,
      K,
    );
    return expected.equals(check.M1);
  }
}
