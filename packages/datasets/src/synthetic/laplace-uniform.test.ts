import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, gaussKronrod } from '@ratedistortion/core';
import { momentZScores } from '../source/moment-check.js';
import { LaplaceSource } from './laplace.js';
import { UniformSource } from './uniform.js';
import { integrateLogPdf1d, quadratureCf1d } from './density-quadrature.test-util.js';

describe('LaplaceSource', () => {
  const l = LaplaceSource.fromSpec({ kind: 'laplace', location: [0.5, -1, 0], scale: [1, 0.3, 2] });

  it('sample moments match 2b² variances and the locations', () => {
    const z = momentZScores(l.sample(50_000, new Random(3)), l.mean(), l.covariance());
    expect(z.meanZ).toBeLessThan(5);
    expect(z.covarianceZ).toBeLessThan(5);
  });

  it('1-D: logPdf integrates to 1, entropy and CF agree with quadrature', () => {
    const s = LaplaceSource.fromSpec({ kind: 'laplace', location: 0.3, scale: 0.7 });
    // Split at the kink x = μ so each panel integrand is smooth; e^{−60/0.7} tails are negligible.
    const edges = [-60, 0.3, 60];
    expect(integrateLogPdf1d(s, (lp) => Math.exp(lp), edges, 400)).toBeCloseTo(1, 12);
    expect(s.entropy().value).toBeCloseTo(
      integrateLogPdf1d(s, (lp) => -Math.exp(lp) * lp, edges, 400),
      11,
    );
    const w = 1.9;
    const cf = s.characteristicFunction(w);
    const ref = quadratureCf1d(s, w, edges, 400);
    expect(cf.re).toBeCloseTo(ref.re, 11);
    expect(cf.im).toBeCloseTo(ref.im, 11);
  });

  it('entropy of independent coordinates is the sum Σ(1 + log 2b)', () => {
    expect(l.entropy().value).toBeCloseTo(3 + Math.log(2) + Math.log(0.6) + Math.log(4), 14);
  });

  it('same seed ⇒ same samples; bad specs name the field', () => {
    expect(l.sample(20, new Random(1)).data).toEqual(l.sample(20, new Random(1)).data);
    expect(() => LaplaceSource.fromSpec({ kind: 'laplace', scale: [1, -1] })).toThrow(/scale\[1\]/);
    expect(() => LaplaceSource.fromSpec({ kind: 'laplace', scale: [1, 1], location: [0, 0, 0] })).toThrow(
      InvalidParameterError,
    );
  });
});

describe('UniformSource', () => {
  const u = UniformSource.fromSpec({ kind: 'uniform', low: [0, -2], high: [1, 3] });

  it('sample moments match (h−l)²/12 and the midpoints', () => {
    const z = momentZScores(u.sample(50_000, new Random(4)), u.mean(), u.covariance());
    expect(z.meanZ).toBeLessThan(5);
    expect(z.covarianceZ).toBeLessThan(5);
  });

  it('all samples lie in the box; logPdf is −log volume inside and −∞ outside', () => {
    const x = u.sample(1000, new Random(2));
    for (let i = 0; i < x.n; i++) {
      expect(x.data[2 * i]).toBeGreaterThanOrEqual(0);
      expect(x.data[2 * i]).toBeLessThan(1);
      expect(x.data[2 * i + 1]).toBeGreaterThanOrEqual(-2);
      expect(x.data[2 * i + 1]).toBeLessThan(3);
    }
    expect(u.logPdf({ n: 2, dim: 2, data: Float64Array.of(0.5, 0, 2, 0) })).toEqual(
      Float64Array.of(-Math.log(5), -Infinity),
    );
    expect(u.entropy().value).toBeCloseTo(Math.log(5), 14);
  });

  it('1-D: logPdf integrates to 1, entropy and CF agree with quadrature', () => {
    const s = UniformSource.fromSpec({ kind: 'uniform', low: -0.5, high: 2 });
    const q = (f: (x: number) => number) => gaussKronrod(f, -0.5, 2, 50).value;
    expect(integrateLogPdf1d(s, (lp) => Math.exp(lp), [-0.5, 2], 50)).toBeCloseTo(1, 13);
    expect(s.entropy().value).toBeCloseTo(
      integrateLogPdf1d(s, (lp) => -Math.exp(lp) * lp, [-0.5, 2], 50),
      13,
    );
    const w = 2.7;
    expect(s.characteristicFunction(w).re).toBeCloseTo(
      q((x) => Math.cos(w * x) / 2.5),
      13,
    );
    expect(s.characteristicFunction(w).im).toBeCloseTo(
      q((x) => Math.sin(w * x) / 2.5),
      13,
    );
  });

  it('bad specs: high ≤ low, inconsistent dimensions', () => {
    expect(() => UniformSource.fromSpec({ kind: 'uniform', low: [0, 1], high: [1, 1] })).toThrow(/high\[1\]/);
    expect(() => UniformSource.fromSpec({ kind: 'uniform', low: [0, 1], high: [1, 2, 3] })).toThrow(
      InvalidParameterError,
    );
    expect(() => UniformSource.fromSpec({ kind: 'uniform', low: 0 })).toThrow(/high/);
  });
});
