import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { ZIGGURAT_F, ZIGGURAT_R, ZIGGURAT_V, ZIGGURAT_X } from './ziggurat-tables.js';
import { InvalidParameterError } from '../errors/errors.js';
import { erfc, normalCdf } from './normal-cdf.test-util.js';

/** P(|Z| > z) for Z ~ N(0, 1). */
const twoSidedTail = (z: number): number => erfc(z / Math.SQRT2);

describe('Random', () => {
  it('reproduces xoshiro128** reference output for a known state', () => {
    // Reference values computed from the published C reference implementation with state {1,2,3,4}.
    const r = Random.fromState({ algorithm: 'xoshiro128**', s: [1, 2, 3, 4], spare: null });
    const got = [r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()];
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('same seed gives the same numbers; seed 0 is valid', () => {
    const a = new Random(0);
    const b = new Random(0);
    for (let i = 0; i < 100; i++) expect(a.normal()).toBe(b.normal());
    expect(new Random(0).uniform()).not.toBe(new Random(1).uniform());
  });

  it('save / restore continues the exact sequence (the ziggurat caches no deviate)', () => {
    const r = new Random(123);
    r.normal();
    r.fillNormal(new Float64Array(1001));
    const saved = JSON.parse(JSON.stringify(r.getState()));
    expect(saved.spare).toBeNull();
    const expected = [r.normal(), r.uniform(), r.normal(), ...r.fillNormal(new Float64Array(5000))];
    const s = Random.fromState(saved);
    expect([s.normal(), s.uniform(), s.normal(), ...s.fillNormal(new Float64Array(5000))]).toEqual(expected);
    // A state saved by the polar-method version may carry a cached deviate: it comes out first, once.
    const old = Random.fromState({ ...saved, spare: 0.25 });
    const viaFill = Random.fromState({ ...saved, spare: 0.25 }).fillNormal(new Float64Array(3));
    expect([old.normal(), old.normal(), old.normal()]).toEqual(Array.from(viaFill));
    expect(viaFill[0]).toBe(0.25);
    expect(viaFill[1]).toBe(expected[0]);
    expect(old.getState().spare).toBeNull();
  });

  it('fillNormal gives the same numbers as repeated normal() calls, in both array types and with mean/std', () => {
    const a = new Random(31);
    const b = new Random(31);
    const n = 100_000; // ~1200 draws take the slow path (wedge or tail) at 1.2%
    const fast = a.fillNormal(new Float64Array(n));
    for (let i = 0; i < n; i++) expect(fast[i]).toBe(b.normal());
    expect(a.getState()).toEqual(b.getState());
    const f32 = a.fillNormal(new Float32Array(1000), 2, 3);
    for (let i = 0; i < 1000; i++) expect(f32[i]).toBe(Math.fround(2 + 3 * b.normal()));
  });

  it('ziggurat tables: equal-area layers covering the density, consistent with R and V', () => {
    const f = (x: number): number => Math.exp(-0.5 * x * x);
    // V = R f(R) + ∫_R^∞ f by composite Simpson on [R, R + 30] (error far below 1e-15 at this step).
    const m = 60_000;
    const h = 30 / m;
    let simpson = f(ZIGGURAT_R) + f(ZIGGURAT_R + 30);
    for (let j = 1; j < m; j++) simpson += (j % 2 ? 4 : 2) * f(ZIGGURAT_R + j * h);
    const v = ZIGGURAT_R * f(ZIGGURAT_R) + (simpson * h) / 3;
    expect(Math.abs(v - ZIGGURAT_V) / ZIGGURAT_V).toBeLessThan(1e-13);
    expect(Math.abs(v - Math.sqrt(Math.PI / 2) * 0.00025803248765390125 - ZIGGURAT_R * f(ZIGGURAT_R))).toBeLessThan(
      5e-17,
    ); // scipy erfc(R/√2)
    expect(ZIGGURAT_X[0] * ZIGGURAT_F[0]).toBeCloseTo(ZIGGURAT_V, 17);
    for (let i = 1; i < 256; i++) {
      expect(ZIGGURAT_X[i + 1]).toBeLessThan(ZIGGURAT_X[i]);
      // layer i = [0, x_i] × [f(x_i), f(x_{i+1})] has area V; the top layer closes at x₂₅₆ = 0 (f = 1)
      expect(Math.abs(ZIGGURAT_X[i] * (ZIGGURAT_F[i + 1] - ZIGGURAT_F[i]) - ZIGGURAT_V) / ZIGGURAT_V).toBeLessThan(
        1e-12,
      );
    }
    expect(ZIGGURAT_X[256]).toBe(0);
  });

  it('erfc helper of these tests matches scipy.special.erfc', () => {
    // relative 1e-10 (the series loses ~4 digits to cancellation near x = 2.5): ample for counts with SE ≥ 1e-4
    expect(twoSidedTail(3.5) / 0.00046525815807105003 - 1).toBeCloseTo(0, 10);
    expect(twoSidedTail(5) / 5.73303143758389e-7 - 1).toBeCloseTo(0, 10);
    expect(twoSidedTail(1)).toBeCloseTo(0.31731050786291415, 14);
    expect(twoSidedTail(0.3)).toBeCloseTo(0.7641771556220948, 14);
    expect(twoSidedTail(2.6)).toBeCloseTo(0.009322376047437504, 15);
  });

  it('normal(): KS test against Φ, chi-square over the ziggurat layers, and tail frequencies (2·10⁷ draws)', () => {
    const n = 20_000_000;
    const z = new Random(2026).fillNormal(new Float64Array(n));
    // Tail frequencies beyond 3.5σ (wedges and the tail algorithm beyond R = 3.654) and 5σ (tail algorithm):
    // counts are Binomial(n, p); 5 binomial standard errors √(np(1−p)).
    let over35 = 0;
    let over5 = 0;
    let over6 = 0;
    let negatives = 0;
    // |z| binned at the layer edges x₂₅₅ < ... < x₁ = R (256 bins, the last one the tail beyond R).
    const edges = Array.from(ZIGGURAT_X.subarray(1, 256)).reverse();
    const counts = new Float64Array(edges.length + 1);
    for (let i = 0; i < n; i++) {
      const a = Math.abs(z[i]);
      if (z[i] < 0) negatives++;
      if (a > 3.5) over35++;
      if (a > 5) over5++;
      if (a > 6) over6++;
      let lo = 0;
      let hi = edges.length; // first edge > a (binary search)
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid] > a) hi = mid;
        else lo = mid + 1;
      }
      counts[lo]++;
    }
    for (const [count, p] of [
      [over35, twoSidedTail(3.5)],
      [over5, twoSidedTail(5)],
    ]) {
      expect(Math.abs(count - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)) + 1);
    }
    expect(over5).toBeGreaterThan(0); // expected 11.5: the tail algorithm is exercised
    expect(over6).toBeLessThan(6); // expected 0.04
    expect(Math.abs(negatives - n / 2)).toBeLessThan(5 * Math.sqrt(n / 4));
    let chi2 = 0;
    for (let b = 0; b < counts.length; b++) {
      const lo = b === 0 ? 0 : edges[b - 1];
      const hi = b === edges.length ? Infinity : edges[b];
      const p = twoSidedTail(lo) - (hi === Infinity ? 0 : twoSidedTail(hi));
      chi2 += (counts[b] - n * p) ** 2 / (n * p);
    }
    expect(chi2).toBeLessThan(330.5); // 0.999 quantile of χ²(255)
    // KS on the first 10⁶ draws: critical value 1.95/√n is the 0.1% level.
    const m = 1_000_000;
    const s = Float64Array.from(z.subarray(0, m)).sort();
    let ks = 0;
    for (let i = 0; i < m; i++) {
      const F = normalCdf(s[i]);
      ks = Math.max(ks, F - i / m, (i + 1) / m - F);
    }
    expect(ks).toBeLessThan(1.95 / Math.sqrt(m));
    // Moments of all 2·10⁷: SE of the mean 1/√n, of the variance √(2/n), of the third moment √(15/n), of the
    // fourth √(96/n); 5 SE each.
    let s1 = 0,
      s2 = 0,
      s3 = 0,
      s4 = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i];
      const v2 = v * v;
      s1 += v;
      s2 += v2;
      s3 += v2 * v;
      s4 += v2 * v2;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s3 / n)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('normal() one at a time: tail beyond R has the exact conditional law (slow path exercised directly)', () => {
    // Conditional on |Z| > R the law is the normal tail: P(|Z| > 4.5 | |Z| > R) = tail(4.5)/tail(R).
    const r = new Random(99);
    const n = 4_000_000;
    let beyondR = 0;
    let beyond45 = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(r.normal());
      if (a > ZIGGURAT_R) {
        beyondR++;
        if (a > 4.5) beyond45++;
      }
    }
    const pR = twoSidedTail(ZIGGURAT_R);
    expect(Math.abs(beyondR - n * pR)).toBeLessThan(5 * Math.sqrt(n * pR) + 1);
    const q = twoSidedTail(4.5) / pR;
    expect(Math.abs(beyond45 - beyondR * q)).toBeLessThan(5 * Math.sqrt(beyondR * q * (1 - q)) + 1);
  });

  it('split streams differ from each other and from the parent', () => {
    const r = new Random(5);
    const [a, b] = r.split(2);
    const xa = Array.from({ length: 8 }, () => a.nextUint32());
    const xb = Array.from({ length: 8 }, () => b.nextUint32());
    const xr = Array.from({ length: 8 }, () => r.nextUint32());
    expect(xa).not.toEqual(xb);
    expect(xa).not.toEqual(xr);
    expect(xb).not.toEqual(xr);
    // splitting is itself deterministic
    const [a2] = new Random(5).split(2);
    expect(Array.from({ length: 8 }, () => a2.nextUint32())).toEqual(xa);
  });

  it('normal deviates have mean 0 and variance 1 within Monte Carlo error', () => {
    const r = new Random(2024);
    const n = 200_000;
    let s = 0,
      s2 = 0,
      s4 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      s4 += z ** 4;
    }
    const mean = s / n;
    const varr = s2 / n - mean * mean;
    // SE(mean) = 1/sqrt(n); SE(var) = sqrt(2/n); 5 SE bounds.
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(varr - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // kurtosis of N(0,1) is 3; SE = sqrt(96/n)
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('uniform lies in [0,1) with mean 1/2', () => {
    const r = new Random(9);
    const n = 100_000;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
  });

  it('uniformInt is unbiased over a small range (chi-square, 5 cells)', () => {
    const r = new Random(77);
    const counts = new Array(5).fill(0);
    const n = 50_000;
    for (let i = 0; i < n; i++) counts[r.uniformInt(5)]++;
    const e = n / 5;
    const chi2 = counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(18.47); // 0.999 quantile of chi2(4)
  });

  it('rejects bad seeds with a typed error naming the parameter', () => {
    for (const bad of [-1, 1.5, NaN, 2 ** 32]) {
      expect(() => new Random(bad)).toThrow(InvalidParameterError);
      try {
        new Random(bad);
      } catch (e) {
        expect((e as InvalidParameterError).parameter).toBe('seed');
      }
    }
  });
});
