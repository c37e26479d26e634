// Seeded, serialisable pseudo-random generator used by every stochastic function of the library.
//
// Algorithm: xoshiro128** (Blackman & Vigna, 2018), 128-bit state, period 2^128 − 1, chosen because it
// runs on 32-bit integer arithmetic (fast in JS engines without BigInt) and has a published jump
// polynomial, which gives provably non-overlapping streams for `split()`.
// Seeding: SplitMix32 expands any 32-bit seed (0 included) to a non-zero 128-bit state.
// Normals: the ziggurat method of Marsaglia & Tsang (J. Stat. Softw. 5(8), 2000) with 256 layers, in the form
// of Doornik ("An improved ziggurat method to generate normal random samples", 2005): the layer index and the
// sign come from bits of one 32-bit draw that are not reused for the abscissa, which takes 53 fresh bits, so the
// layer and the value are independent (the 32-bit original reuses the same bits for both). Exact in
// distribution: a point uniform on the union of 256 equal-area rectangles covering the half-normal density is
// accepted iff it lies under the density (wedges by an explicit test, the base layer's tail beyond R by
// Marsaglia's 1964 exponential rejection). About 98.8% of deviates take the fast path: two 32-bit draws, one
// multiply and one comparison. No deviate is cached: the state is the four xoshiro words only.
import { InvalidParameterError } from '../errors/errors.js';
import { ZIGGURAT_F, ZIGGURAT_R, ZIGGURAT_X } from './ziggurat-tables.js';

/**
 * Serialisable generator state (plain JSON).
 *
 * @example
 * ```ts
 * import { Random, type RandomState } from '@ratedistortion/core';
 * const rng = new Random(5);
 * const state: RandomState = JSON.parse(JSON.stringify(rng.getState()));
 * console.log(Random.fromState(state).uniform() === rng.uniform()); // true
 * ```
 */
export interface RandomState {
  algorithm: 'xoshiro128**';
  /** Four unsigned 32-bit words. */
  s: [number, number, number, number];
  /**
   * A cached normal deviate returned by the next `normal()` call, or null. The ziggurat generator never caches
   * one (always null in new states); a non-null value is accepted from states saved by versions that used the
   * polar method, so that their checkpoints still load.
   */
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
  // The four state words live in an Int32Array: as object fields they would hold values outside V8's small
  // integers and be boxed on every store (measured: 30–50 ns per draw instead of ~2).
  private readonly st = new Int32Array(4);
  private spare: number | null = null;

