// On a uniform grid the Gibbs kernel e^{−β·½(xᵢ − xⱼ)²} depends on |i − j| only, so the N×N matrix (8 MB at
// N = 1000, out of cache) is one length-N column (8 KB, in L1). Row i of the product is then a dot product of
// v with a contiguous window of the mirrored column u[l] = column[|l − (n − 1)|], length 2n − 1:
//   (T v)_i = Σ_j u[n − 1 − i + j]·v[j].
// The dot product runs in a 200-byte WebAssembly SIMD kernel (f64x2, four partial sums) assembled below:
// V8 does not vectorise JavaScript loops, and the kernel is ~5–8× faster than the best scalar loop. Products
// and sums are plain IEEE double operations (no fused multiply-add); only the summation order differs from a
// dense row dot product, so results agree with it to rounding, not bit for bit. Where WebAssembly SIMD is
// unavailable the same sums run, in the same order, as a scalar loop.
import { DimensionMismatchError, InvalidParameterError, assertInteger } from '@ratedistortion/core';

type DotFn = (a: number, b: number, n: number) => number;

// Signed/unsigned LEB128 agree for the small non-negative values used here.
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0 || b & 0x40) b |= 0x80;
    out.push(b);
    if (n === 0 && b & 0x80) out.push(0);
  } while (n !== 0);
  return out;
}

/**
 * The module: memory 0 (exported "mem") and `dot(a, b, n) → f64` = Σ_{t<n} A[t]·B[t] over the f64 arrays at
 * byte offsets a, b. Two f64x2 accumulators over blocks of 4, lane sum, then a scalar tail.
 */
