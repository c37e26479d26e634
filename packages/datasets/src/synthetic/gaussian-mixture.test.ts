import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '@ratedistortion/core';
import { momentZScores } from '../source/moment-check.js';
import { integrateLogPdf1d, integrateLogPdf2d, quadratureCf1d } from './density-quadrature.test-util.js';
import { GaussianMixtureSource } from './gaussian-mixture.js';
import { expectFieldError, gmm2dWithSecondCovariance } from '../spec/spec-errors.test-util.js';

const reference = JSON.parse(readFileSync(new URL('../fixtures/reference.json', import.meta.url), 'utf8'));

describe('GaussianMixtureSource', () => {
  const paper = GaussianMixtureSource.fromSpec({
    kind: 'gmm',
    weights: [1 / 3, 1 / 3, 1 / 3],
    means: [-0.4, 0, 0.4],
    variances: [0.04, 0.05, 0.06],
  });
  const twoD = GaussianMixtureSource.fromSpec({
    kind: 'gmm',
    weights: [0.2, 0.5, 0.3],
    means: [
      [0, 0],
      [1.5, -0.5],
      [-1, 1],
    ],
    covariances: [
      [
        [0.3, 0.1],
        [0.1, 0.2],
      ],
      [
        [0.5, -0.2],
        [-0.2, 0.4],
      ],
      [
        [0.2, 0],
        [0, 0.6],
      ],
    ],
  });

  it('1-D entropy by quadrature agrees with scipy.integrate.quad (fixture)', () => {
    const h = paper.entropy();
    expect(h.method).toBe('quadrature');
    expect(Math.abs(h.value - reference.gmm1.entropy)).toBeLessThan(1e-10);
  });

  it('2-D entropy (adaptive quadrature) agrees with fixed-panel 2-D Gauss–Kronrod to 1e-8', () => {
    const h = twoD.entropy();
    expect(h.method).toBe('quadrature');
    const integrate2d = (f: (lp: number) => number) => integrateLogPdf2d(twoD, f, -7, 7, 40);
    expect(integrate2d((lp) => Math.exp(lp))).toBeCloseTo(1, 9);
    const quad = integrate2d((lp) => -Math.exp(lp) * lp);
    expect(Math.abs(h.value - quad)).toBeLessThan(1e-8);
    expect(h.errorEstimate!).toBeLessThan(1e-8);
  });

  it('logPdf integrates to 1 (1-D)', () => {
    const mass = integrateLogPdf1d(paper, (lp) => Math.exp(lp), [-5, 5], 100);
    expect(mass).toBeCloseTo(1, 12);
  });

  it('moments: exact mixture mean/covariance against samples', () => {
    for (const [src, seed] of [
      [paper, 1],
      [twoD, 2],
    ] as const) {
      const z = momentZScores(src.sample(40_000, new Random(seed)), src.mean(), src.covariance());
      expect(z.meanZ).toBeLessThan(5);
      expect(z.covarianceZ).toBeLessThan(5);
    }
    // Mixture variance by hand: Σ w (σ² + μ²) − (Σ w μ)².
    expect(paper.covariance()[0][0]).toBeCloseTo((0.04 + 0.05 + 0.06) / 3 + (0.16 + 0.16) / 3, 14);
  });

  it('characteristic function matches quadrature', () => {
    const w = 3.3;
    const { re, im } = quadratureCf1d(paper, w, [-5, 5], 100);
    expect(paper.characteristicFunction(w).re).toBeCloseTo(re, 12);
    // Not symmetric (the variances differ), so the imaginary part is not zero.
    expect(paper.characteristicFunction(w).im).toBeCloseTo(im, 12);
    expect(Math.abs(im)).toBeGreaterThan(1e-3);
  });

  it('same seed ⇒ same samples', () => {
    expect(twoD.sample(50, new Random(7)).data).toEqual(twoD.sample(50, new Random(7)).data);
  });

  it.each([
    { spec: { kind: 'gmm', weights: [0.5, 0.6], means: [0, 1], variances: [1, 1] }, field: 'weights' },
    { spec: { kind: 'gmm', weights: [0.5, 0.5], means: [0], variances: [1, 1] }, field: 'means' },
    { spec: { kind: 'gmm', weights: [0.5, 0.5], means: [[0, 0], [1]], variances: [1, 1] }, field: 'means[1]' },
    { spec: { kind: 'gmm', weights: [0.5, 0.5], means: [0, 1], variances: [1, 0] }, field: 'variances[1]' },
    {
      spec: gmm2dWithSecondCovariance([
        [1, 3],
        [3, 1],
      ]),
      field: 'covariances[1]',
    },
    { spec: { kind: 'gmm', weights: [1], means: [0] }, field: 'variances' },
  ])('rejects a bad spec, naming $field', ({ spec, field }) => {
    expectFieldError(() => GaussianMixtureSource.fromSpec(spec), field);
  });
});