  /**
   * @param seed - any integer in [0, 2^32); non-integers and out-of-range values are rejected.
   */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InvalidParameterError('seed', 'an integer in [0, 4294967295]', seed);
    }
    const next = splitmix32(seed);
    const st = this.st;
    for (let k = 0; k < 4; k++) st[k] = next();
    if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1; // unreachable in practice; all-zero is a fixed point
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
    if (state?.algorithm !== 'xoshiro128**' || !Array.isArray(state.s) || state.s.length !== 4) {
      throw new InvalidParameterError('state', "a RandomState {algorithm:'xoshiro128**', s:[4 words], spare}", state);
    }
    for (const w of state.s) {
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff)
        throw new InvalidParameterError('state.s', 'unsigned 32-bit words', w);
    }
    if ((state.s[0] | state.s[1] | state.s[2] | state.s[3]) === 0) {
      throw new InvalidParameterError('state.s', 'not all zero', state.s);
    }
    const r = new Random(0);
    for (let k = 0; k < 4; k++) r.st[k] = state.s[k];
    r.spare = state.spare ?? null;
    return r;
  }

  /** Snapshot of the state (plain JSON). */
  getState(): RandomState {
    return {
      algorithm: 'xoshiro128**',
      s: [this.st[0] >>> 0, this.st[1] >>> 0, this.st[2] >>> 0, this.st[3] >>> 0],
      spare: this.spare,
    };
  }

  /** An independent copy of this generator at its current position. */
  clone(): Random {
    return Random.fromState(this.getState());
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const st = this.st;
    let s0 = st[0],
      s1 = st[1],
      s2 = st[2],
      s3 = st[3];
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
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
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000)
      throw new InvalidParameterError('n', 'an integer in [1, 2^32]', n);
    const limit = 0x100000000 - (0x100000000 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Standard normal deviate (256-layer ziggurat; see the file header). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const a = this.nextUint32();
    const b = this.nextUint32();
    const i = a & 255;
    const x = ((a >>> 11) * 4294967296 + b) * TWO_POW_M53 * ZIGGURAT_X[i];
    if (x < ZIGGURAT_X[i + 1]) return a & 256 ? -x : x;
    return this.normalSlow(i, x, a & 256);
  }

  // The ~1.2% of ziggurat draws outside a layer's inner rectangle: the tail (layer 0) or the wedge test; on
  // rejection a fresh draw (the whole method restarts, as exactness requires).
  private normalSlow(i: number, x: number, negative: number): number {
    if (i === 0) {
      // Marsaglia (1964): R + a with a ~ Exp(R) accepted with probability exp(−a²/2) is the tail beyond R.
      let e: number;
      let t: number;
      do {
        e = -Math.log(this.uniformOpen()) / ZIGGURAT_R;
        t = -Math.log(this.uniformOpen());
      } while (t + t < e * e);
      return negative ? -(ZIGGURAT_R + e) : ZIGGURAT_R + e;
    }
    if (ZIGGURAT_F[i] + this.uniform() * (ZIGGURAT_F[i + 1] - ZIGGURAT_F[i]) < Math.exp(-0.5 * x * x))
      return negative ? -x : x;
    return this.normal();
  }

  /** Exponential(1) deviate. */
  exponential(): number {
    return -Math.log(this.uniformOpen());
  }

  /** Fill `out` with N(mean, std²) deviates and return it. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    // Same numbers as out.length calls of normal(). The fast path runs in a free function on local copies of the
    // state (twice as fast as inside this method) and returns at the first draw that needs the slow path.
    const n = out.length;
    let k = 0;
    if (this.spare !== null && n > 0) out[k++] = mean + std * this.normal();
    while (k < n) {
      k = zigguratFast(this.st, out, k, mean, std, pending);
      if (k < n) out[k++] = mean + std * this.normalSlow(pending[0], pending[1], pending[2]);
    }
    return out;
  }

  /** Fill `out` with Uniform[lo, hi) deviates and return it. */
  fillUniform<T extends Float64Array | Float32Array>(out: T, lo = 0, hi = 1): T {
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  /**
   * Index drawn from unnormalised non-negative weights; an empty list, a negative or non-finite weight, or an
   * all-zero list is an InvalidParameterError.
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0 && w < Infinity)) throw new InvalidParameterError(`weights[${i}]`, 'a finite number >= 0', w);
      total += w;
    }
    if (!(total > 0))
      throw new InvalidParameterError(
        'weights',
        'a non-empty list with a positive sum',
        weights.length === 0 ? [] : total,
      );
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
    let t0 = 0,
      t1 = 0,
      t2 = 0,
      t3 = 0;
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t0 ^= this.st[0];
          t1 ^= this.st[1];
          t2 ^= this.st[2];
          t3 ^= this.st[3];
        }
        this.nextUint32();
      }
    }
    this.st[0] = t0;
    this.st[1] = t1;
    this.st[2] = t2;
    this.st[3] = t3;
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

// Layer index, abscissa and sign bit of the draw at which zigguratFast stopped.
const pending = new Float64Array(3);

// Ziggurat fast path over out[k..) (mean + std·z): xoshiro128** inlined on locals; returns the index of the first draw that
// falls outside its layer's inner rectangle (its (i, x, sign) in `stop`), or out.length. The generator step repeats
// nextUint32's on purpose: calling a shared step that reads and writes the state array costs 9.0 instead of 7.0 ms CPU
// per 10⁶ normals (fillNormal into a Float64Array, Node 20, minimum of 15 runs).
function zigguratFast(
  st: Int32Array,
  out: Float64Array | Float32Array,
  k: number,
  mean: number,
  std: number,
  stop: Float64Array,
): number {
  let s0 = st[0],
    s1 = st[1],
    s2 = st[2],
    s3 = st[3];
  const zx = ZIGGURAT_X;
  const n = out.length;
  for (; k < n; k++) {
    let r = Math.imul(s1, 5);
    const a = Math.imul((r << 7) | (r >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    r = Math.imul(s1, 5);
    const b = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const i = a & 255;
    const x = ((a >>> 11) * 4294967296 + b) * TWO_POW_M53 * zx[i];
    if (x < zx[i + 1]) {
      out[k] = mean + std * (a & 256 ? -x : x);
    } else {
      stop[0] = i;
      stop[1] = x;
      stop[2] = a & 256;
      break;
    }
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  return k;
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
