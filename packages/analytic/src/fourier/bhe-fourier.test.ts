import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NumericalError } from '@ratedistortion/core';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';
import { bheFourierDirect, bheFourierGrid } from './bhe-fourier.js';
import { gaussianMixtureCharacteristicFunction } from './characteristic-function.js';

const w = [0.2, 0.5, 0.3];
const m = [-0.6, 0.1, 0.7];
const v = [0.04, 0.05, 0.09];
const charFn = gaussianMixtureCharacteristicFunction(w, m, v);
const gmm = GaussianMixture.fromSpec({ kind: 'gmm', weights: w, means: m, variances: v });

describe('Fourier solution of the BHE (Eq. 19)', () => {
  for (const [eps, t] of [
    [0.03, 1],
    [0.039, 1],
    [0.02, 0.4],
  ]) {
    it(`FFT path reproduces Eq. (22) to 1e-8 (eps = ${eps}, t = ${t}), density, derivative and score`, () => {
      const r = bheFourierGrid({ charFn, eps, t, xMin: -4, xMax: 4, points: 2048 });
      const exact = gmm.atTime(eps, t);
      const p = exact.density(r.xs);
      const sc = exact.score(r.xs);
      let errP = 0;
      let errD = 0;
      let errS = 0;
      for (let j = 0; j < r.xs.length; j++) {
        errP = Math.max(errP, Math.abs(r.density[j] - p[j]));
        errD = Math.max(errD, Math.abs(r.derivative[j] - p[j] * sc[j]));
        if (p[j] > 1e-3) errS = Math.max(errS, Math.abs(r.score[j] - sc[j]));
      }
      expect(errP).toBeLessThan(1e-8);
      expect(errD).toBeLessThan(1e-7);
      expect(errS).toBeLessThan(1e-6);
      expect(r.maxImaginary).toBeLessThan(1e-12);
    });
  }
  it('direct quadrature path reproduces Eq. (22) to 1e-10 at arbitrary points', () => {
    const xs = [-1.3, -0.61, 0, 0.123, 0.9];
    const r = bheFourierDirect(xs, { charFn, eps: 0.035, t: 1, omegaMax: 150 });
    const exact = gmm.atTime(0.035, 1).density(xs);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(r.density[i] - exact[i])).toBeLessThan(1e-10);
  });
  it('refuses a spectrum that blows up (eps beyond the GMM validity range)', () => {
    expect(() => bheFourierGrid({ charFn, eps: 0.2, t: 1, xMin: -4, xMax: 4, points: 4096 })).toThrow(NumericalError);
  });
  it('validates its inputs', () => {
    expect(() => bheFourierGrid({ charFn, eps: 0.01, t: 1, xMin: -4, xMax: 4, points: 1000 })).toThrow(
      InvalidParameterError,
    );
    expect(() => bheFourierGrid({ charFn, eps: 0.01, t: 2, xMin: -4, xMax: 4, points: 1024 })).toThrow(
      InvalidParameterError,
    );
  });
});