function dotModuleBytes(): Uint8Array<ArrayBuffer> {
  const [A, B, N, ACC0, ACC1, S] = [0, 1, 2, 3, 4, 5];
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const i32 = (v: number): number[] => [0x41, ...leb(v)];
  const simd = (op: number): number[] => [0xfd, ...leb(op)];
  const vload = (offset: number): number[] => [...simd(0x00), 4, ...leb(offset)]; // v128.load align=16
  const F64X2_ADD = 0xf0;
  const F64X2_MUL = 0xf2;
  const EXTRACT = 0x21; // f64x2.extract_lane
  const inc = (i: number, by: number): number[] => [...get(i), ...i32(by), 0x6a, ...set(i)]; // i32.add
  const dec = (i: number, by: number): number[] => [...get(i), ...i32(by), 0x6b, ...set(i)]; // i32.sub
  // acc += A[offset..] ⊙ B[offset..], one f64x2 pair (offset in bytes).
  const accumulate = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...get(A),
    ...vload(offset),
    ...get(B),
    ...vload(offset),
    ...simd(F64X2_MUL),
    ...simd(F64X2_ADD),
    ...set(acc),
  ];
  const BLOCK_LOOP = [0x02, 0x40, 0x03, 0x40]; // block, loop
  const END_LOOP = [0x0c, 0, 0x0b, 0x0b]; // br loop, end loop, end block
  const f64load = (i: number): number[] => [...get(i), 0x2b, 3, 0]; // f64.load align=8
  const body = [
    ...[2, 2, 0x7b, 1, 0x7c], // locals: 2 × v128 (acc0, acc1), 1 × f64 (s)
    ...BLOCK_LOOP,
    ...[...get(N), ...i32(4), 0x49, 0x0d, 1], // br_if out when n < 4 (unsigned)
    ...accumulate(ACC0, 0),
    ...accumulate(ACC1, 16),
    ...inc(A, 32),
    ...inc(B, 32),
    ...dec(N, 4),
    ...END_LOOP,
    ...[...get(ACC0), ...get(ACC1), ...simd(F64X2_ADD), ...set(ACC0)], // acc0 += acc1
    ...[...get(ACC0), ...simd(EXTRACT), 0, ...get(ACC0), ...simd(EXTRACT), 1, 0xa0, ...set(S)], // s = lane 0 + lane 1
    ...BLOCK_LOOP,
    ...[...get(N), 0x45, 0x0d, 1], // br_if out when n == 0
    ...[...get(S), ...f64load(A), ...f64load(B), 0xa2, 0xa0, ...set(S)], // s += A·B (mul, add)
    ...inc(A, 8),
    ...inc(B, 8),
    ...dec(N, 1),
    ...END_LOOP,
    ...get(S),
    0x0b,
  ];
  const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
  const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7c]), // type: (i32, i32, i32) → f64
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 1]), // memory: min 1 page, no max
    ...section(7, [2, ...name('dot'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

let dotModule: WebAssembly.Module | null | undefined;

function wasmDotModule(): WebAssembly.Module | null {
  if (dotModule === undefined) {
    try {
      const bytes = dotModuleBytes();
      dotModule = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      dotModule = null; // no WebAssembly or no SIMD: the scalar kernel is used
    }
  }
  return dotModule;
}

/**
 * Which inner kernel a {@link SymmetricToeplitz} uses: `'wasm-simd'` (WebAssembly f64x2, the default where
 * available) or `'js'` (scalar JavaScript). Both compute the same sums in the same order: identical results.
 *
 * @example
 * ```ts
 * import type { ToeplitzKernel } from '@ratedistortion/analytic';
 * const k: ToeplitzKernel = 'js';
 * ```
 */
export type ToeplitzKernel = 'wasm-simd' | 'js';

/**
 * The symmetric banded Toeplitz matrix `T[i][j] = column[|i − j|]` for `|i − j| < bandwidth`, 0 otherwise
 * (`bandwidth` defaults to `column.length`: the full matrix), stored as its column only. `apply` costs
 * O(n·bandwidth). Use {@link exactBandwidth} to drop only trailing entries that are exactly zero, which
 * leaves every product unchanged.
 *
 * @example
 * ```ts
 * import { SymmetricToeplitz } from '@ratedistortion/analytic';
 * const t = new SymmetricToeplitz(Float64Array.from([1, 0.5, 0.25]));
 * const out = new Float64Array(3);
 * t.apply(Float64Array.from([1, 2, 3]), out);
 * console.log(out, t.kernel); // Float64Array [ 2.75, 4, 4.25 ] 'wasm-simd'
 * ```
 */
export class SymmetricToeplitz {
  readonly n: number;
  readonly bandwidth: number;
  readonly kernel: ToeplitzKernel;
  private readonly mirrored: Float64Array;
  private readonly dot: DotFn | null = null;
  private readonly heap: Float64Array | null = null;

  constructor(column: Float64Array, bandwidth: number = column.length, options: { kernel?: ToeplitzKernel } = {}) {
    if (!(column instanceof Float64Array) || column.length < 1)
      throw new InvalidParameterError('column', 'a non-empty Float64Array', column);
    const n = column.length;
    assertInteger('bandwidth', bandwidth, 1, n);
    for (let m = 0; m < bandwidth; m++) {
      if (!Number.isFinite(column[m])) throw new InvalidParameterError(`column[${m}]`, 'a finite number', column[m]);
    }
    const wanted = options.kernel ?? 'wasm-simd';
    if (wanted !== 'wasm-simd' && wanted !== 'js')
      throw new InvalidParameterError('kernel', "'wasm-simd' or 'js'", wanted);
    this.n = n;
    this.bandwidth = bandwidth;
    // mirrored column u[l] = column[|l − (n − 1)|] (zero beyond the band), l < 2n − 1
    const mirrored = new Float64Array(2 * n - 1);
    for (let l = 0; l < 2 * n - 1; l++) {
      const m = l > n - 1 ? l - (n - 1) : n - 1 - l;
      mirrored[l] = m < bandwidth ? column[m] : 0;
    }
    this.mirrored = mirrored;
    const mod = wanted === 'wasm-simd' ? wasmDotModule() : null;
    if (mod !== null) {
      const inst = new WebAssembly.Instance(mod, {});
      const mem = inst.exports.mem as WebAssembly.Memory;
      // layout: mirrored column (2n − 1 doubles), then v (n doubles)
      const bytes = 8 * (3 * n);
      const pages = Math.ceil(bytes / 65536) - mem.buffer.byteLength / 65536;
      if (pages > 0) mem.grow(pages);
      this.heap = new Float64Array(mem.buffer);
      this.heap.set(mirrored, 0);
      this.dot = inst.exports.dot as DotFn;
    }
    this.kernel = this.dot !== null ? 'wasm-simd' : 'js';
  }

  /** `out = T v` (`out` and `v` must not overlap). */
  apply(v: Float64Array, out: Float64Array): void {
    const n = this.n;
    if (v.length !== n) throw new DimensionMismatchError('v', n, v.length);
    if (out.length !== n) throw new DimensionMismatchError('out', n, out.length);
    if (
      out.buffer === v.buffer &&
      out.byteOffset < v.byteOffset + v.byteLength &&
      v.byteOffset < out.byteOffset + out.byteLength
    ) {
      throw new InvalidParameterError('out', 'an array not overlapping v', 'an overlapping view');
    }
    const band = this.bandwidth;
    if (this.dot === null || this.heap === null) {
      toeplitzMatVecJs(this.mirrored, band, v, out, n);
      return;
    }
    const heap = this.heap;
    const dot = this.dot;
    const vBase = 2 * n - 1;
    heap.set(v, vBase);
    for (let i = 0; i < n; i++) {
      const lo = i - band + 1 > 0 ? i - band + 1 : 0;
      const hi = i + band < n ? i + band : n;
      out[i] = dot(8 * (n - 1 - i + lo), 8 * (vBase + lo), hi - lo);
    }
  }

  /**
   * `out[i] = (T v)_i` for the `count` row indices `rows[0..count)` only (other entries untouched), with the
   * same kernel and summation order as {@link SymmetricToeplitz.apply}.
   *
   * @example
   * ```ts
   * import { SymmetricToeplitz } from '@ratedistortion/analytic';
   * const out = new Float64Array(3);
   * new SymmetricToeplitz(Float64Array.from([1, 0.5, 0.25])).applyRows(Float64Array.from([1, 2, 3]), out, Int32Array.of(2), 1);
   * console.log(out); // Float64Array [ 0, 0, 4.25 ]
   * ```
   */
  applyRows(v: Float64Array, out: Float64Array, rows: Int32Array, count: number): void {
    const n = this.n;
    if (v.length !== n) throw new DimensionMismatchError('v', n, v.length);
    if (out.length !== n) throw new DimensionMismatchError('out', n, out.length);
    assertInteger('count', count, 0, rows.length);
    const band = this.bandwidth;
    const vBase = 2 * n - 1;
    if (this.dot !== null && this.heap !== null) this.heap.set(v, vBase);
    for (let r = 0; r < count; r++) {
      const i = rows[r];
      if (!(i >= 0 && i < n)) throw new InvalidParameterError(`rows[${r}]`, `a row index in [0, ${n})`, i);
      const lo = i - band + 1 > 0 ? i - band + 1 : 0;
      const hi = i + band < n ? i + band : n;
      out[i] =
        this.dot !== null
          ? this.dot(8 * (n - 1 - i + lo), 8 * (vBase + lo), hi - lo)
          : rowDotJs(this.mirrored, n - 1 - i, v, lo, hi);
    }
  }
}

/**
 * `out = T v` for the symmetric banded Toeplitz matrix `T[i][j] = column[|i − j|]` (`|i − j| < bandwidth`),
 * a one-off {@link SymmetricToeplitz} product; build the operator once to apply it repeatedly.
 *
 * @example
 * ```ts
 * import { symmetricToeplitzMatVec } from '@ratedistortion/analytic';
 * const out = new Float64Array(3);
 * symmetricToeplitzMatVec(Float64Array.from([1, 0.5, 0.25]), Float64Array.from([1, 2, 3]), out);
 * console.log(out); // Float64Array [ 2.75, 4, 4.25 ] = [[1,.5,.25],[.5,1,.5],[.25,.5,1]]·[1,2,3]
 * ```
 */
export function symmetricToeplitzMatVec(
  column: Float64Array,
  v: Float64Array,
  out: Float64Array,
  bandwidth: number = column.length,
): void {
  new SymmetricToeplitz(column, bandwidth).apply(v, out);
}

/**
 * The number of leading entries of `column` up to and including its last non-zero one (at least 1): the
 * bandwidth for which {@link SymmetricToeplitz} skips exactly-zero entries only.
 *
 * @example
 * ```ts
 * import { exactBandwidth } from '@ratedistortion/analytic';
 * console.log(exactBandwidth(Float64Array.from([1, 1e-300, 0, 0]))); // 2
 * ```
 */
export function exactBandwidth(column: Float64Array): number {
  let last = 0;
  for (let m = 0; m < column.length; m++) if (column[m] !== 0) last = m;
  return last + 1;
}

// The scalar fallback: the same window sums as the WebAssembly kernel over the mirrored column u, in the same
// order (partial sums s0..s3 over window offsets t ≡ 0..3 mod 4 = the two f64x2 accumulators' lanes, combined
// as (s0 + s2) + (s1 + s3), then the tail), so both kernels return identical doubles.
function toeplitzMatVecJs(u: Float64Array, band: number, v: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const lo = i - band + 1 > 0 ? i - band + 1 : 0;
    const hi = i + band < n ? i + band : n;
    out[i] = rowDotJs(u, n - 1 - i, v, lo, hi);
  }
}

function rowDotJs(u: Float64Array, off: number, v: Float64Array, lo: number, hi: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = lo;
  for (; j + 3 < hi; j += 4) {
    const b = off + j;
    s0 += u[b] * v[j];
    s1 += u[b + 1] * v[j + 1];
    s2 += u[b + 2] * v[j + 2];
    s3 += u[b + 3] * v[j + 3];
  }
  let s = s0 + s2 + (s1 + s3);
  for (; j < hi; j++) s += u[off + j] * v[j];
  return s;
}
