import { describe, expect, it } from 'vitest';
import { DimensionMismatchError, InvalidParameterError, Random } from '@ratedistortion/core';
import { SymmetricToeplitz, exactBandwidth, symmetricToeplitzMatVec } from './toeplitz.js';

// Dense reference: the full matrix T[i][j] = column[|i − j|] (0 beyond the band), row dot products.
function dense(column: Float64Array, band: number, v: Float64Array): { out: Float64Array; abs: Float64Array } {
  const n = column.length;
  const out = new Float64Array(n);
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const m = Math.abs(i - j);
      const t = m < band ? column[m] : 0;
      out[i] += t * v[j];
      abs[i] += Math.abs(t * v[j]);
    }
  }
  return { out, abs };
}

describe('SymmetricToeplitz', () => {
  const rng = new Random(7);
  const cases: [number, number][] = [
    [1, 1],
    [2, 2],
    [3, 2],
    [7, 7],
    [8, 3],
    [33, 33],
    [130, 17],
    [257, 256],
  ];
  for (const [n, band] of cases) {
    it(`matches the dense product, WebAssembly and JS kernels bit for bit (n = ${n}, band = ${band})`, () => {
      const column = new Float64Array(n);
      for (let m = 0; m < n; m++) column[m] = rng.normal();
      const v = new Float64Array(n);
      rng.fillNormal(v);
      const ref = dense(column, band, v);
      const wasm = new SymmetricToeplitz(column, band);
      const js = new SymmetricToeplitz(column, band, { kernel: 'js' });
      expect(js.kernel).toBe('js');
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      wasm.apply(v, a);
      js.apply(v, b);
      for (let i = 0; i < n; i++) {
        // Reordered summation of n products: |error| ≤ n·u·Σ|t·v| with unit roundoff u = 2⁻⁵³ (both sides).
        expect(Math.abs(a[i] - ref.out[i])).toBeLessThanOrEqual(2 * n * 2 ** -53 * ref.abs[i]);
        expect(a[i]).toBe(b[i]);
      }
    });
  }
  it('uses the WebAssembly SIMD kernel on this Node', () => {
    expect(new SymmetricToeplitz(Float64Array.from([1, 0.5])).kernel).toBe('wasm-simd');
  });
  it('the Gibbs kernel band at exact zeros leaves the product unchanged', () => {
    const n = 3000;
    const h = 0.05;
    const column = Float64Array.from({ length: n }, (_, m) => Math.exp(-100 * 0.5 * (m * h) ** 2));
    const band = exactBandwidth(column);
    expect(band).toBeLessThan(n);
    expect(column[band - 1]).toBeGreaterThan(0);
    expect(column[band]).toBe(0);
    const v = new Float64Array(n);
    rng.fillNormal(v);
    const full = new Float64Array(n);
    const banded = new Float64Array(n);
    new SymmetricToeplitz(column, n, { kernel: 'js' }).apply(v, full);
    new SymmetricToeplitz(column, band, { kernel: 'js' }).apply(v, banded);
    const ref = dense(column, n, v);
    for (let i = 0; i < n; i += 97)
      expect(Math.abs(banded[i] - ref.out[i])).toBeLessThanOrEqual(2 * n * 2 ** -53 * ref.abs[i]);
    for (let i = 0; i < n; i++)
      expect(Math.abs(banded[i] - full[i])).toBeLessThanOrEqual(2 * band * 2 ** -53 * ref.abs[i]);
  });
  it('one-off product and input errors', () => {
    const out = new Float64Array(3);
    symmetricToeplitzMatVec(Float64Array.from([1, 0.5, 0.25]), Float64Array.from([1, 2, 3]), out);
    expect(Array.from(out)).toEqual([2.75, 4, 4.25]);
    expect(exactBandwidth(Float64Array.from([0, 0]))).toBe(1);
    expect(() =>
      symmetricToeplitzMatVec(Float64Array.from([1, 0.5]), new Float64Array(3), new Float64Array(2)),
    ).toThrow(DimensionMismatchError);
    expect(() => new SymmetricToeplitz(Float64Array.from([1, 0.5]), 3)).toThrow(InvalidParameterError);
    expect(() => new SymmetricToeplitz(Float64Array.from([1, NaN]))).toThrow(InvalidParameterError);
    const buf = new Float64Array(4);
    expect(() =>
      new SymmetricToeplitz(Float64Array.from([1, 0.5])).apply(buf.subarray(0, 2), buf.subarray(1, 3)),
    ).toThrow(InvalidParameterError);
  });
});
