import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '@ratedistortion/core';
import { rdPoint, reconstructionDensity } from './rd-point.js';
import { paperMixtureSpec } from '../sources/paper-mixture.js';

const ref = JSON.parse(readFileSync(new URL('../mixture/fixtures/reference.json', import.meta.url), 'utf8')) as {
  gmm: { entropy: number }[];
  sinc4: { xs: number[]; eps: number[]; p1: number[][] };
};
const fig8 = paperMixtureSpec();
const sinc4 = {
  kind: 'sinc4-mixture' as const,
  weights: [0.25, 0.25, 0.25, 0.25],
  scales: [1, Math.SQRT2, Math.PI, Math.E],
};

describe('rdPoint', () => {
  it('Gaussian: closed form in both regimes (an exact reference); bheValid says whether the BHE solution exists', () => {
    expect(rdPoint({ kind: 'gaussian', variance: 1 }, 0.5)).toEqual({
      eps: 0.5,
      rate: 0.5 * Math.log(2),
      distortion: 0.25,
      method: 'closed-form',
      reference: 'exact',
      bheValid: true,
    });
    const r = rdPoint(
      {
        kind: 'gaussian',
        covariance: [
          [1, 0],
          [0, 0.25],
        ],
      },
      0.5,
    );
    expect(r.bheValid).toBe(false);
    expect(r.reference).toBe('exact');
    expect(r.distortion).toBeCloseTo(0.375, 15);
    expect(rdPoint({ kind: 'gaussian', variance: 1 }, 0.5, { method: 'bhe' }).rate).toBeCloseTo(0.5 * Math.log(2), 9);
  });
  it('GMM: BHE/SLB inside the range (scipy entropy fixture), Blahut–Arimoto outside it', () => {
    const a = rdPoint(fig8, 0.02);
    expect(a.method).toBe('bhe');
    expect(Math.abs(a.rate - (ref.gmm[0].entropy - 0.5 * Math.log(2 * Math.PI * Math.E * 0.02)))).toBeLessThan(1e-9);
    const b = rdPoint(fig8, 0.06, { ba: { points: 200, maxIterations: 3000 } });
    expect(b.method).toBe('ba');
    expect(b.bheValid).toBe(false);
    expect(b.reference).toBe(b.converged ? 'ba' : 'ba-unconverged');
    expect(a.reference).toBe('exact');
    // above the validity range the SLB is strictly loose: R > h − ½log(2πe·eps)
    expect(b.rate).toBeGreaterThan(ref.gmm[0].entropy - 0.5 * Math.log(2 * Math.PI * Math.E * 0.06));
    expect(b.distortion).toBeLessThan(0.03);
    expect(() => rdPoint(fig8, 0.06, { method: 'bhe' })).toThrow(ValidityRangeError);
    expect(() => rdPoint(fig8, 0.02, { method: 'closed-form' })).toThrow(InvalidParameterError);
  });
  it('sinc⁴ mixture: BHE/SLB where p₁ ≥ 0 on the window', () => {
    const r = rdPoint(sinc4, 0.02);
    expect(r.method).toBe('bhe');
    expect(r.bheValid).toBe(true);
    expect(r.reference).toBe('exact');
    expect(r.distortion).toBe(0.01);
    expect(() => rdPoint(sinc4, 0.3, { method: 'bhe' })).toThrow(ValidityRangeError);
  });
  it("method names what was computed: 'auto' always resolves (closed-form, bhe or ba), explicit methods are echoed", () => {
    const gmm2d = {
      kind: 'gmm' as const,
      weights: [0.5, 0.5],
      means: [
        [0, 0],
        [1, 1],
      ],
      covariances: [
        [
          [0.2, 0],
          [0, 0.2],
        ],
        [
          [0.2, 0],
          [0, 0.2],
        ],
      ],
    };
    const cases: [Parameters<typeof rdPoint>[0], number, string][] = [
      [{ kind: 'gaussian', variance: 1 }, 0.5, 'closed-form'],
      [
        {
          kind: 'gaussian',
          covariance: [
            [1, 0],
            [0, 0.25],
          ],
        },
        0.5,
        'closed-form',
      ],
      [fig8, 0.02, 'bhe'],
      [fig8, 0.06, 'ba'],
      [gmm2d, 0.1, 'bhe'],
      [sinc4, 0.02, 'bhe'],
    ];
    for (const [spec, eps, expected] of cases) {
      const r = rdPoint(spec, eps, { method: 'auto', ba: { points: 120, maxIterations: 500 } });
      expect(r.method).toBe(expected);
      // default method is 'auto' too
      expect(rdPoint(spec, eps, { ba: { points: 120, maxIterations: 500 } }).method).toBe(expected);
    }
    const ba = rdPoint(fig8, 0.02, { method: 'ba', ba: { points: 120, maxIterations: 500 } });
    expect(ba.method).toBe('ba');
    expect(ba.gap).toBeCloseTo(ba.rate - (ba.lowerBound as number), 15);
    expect(rdPoint(fig8, 0.02, { method: 'fourier' }).method).toBe('fourier');
    expect(rdPoint(fig8, 0.02, { method: 'bhe' }).method).toBe('bhe');
  });
  it('reconstructionDensity: exact GMM p₁, sinc⁴ p₁ against scipy fixtures, errors outside the range', () => {
    const p = reconstructionDensity(fig8, 0.02, [0.1]);
    const direct = fig8.weights.reduce(
      (s, w, i) =>
        s +
        (w * Math.exp(-((0.1 - fig8.means[i]) ** 2) / (2 * (fig8.variances[i] - 0.02)))) /
          Math.sqrt(2 * Math.PI * (fig8.variances[i] - 0.02)),
      0,
    );
    expect(p[0]).toBeCloseTo(direct, 14);
    const q = reconstructionDensity(sinc4, ref.sinc4.eps[0], ref.sinc4.xs);
    ref.sinc4.xs.forEach((_, i) => expect(Math.abs(q[i] - ref.sinc4.p1[0][i])).toBeLessThan(1e-10));
    expect(() => reconstructionDensity(fig8, 0.04, [0])).toThrow(ValidityRangeError);
    expect(() => rdPoint(fig8, -1)).toThrow(InvalidParameterError);
  });
});
