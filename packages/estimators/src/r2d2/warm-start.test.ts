import { beforeAll, describe, expect, it } from 'vitest';
import { type Random, gaussianChainReadout, useBackend, type Samples } from '@ratedistortion/core';
import { R2D2, type R2D2Source } from './r2d2.js';

// A rotated 2-D Gaussian, eigenvalues LAMBDA along the columns of the rotation; exact moments and stratified draws
// are not given, so evaluation stratifies the Brownian paths only.
const LAMBDA = [2, 0.3];
const ANGLE = 0.6;
const rotated: R2D2Source = {
  dim: 2,
  sample: (n: number, rng: Random): Samples => {
    const z = rng.fillNormal(new Float64Array(2 * n));
    const [c, s] = [Math.cos(ANGLE), Math.sin(ANGLE)];
    const data = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const a = z[2 * i] * Math.sqrt(LAMBDA[0]);
      const b = z[2 * i + 1] * Math.sqrt(LAMBDA[1]);
      data[2 * i] = 1 + c * a - s * b;
      data[2 * i + 1] = -1 + s * a + c * b;
    }
    return { n, dim: 2, data };
  },
  mean: () => new Float64Array([1, -1]),
  covariance: () => {
    const [c, s] = [Math.cos(ANGLE), Math.sin(ANGLE)];
    const [l0, l1] = LAMBDA;
    return [
      new Float64Array([c * c * l0 + s * s * l1, c * s * (l0 - l1)]),
      new Float64Array([c * s * (l0 - l1), s * s * l0 + c * c * l1]),
    ];
  },
};

// Reverse water-filling (independent closed form): R = Σ ½ log(λ/eps) over λ > eps, D = ½ Σ min(λ, eps).
const waterFilling = (eps: number) => ({
  rate: LAMBDA.reduce((r, l) => r + (l > eps ? 0.5 * Math.log(l / eps) : 0), 0),
  distortion: LAMBDA.reduce((d, l) => d + 0.5 * Math.min(l, eps), 0),
});

beforeAll(async () => {
  await useBackend('cpu');
});

const base = {
  epsMin: 0.05,
  epsMax: 1.5,
  dt: 0.05,
  hidden: [8],
  entropy: 'gaussian',
  evalEntropy: 'gaussian',
} as const;
// t(0.975) with 7 degrees of freedom: a 95 % interval from 8 batches is ± 2.365 SE.
const T7 = 2.365;

describe('R2D2 Gaussian warm start (init: gaussian)', () => {
  it('is right before any training on a Gaussian source, controlled chain: the SE is honest (≥ 25 of 30 points within the 95 % t-interval of water-filling)', () => {
    let covered = 0;
    let cases = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const est = new R2D2(rotated, { ...base, noise: 'controlled', seed });
      expect(est.chain).toBe('controlled');
      // eps 0.1 (both directions active), 0.5 and 1.2 (the 0.3 direction inactive).
      // The plain read-out: its SE is the one under test (the control variate's is below the float32 rounding of the
      // rollout; gaussian-control-variate.test.ts).
      for (const p of est.curve([0.1, 0.5, 1.2], { batches: 8, batchSize: 1024, controlVariate: false })) {
        const ref = waterFilling(p.eps);
        cases++;
        if (Math.abs(p.rate - ref.rate) <= T7 * p.rateSe) covered++;
        // Never far off, SE or not: 6 SE is a gross-error guard.
        expect(Math.abs(p.rate - ref.rate)).toBeLessThan(6 * p.rateSe);
        expect(Math.abs(p.distortion - ref.distortion)).toBeLessThan(6 * p.distortionSe);
      }
      est.dispose();
    }
    // Expected coverage 95 % (28.5 of 30; measured 30 of 30); P(fewer than 25 | honest SE) ≈ 2 % for independent cases.
    expect(cases).toBe(30);
    expect(covered).toBeGreaterThanOrEqual(25);
  });

  it('with fixed noise reads out the Euler chain of the optimal drift (core gaussianChainReadout, within 4 SE)', () => {
    const est = new R2D2(rotated, { ...base, epsMax: 0.25, noise: 'fixed', seed: 3 });
    const p = est.evaluate(0.2, { batches: 8, batchSize: 2048, controlVariate: false });
    const want = LAMBDA.reduce((r, l) => r + gaussianChainReadout(l, 0.2, 20, 'fixed').rate, 0);
    expect(Math.abs(p.rate - want)).toBeLessThan(4 * p.rateSe);
    est.dispose();
  });

  it("noise: 'auto' picks the controlled chain when a variance is at or near the eps range, fixed otherwise", () => {
    const gauss1: R2D2Source = {
      dim: 1,
      sample: (n: number, rng: Random) => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
      mean: () => new Float64Array(1),
      covariance: () => [new Float64Array([1])],
    };
    const pick = (epsMax: number, dt = 0.01) => {
      const est = new R2D2(gauss1, { epsMin: 0.01, epsMax, dt, hidden: [4], entropy: 'gaussian' });
      const chain = est.chain;
      est.dispose();
      return chain;
    };
    expect(pick(0.5)).toBe('fixed'); // Euler floor −0.0006 nats at eps = λ/2, 100 steps
    expect(pick(0.975)).toBe('controlled'); // floor 0.03 nats
    expect(pick(1.5)).toBe('controlled'); // the direction is inactive at the top of the range
    const resumed = new R2D2(rotated, { ...base, seed: 2 });
    const again = R2D2.fromJSON(JSON.parse(JSON.stringify(resumed.toJSON())), rotated);
    expect(again.chain).toBe(resumed.chain);
    expect(again.evaluate(0.5, { batches: 2, batchSize: 256 }).batches.rate).toEqual(
      resumed.evaluate(0.5, { batches: 2, batchSize: 256 }).batches.rate,
    );
    resumed.dispose();
    again.dispose();
  });

  it("init: 'zero' is the plain network (the old start), far from the answer before training", () => {
    const est = new R2D2(rotated, { ...base, noise: 'controlled', init: 'zero', seed: 1 });
    const p = est.evaluate(0.1, { batches: 4, batchSize: 512 });
    expect(Math.abs(p.rate - waterFilling(0.1).rate)).toBeGreaterThan(0.1); // measured 0.15 nats (seed 1)
    est.dispose();
  });
});
