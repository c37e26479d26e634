import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { InvalidParameterError } from '../errors/errors.js';

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

  it('save / restore continues the exact sequence, including the cached normal', () => {
    const r = new Random(123);
    r.normal(); // leaves a spare deviate cached
    const saved = JSON.parse(JSON.stringify(r.getState()));
    const expected = [r.normal(), r.uniform(), r.normal()];
    const s = Random.fromState(saved);
    expect([s.normal(), s.uniform(), s.normal()]).toEqual(expected);
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
    let s = 0, s2 = 0, s4 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z; s2 += z * z; s4 += z ** 4;
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
      try { new Random(bad); } catch (e) { expect((e as InvalidParameterError).parameter).toBe('seed'); }
    }
  });
});
