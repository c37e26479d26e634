// Seeded, serialisable pseudo-random generator used by every stochastic function of the library.
//
// Algorithm: xoshiro128** (Blackman & Vigna, 2018), 128-bit state, period 2^128 − 1, chosen because it
// runs on 32-bit integer arithmetic (fast in JS engines without BigInt) and has a published jump
// polynomial, which gives provably non-overlapping streams for `split()`.
// Seeding: SplitMix32 expands any 32-bit seed (0 included) to a non-zero 128-bit state.
// Normals: polar Box–Muller; the spare deviate is part of the serialised state so that a restored
// generator continues exactly where the original left off.
import { InvalidParameterError } from '../errors/errors.js';

/** Serialisable generator state (plain JSON). */
export interface RandomState {
  algorithm: 'xoshiro128**';
  /** Four unsigned 32-bit words. */
  s: [number, number, number, number];
  /** Cached second normal deviate of the polar method, or null. */
  spare: number | null;
}

/** xoshiro128** jump polynomial: advances the state by 2^64 draws. */
const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_M32 = 2 ** -32;
const TWO_POW_M53 = 2 ** -53;

/**
 * A seeded random generator with save/restore and independent streams.
 *
 * The same seed always gives the same sequence, on every platform; seed 0 is valid.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * const rng = new Random(42);
 * const z = rng.normal();                  // one N(0,1) draw
 * const saved = rng.getState();            // JSON-serialisable
 * const a = rng.uniform();
 * const b = Random.fromState(saved).uniform();
 * console.log(a === b);                    // true
 * const [s1, s2] = rng.split(2);           // two independent streams
 * ```
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /**
   * @param seed - any integer in [0, 2^32); non-integers and out-of-range values are rejected.
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InvalidParameterError('seed', 'an integer in [0, 4294967295]', seed);
    }
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // unreachable in practice; all-zero is a fixed point
  }

  /**
   * Rebuild a generator from {@link Random.getState}.
   *
   * @example
   * ```ts
   * import { Random } from '@ratedistortion/core';
   * const r = new Random(1);
   * const copy = Random.fromState(JSON.parse(JSON.stringify(r.getState())));
   * ```
   */
  static fromState(state: RandomState): Random {
    if (!state || state.algorithm !== 'xoshiro128**' || !Array.isArray(state.s) || state.s.length !== 4) {
      throw new InvalidParameterError('state', "a RandomState {algorithm:'xoshiro128**', s:[4 words], spare}", state);
    }
    for (const w of state.s) {
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new InvalidParameterError('state.s', 'unsigned 32-bit words', w);
    }
    if ((state.s[0] | state.s[1] | state.s[2] | state.s[3]) === 0) {
      throw new InvalidParameterError('state.s', 'not all zero', state.s);
    }
    const r = new Random(0);
    [r.s0, r.s1, r.s2, r.s3] = state.s;
    r.spare = state.spare ?? null;
    return r;
  }

  /** Snapshot of the state (plain JSON). */
  getState(): RandomState {
    return { algorithm: 'xoshiro128**', s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  /** An independent copy of this generator at its current position. */
  clone(): Random {
    return Random.fromState(this.getState());
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /** Uniform double in (0, 1): never returns 0, safe for logarithms. */
  uniformOpen(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32 * (1 - TWO_POW_M32) + this.uniform() * TWO_POW_M32 * TWO_POW_M32;
  }

  /** Uniform integer in [0, n) without modulo bias. */
  uniformInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new InvalidParameterError('n', 'an integer in [1, 2^32]', n);
    const limit = 0x100000000 - (0x100000000 % n);
    let x: number;
    do x = this.nextUint32(); while (x >= limit);
    return x % n;
  }

  /** Standard normal deviate (polar Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Exponential(1) deviate. */
  exponential(): number {
    return -Math.log(this.uniformOpen());
  }

  /** Fill `out` with N(mean, std²) deviates and return it. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fill `out` with Uniform[lo, hi) deviates and return it. */
  fillUniform<T extends Float64Array | Float32Array>(out: T, lo = 0, hi = 1): T {
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  /** Index drawn from unnormalised non-negative weights. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(arr: T[] | Float64Array | Int32Array | Uint32Array): typeof arr {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.uniformInt(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp as never;
    }
    return arr;
  }

  /**
   * A 32-bit seed for a library that takes a numeric seed (e.g. tfjs random ops), drawn from this stream.
   * Same generator state → same seed → same numbers on the same backend.
   */
  deriveSeed(): number {
    return this.nextUint32();
  }

  /** Advance this generator by 2^64 draws (the xoshiro128** jump). */
  jump(): this {
    let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t0 ^= this.s0;
          t1 ^= this.s1;
          t2 ^= this.s2;
          t3 ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = t0 >>> 0;
    this.s1 = t1 >>> 0;
    this.s2 = t2 >>> 0;
    this.s3 = t3 >>> 0;
    this.spare = null;
    return this;
  }

  /**
   * `n` independent streams: stream i starts i·2^64 draws after the current position, and this generator
   * moves past all of them, so neither it nor the children ever overlap (for fewer than 2^64 draws each).
   */
  split(n = 2): Random[] {
    if (!Number.isInteger(n) || n < 1) throw new InvalidParameterError('n', 'an integer >= 1', n);
    const out: Random[] = [];
    for (let i = 0; i < n; i++) {
      const child = this.clone();
      child.spare = null;
      out.push(child);
      this.jump();
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Accept a seed or a generator: a number creates a fresh {@link Random}, a generator is used as is.
 *
 * @example
 * ```ts
 * import { toRandom } from '@ratedistortion/core';
 * const rng = toRandom(7);
 * ```
 */
export function toRandom(seedOrRng: number | Random): Random {
  return seedOrRng instanceof Random ? seedOrRng : new Random(seedOrRng);
}
