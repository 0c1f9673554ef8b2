/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32). The state is four
 * 32-bit integers in plain data, so it lives in engine state and replays exactly.
 */
export interface RngState {
  s: [number, number, number, number];
}

export function newRng(seed: number): RngState {
  let x = seed >>> 0;
  const next = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return { s: [next(), next(), next(), next()] };
}

export function nextU32(rng: RngState): number {
  const s = rng.s;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  s[0] >>>= 0;
  s[1] >>>= 0;
  s[2] >>>= 0;
  s[3] >>>= 0;
  return result;
}

/** Uniform in [0, 1). */
export function nextFloat(rng: RngState): number {
  return nextU32(rng) / 4294967296;
}

/** Uniform integer in [0, n). */
export function nextInt(rng: RngState, n: number): number {
  return Math.floor(nextFloat(rng) * n);
}

/** Approximately standard normal (sum of 12 uniforms − 6): plain arithmetic, so bit-exact everywhere. */
export function nextNormal(rng: RngState): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += nextFloat(rng);
  return sum - 6;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
