import { randomBytes, randomInt } from 'node:crypto';

/** Where randomness comes from, so that tests can make it deterministic. */
export interface RandomSource {
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  bytes(length: number): Buffer;
}

export const cryptoRandom: RandomSource = {
  int: (min, max) => randomInt(min, max + 1),
  bytes: (length) => randomBytes(length),
};

/** Deterministic source (mulberry32) for tests. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bytes: (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))),
  };
}
