import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, Random } from '@ratedistortion/core';
import { SymmetricToeplitz } from './toeplitz.js';
import { SymmetricToeplitzFft } from './toeplitz-fft.js';

// Reference: the dense banded operator (itself tested against explicit row sums in toeplitz.test.ts).
function reference(column: Float64Array, band: number, v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  new SymmetricToeplitz(column, band, { kernel: 'js' }).apply(v, out);
  return out;
}

describe('SymmetricToeplitzFft', () => {
  const rng = new Random(3);
  it('absolute error within the stated bound: worst |error|/(log₂N·u·Σ|C|·‖v‖₂) < 0.1 (n ≥ 300) and < 0.5 (n = 5), under the factor 2 used', () => {
    let worst = 0;
    let worstSmall = 0;
    for (const [n, band, kind] of [
      [1000, 1000, 'gibbs'],
      [1000, 1000, 'rand'],
      [777, 500, 'gibbs'],
      [3000, 800, 'gibbs'],
      [300, 300, 'rand'],
      [2048, 1500, 'rand'],
      [5, 3, 'rand'],
    ] as const) {
      for (let trial = 0; trial < 4; trial++) {
        const column =
          kind === 'gibbs'
            ? Float64Array.from({ length: n }, (_, m) => Math.exp(-0.5 * (m / (5 + 60 * rng.uniform())) ** 2))
            : rng.fillNormal(new Float64Array(n));
        const v =
          trial % 2
            ? rng.fillNormal(new Float64Array(n))
            : Float64Array.from({ length: n }, (_, i) => Math.exp(-0.5 * ((i - n / 2) / (n / 20)) ** 2));
        const f = new SymmetricToeplitzFft(column, band, { relTol: 1e300 }); // no exact recomputation
        const out = new Float64Array(n);
        f.apply(v, out);
        expect(f.lastRecomputed).toBeLessThan(n / 2); // only entries that came out below ~1e-300 (true value ~0)
        expect(f.size).toBeGreaterThanOrEqual(n + band - 1);
        const ref = reference(column, band, v);
        let norm1 = Math.abs(column[0]);
        for (let m = 1; m < band; m++) norm1 += 2 * Math.abs(column[m]);
        let nv = 0;
        for (const x of v) nv += x * x;
        let err = 0;
        for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(out[i] - ref[i]));
        const ratio = err / (Math.log2(f.size) * 2 ** -53 * norm1 * Math.sqrt(nv));
        if (n >= 300) worst = Math.max(worst, ratio);
        else worstSmall = Math.max(worstSmall, ratio);
      }
    }
    expect(worst).toBeLessThan(0.1);
    expect(worstSmall).toBeLessThan(0.5);
    expect(worst).toBeGreaterThan(1e-4); // the measurement is not vacuous (the FFT does round)
  });

  it('small entries are recomputed exactly: every entry within relTol of the dense product, over 15 decades', () => {
    // Gibbs kernel of the benchmark (h = 0.004, β = 50) applied to a vector spanning 1e−30..1: Z-like output
    const n = 1000;
    const column = Float64Array.from({ length: n }, (_, m) => Math.exp(-50 * 0.5 * (m * 0.004) ** 2));
    const v = Float64Array.from({ length: n }, (_, i) => Math.exp(-0.5 * ((i - 600) / 60) ** 2));
    const ref = reference(column, n, v);
    for (const relTol of [1e-9, 1e-6]) {
      const f = new SymmetricToeplitzFft(column, n, { relTol });
      const out = new Float64Array(n);
      f.apply(v, out);
      expect(f.lastRecomputed).toBeGreaterThan(0);
      expect(f.lastRecomputed).toBeLessThan(n);
      for (let i = 0; i < n; i++)
        expect(Math.abs(out[i] - ref[i])).toBeLessThanOrEqual(
          relTol * Math.abs(ref[i]) + 4 * n * 2 ** -53 * Math.abs(ref[i]),
        );
    }
    // without recomputation the far tail is wrong by orders of magnitude (the test can fail)
    const raw = new SymmetricToeplitzFft(column, n, { relTol: 1e300 });
    const out = new Float64Array(n);
    raw.apply(v, out);
    expect(Math.abs(out[0] - ref[0]) / ref[0]).toBeGreaterThan(1e-3);
  });

  it('applyRows of the dense operator; input errors', () => {
    const column = Float64Array.from([1, 0.5, 0.25]);
    const out = new Float64Array(3);
    new SymmetricToeplitz(column).applyRows(Float64Array.from([1, 2, 3]), out, Int32Array.of(2, 0), 2);
    expect(Array.from(out)).toEqual([2.75, 0, 4.25]);
    const js = new Float64Array(3);
    new SymmetricToeplitz(column, 3, { kernel: 'js' }).applyRows(Float64Array.from([1, 2, 3]), js, Int32Array.of(1), 1);
    expect(js[1]).toBe(4);
    expect(() => new SymmetricToeplitz(column).applyRows(new Float64Array(3), out, Int32Array.of(3), 1)).toThrow(
      InvalidParameterError,
    );
    const f = new SymmetricToeplitzFft(column);
    f.apply(Float64Array.from([1, 2, 3]), out);
    expect(Array.from(out).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([2.75, 4, 4.25]);
    expect(() => f.apply(new Float64Array(2), out)).toThrow(DimensionMismatchError);
    expect(() => new SymmetricToeplitzFft(column, 3, { relTol: 0 })).toThrow(InvalidParameterError);
    expect(() => new SymmetricToeplitzFft(Float64Array.from([1, NaN]))).toThrow(InvalidParameterError);
  });
});
