import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidityRangeError } from '../errors/errors.js';
import { integrate } from '../quadrature/gauss-kronrod.js';
import { Random } from '../random/random.js';
import { GaussianMixtureLaw } from './gaussian-mixture-law.js';

const gmm = GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [0.3, 0.7], means: [-1, 0.5], variances: [0.2, 0.5] });

describe('GaussianMixtureLaw', () => {
  it('1-D: density integrates to 1; mean, variance and characteristic function equal their quadratures', () => {
    const p = (x: number) => Math.exp(gmm.logDensityAt([x]));
    const q = (f: (x: number) => number) => integrate(f, -Infinity, Infinity, { absTol: 1e-13, relTol: 0 }).value;
    expect(q(p)).toBeCloseTo(1, 12);
    const m = q((x) => x * p(x));
    expect(gmm.mean()[0]).toBeCloseTo(m, 12);
    expect(gmm.covariance()[0][0]).toBeCloseTo(
      q((x) => (x - m) ** 2 * p(x)),
      12,
    );
    const cf = gmm.characteristicFunction([1.3]);
    expect(cf.re).toBeCloseTo(
      q((x) => Math.cos(1.3 * x) * p(x)),
      12,
    );
    expect(cf.im).toBeCloseTo(
      q((x) => Math.sin(1.3 * x) * p(x)),
      12,
    );
  });

  it('entropy: a Gaussian in 1-D and 2-D equals ½ log det(2πeΣ); Monte Carlo within 4 standard errors', () => {
    const g1 = GaussianMixtureLaw.fromSpec({ kind: 'gaussian', variance: 2 });
    expect(Math.abs(g1.entropy().value - 0.5 * Math.log(2 * Math.PI * Math.E * 2))).toBeLessThan(1e-10);
    const g2 = GaussianMixtureLaw.fromSpec({
      kind: 'gaussian',
      covariance: [
        [1, 0.4],
        [0.4, 0.5],
      ],
    });
    const exact2 = Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(0.5 - 0.16);
    expect(Math.abs(g2.entropy().value - exact2)).toBeLessThan(1e-8);
    const mc = gmm.entropy({ method: 'monte-carlo', samples: 50_000, rng: 3 });
    expect(Math.abs(mc.value - gmm.entropy().value)).toBeLessThan(4 * mc.stdError!);
  });

  it('draws are μₖ + Lₖz (Cholesky of the shifted covariance): sample moments within 5 standard errors', () => {
    const shifted = GaussianMixtureLaw.fromSpec({
      kind: 'gaussian',
      covariance: [
        [1, 0.4],
        [0.4, 0.5],
      ],
    }).withShift(-0.2);
    const n = 40_000;
    const s = shifted.sample(n, new Random(7));
    let c01 = 0;
    let v0 = 0;
    for (let i = 0; i < n; i++) {
      c01 += s.data[2 * i] * s.data[2 * i + 1];
      v0 += s.data[2 * i] ** 2;
    }
    // Var of x0·x1 is Σ00Σ11 + Σ01² = 0.8·0.3 + 0.16; of x0² it is 2·0.8².
    expect(Math.abs(c01 / n - 0.4)).toBeLessThan(5 * Math.sqrt(0.4 / n));
    expect(Math.abs(v0 / n - 0.8)).toBeLessThan(5 * Math.sqrt(1.28 / n));
  });

  it('rejects a shift that leaves the covariance indefinite, and bad specs', () => {
    expect(() => gmm.withShift(-0.2)).toThrow(ValidityRangeError);
    expect(() =>
      GaussianMixtureLaw.fromSpec({ kind: 'gmm', weights: [0.5, 0.6], means: [0, 1], variances: [1, 1] }),
    ).toThrow(InvalidParameterError);
    expect(() =>
      GaussianMixtureLaw.fromSpec({
        kind: 'gaussian',
        covariance: [
          [1, 2],
          [2, 1],
        ],
      }),
    ).toThrow(/positive-definite/);
  });
});
