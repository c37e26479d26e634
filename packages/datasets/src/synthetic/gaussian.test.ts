import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, symmetricEigen64, tf, toSamples } from '@ratedistortion/core';
import { momentZScores } from '../source/moment-check.js';
import { integrateLogPdf2d, quadratureCf1d } from './density-quadrature.test-util.js';
import { GaussianSource } from './gaussian.js';
import { randomOrthogonal } from './rotation.js';

// Tolerances: z-scores of sample moments (see momentZScores) below 5.
const Z = 5;

describe('GaussianSource', () => {
  const full = GaussianSource.fromSpec({
    kind: 'gaussian',
    mean: [1, -2, 0.5],
    covariance: [
      [2, 0.6, -0.3],
      [0.6, 1, 0.2],
      [-0.3, 0.2, 0.5],
    ],
  });

  it('sample moments match the exact mean and covariance', () => {
    const z = momentZScores(full.sample(40_000, new Random(11)), full.mean(), full.covariance());
    expect(z.meanZ).toBeLessThan(Z);
    expect(z.covarianceZ).toBeLessThan(Z);
  });

  it('isotropic spec: variance·I, scalar mean broadcast', () => {
    const g = GaussianSource.fromSpec({ kind: 'gaussian', variance: 3, dim: 2, mean: 1 });
    expect(Array.from(g.mean())).toEqual([1, 1]);
    expect(g.covariance().map((r) => Array.from(r))).toEqual([
      [3, 0],
      [0, 3],
    ]);
    const z = momentZScores(g.sample(20_000, new Random(2)), g.mean(), g.covariance());
    expect(Math.max(z.meanZ, z.covarianceZ)).toBeLessThan(Z);
  });

  it('entropy: closed form ½ log det(2πeΣ) equals −∫ p log p by 2-D quadrature', () => {
    // det Σ = 0.5 − 0.16 = 0.34
    const covariance = [
      [1, 0.4],
      [0.4, 0.5],
    ];
    const g = GaussianSource.fromSpec({ kind: 'gaussian', covariance });
    expect(g.entropy().value).toBeCloseTo(0.5 * Math.log((2 * Math.PI * Math.E) ** 2 * 0.34), 14);
    // Tensor-product Gauss–Kronrod on [−10, 10]² (beyond 10 sd the mass is < e⁻⁵⁰).
    const integrate2d = (f: (lp: number) => number) => integrateLogPdf2d(g, f, -10, 10, 40);
    const mass = integrate2d((lp) => Math.exp(lp));
    const h = integrate2d((lp) => -Math.exp(lp) * lp);
    expect(mass).toBeCloseTo(1, 10);
    expect(g.entropy().value).toBeCloseTo(h, 9);
    expect(g.entropy().method).toBe('exact');
  });

  it('logPdf of a 1-D Gaussian is the normal density', () => {
    const g = GaussianSource.fromSpec({ kind: 'gaussian', variance: 4, mean: 1 });
    const lp = g.logPdf(toSamples([3]));
    expect(lp[0]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 4) - 0.5, 14);
  });

  it('characteristic function equals E cos(ωᵀX) + i E sin(ωᵀX) by quadrature (1-D)', () => {
    const g = GaussianSource.fromSpec({ kind: 'gaussian', variance: 0.7, mean: 0.3 });
    for (const w of [0.5, 1.7]) {
      const { re, im } = quadratureCf1d(g, w, [-15, 15], 60);
      const cf = g.characteristicFunction(w);
      expect(cf.re).toBeCloseTo(re, 12);
      expect(cf.im).toBeCloseTo(im, 12);
    }
  });

  it('rotated-decay family (NERD): σᵢ = 2e^{−r·i}, i from 0, Haar rotation from the seed', () => {
    const g = GaussianSource.fromSpec({ kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 });
    const eig = symmetricEigen64(g.covariance());
    const expected = Array.from({ length: 20 }, (_, i) => 4 * Math.exp(-0.5 * i)).sort((a, b) => a - b);
    eig.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 10));
    let logdet = 0;
    for (let i = 0; i < 20; i++) logdet += Math.log(4 * Math.exp(-0.5 * i));
    expect(g.entropy().value).toBeCloseTo(10 * (1 + Math.log(2 * Math.PI)) + 0.5 * logdet, 10);
    const z = momentZScores(g.sample(20_000, new Random(5)), g.mean(), g.covariance());
    expect(Math.max(z.meanZ, z.covarianceZ)).toBeLessThan(Z);
    // The rotation really rotates: the covariance is not diagonal.
    expect(Math.abs(g.covariance()[0][1])).toBeGreaterThan(1e-3);
    // logPdf through the factored form agrees with a Cholesky-based Gaussian of the same covariance.
    const viaCholesky = new GaussianSource(new Float64Array(20), g.covariance());
    const xs = g.sample(5, new Random(9));
    const a = g.logPdf(xs);
    const b = viaCholesky.logPdf(xs);
    for (let i = 0; i < 5; i++) expect(a[i]).toBeCloseTo(b[i], 8);
  });

  it('randomOrthogonal gives QᵀQ = I and a seed-determined matrix', () => {
    const Q = randomOrthogonal(30, new Random(3));
    for (let i = 0; i < 30; i++) {
      for (let j = 0; j < 30; j++) {
        let s = 0;
        for (let k = 0; k < 30; k++) s += Q[k][i] * Q[k][j];
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
    expect(randomOrthogonal(30, new Random(3))).toEqual(Q);
  });

  it('Haar rotation: E[Q₁₁²] = 1/d (Monte Carlo over seeds)', () => {
    // For Haar Q on O(d), Q₁₁² ~ Beta(½, (d−1)/2): mean 1/d, variance 2(d−1)/(d²(d+2)).
    const d = 4;
    const reps = 4000;
    const rng = new Random(17);
    let s = 0;
    for (let r = 0; r < reps; r++) s += randomOrthogonal(d, rng)[0][0] ** 2;
    const se = Math.sqrt((2 * (d - 1)) / (d * d * (d + 2)) / reps);
    expect(Math.abs(s / reps - 1 / d)).toBeLessThan(5 * se);
  });

  it('same seed ⇒ same samples; float32 and tensor views agree; no tensor leak', () => {
    const a = full.sample(100, new Random(42)).data;
    const b = full.sample(100, new Random(42)).data;
    expect(a).toEqual(b);
    expect(full.sampleFloat32(100, new Random(42))).toEqual(Float32Array.from(a));
    const before = tf.memory().numTensors;
    const t = full.sampleTensor(100, new Random(42));
    expect(t.shape).toEqual([100, 3]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(Float32Array.from(a)));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad specs with the field named', () => {
    const bad = (spec: unknown, field: string) => {
      try {
        GaussianSource.fromSpec(spec);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe(field);
        return;
      }
      throw new Error('no error thrown');
    };
    bad(
      {
        kind: 'gaussian',
        covariance: [
          [1, 2],
          [2, 1],
        ],
      },
      'covariance',
    );
    bad({ kind: 'gaussian', covariance: [[1, 0], [0]] }, 'covariance[1]');
    bad({ kind: 'gaussian', variance: -1 }, 'variance');
    bad({ kind: 'gaussian' }, 'variance');
    bad({ kind: 'gaussian', variance: 1, covariance: [[1]] }, 'variance');
    bad({ kind: 'gaussian', variance: 1, dim: 2, mean: [0, 0, 0] }, 'mean');
    bad({ kind: 'gaussian', variance: 1, colour: 'red' }, 'colour');
    bad({ kind: 'gaussian', decay: 0.1 }, 'dim');
  });

  describe('sampleStratified', () => {
    const g = GaussianSource.fromSpec({
      kind: 'gaussian',
      mean: [1, -2],
      covariance: [
        [2, 0.6],
        [0.6, 1],
      ],
    });
    it('keeps every draw N(μ, Σ): batch means of x and of the centred products match μ and Σ within 4 standard errors', () => {
      const rng = new Random(4);
      const stats: number[][] = [[], [], [], [], []];
      for (let r = 0; r < 1500; r++) {
        const { data } = g.sampleStratified(8, rng);
        const acc = [0, 0, 0, 0, 0];
        for (let i = 0; i < 8; i++) {
          const a = data[2 * i] - 1;
          const b = data[2 * i + 1] + 2;
          acc[0] += a;
          acc[1] += b;
          acc[2] += a * a;
          acc[3] += a * b;
          acc[4] += b * b;
        }
        acc.forEach((v, k) => stats[k].push(v / 8));
      }
      [0, 0, 2, 0.6, 1].forEach((want, k) => {
        const xs = stats[k];
        const m = xs.reduce((a, x) => a + x, 0) / xs.length;
        const se = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
        expect(Math.abs(m - want)).toBeLessThan(4 * se);
      });
    });
    it('makes the batch mean far steadier than i.i.d. draws (sd over 40 batches of 1000: < 1/10 of √(Σ11/n))', () => {
      const rng = new Random(2);
      const means = Array.from({ length: 40 }, () => {
        const { data } = g.sampleStratified(1000, rng);
        let m = 0;
        for (let i = 0; i < 1000; i++) m += data[2 * i];
        return m / 1000 - 1;
      });
      const sd = Math.sqrt(means.reduce((a, x) => a + x * x, 0) / means.length);
      expect(sd).toBeLessThan(Math.sqrt(2 / 1000) / 10);
    });
  });
});
