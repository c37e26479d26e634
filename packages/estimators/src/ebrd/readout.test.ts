import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, tf, useBackend, tiltedDualReadout } from '@ratedistortion/core';
import { ebrdReadout, sampleMarginal } from './readout.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const eps = 0.25;
// X ~ N(0, 1): the optimal reconstruction law is Q* = N(0, 1 − eps), i.e. the energy E*(y) = y²/(2(1 − eps)),
// and at it R = ½ log(1/eps), D = eps/2 exactly.
const optimalEnergy = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(y), 1), 1 / (2 * (1 - eps))) as tf.Tensor1D;
const R = 0.5 * Math.log(1 / eps);
const D = eps / 2;

function spread(values: number[]) {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
  return { mean: m, se: sd / Math.sqrt(values.length) };
}

describe('ebrdReadout (App. A) on the exactly known optimal energy', () => {
  it('recovers R = ½ log(1/eps) and D = eps/2 with Langevin draws of Q', () => {
    const rng = new Random(21);
    const batches = 8;
    const n = 1000;
    const rates: number[] = [];
    const dists: number[] = [];
    const exactRates: number[] = [];
    const before = tf.memory().numTensors;
    for (let b = 0; b < batches; b++) {
      const x = { n, dim: 1, data: rng.fillNormal(new Float64Array(n)) };
      // ε = 0.2 (h = 0.02): the chain's stationary variance is (1 − eps)/(1 − h/(2(1 − eps))), 1.35% above
      // 1 − eps, which moves D by ≈ 3e-4 and R by < 1e-4; 600 steps leave r^{2K} = e^{−32} of the start.
      const { readout, y } = ebrdReadout(x, optimalEnergy, eps, { steps: 600, stepSize: 0.2, rng });
      expect(y.n).toBe(n);
      expect(readout.maxRate).toBeCloseTo(Math.log(n), 12);
      expect(readout.rate).toBeCloseTo(readout.dualValue - readout.distortion / eps, 12);
      rates.push(readout.rate);
      dists.push(readout.distortion);
      // Control: the same read-out with exact draws of Q*.
      const yExact = { n, dim: 1, data: rng.fillNormal(new Float64Array(n), 0, Math.sqrt(1 - eps)) };
      exactRates.push(tiltedDualReadout(x, yExact, eps).rate);
    }
    expect(tf.memory().numTensors).toBe(before);
    if (process.env.EBRD_VERBOSE)
      console.log({ rate: spread(rates), exact: spread(exactRates), dist: spread(dists), R, D });
    // Tolerance: 5 standard errors of the batch mean (spread over 8 independent batches) plus the bias of
    // −log of a mean of m = 1000 weights, ≈ Var(w)/(2m E[w]²) ≤ e^R/(2m) ≈ 1e-3 (R = 0.69), plus the ULA bias.
    for (const [values, truth] of [
      [rates, R],
      [exactRates, R],
      [dists, D],
    ] as const) {
      const { mean, se } = spread(values);
      expect(Math.abs(mean - truth)).toBeLessThan(5 * se + 2e-3);
      expect(se).toBeLessThan(0.02);
    }
  });

  it('a wrong energy is detected: Q = N(0, 1) gives D = eps(1+2eps)/(2(1+eps)²) ≠ eps/2', () => {
    const rng = new Random(4);
    const x = { n: 4000, dim: 1, data: rng.fillNormal(new Float64Array(4000)) };
    const unit = (y: tf.Tensor2D) => tf.mul(tf.sum(tf.square(y), 1), 0.5) as tf.Tensor1D;
    // ULA at ε = 0.3 inflates the variance of Q by 2.3%, moving D by ≈ 1e-3 (< the 0.01 allowed).
    const { readout } = ebrdReadout(x, unit, 0.5, { steps: 300, stepSize: 0.3, rng });
    const dUnit = (0.5 * (1 + 2 * 0.5)) / (2 * 1.5 * 1.5); // 0.2222, vs 0.25 at the optimum
    expect(Math.abs(readout.distortion - dUnit)).toBeLessThan(0.01);
    expect(Math.abs(readout.distortion - 0.25)).toBeGreaterThan(0.015);
  });

  it('sampleMarginal and ebrdReadout reject bad input', () => {
    const rng = new Random(0);
    const x = { n: 3, dim: 1, data: new Float64Array([0, 1, 2]) };
    expect(() => ebrdReadout(x, optimalEnergy, 0, { steps: 1, stepSize: 0.1, rng })).toThrow(InvalidParameterError);
    expect(() => ebrdReadout(x, optimalEnergy, 0.5, { steps: 1, stepSize: 0.1, rng, ySamples: 0 })).toThrow(/ySamples/);
    expect(() => ebrdReadout(x, optimalEnergy, 0.5, { steps: 1, stepSize: 0.1, rng: {} as Random })).toThrow(/rng/);
    expect(() =>
      ebrdReadout({ n: 1, dim: 1, data: new Float64Array([NaN]) }, optimalEnergy, 0.5, {
        steps: 1,
        stepSize: 0.1,
        rng,
      }),
    ).toThrow();
    expect(() => sampleMarginal(optimalEnergy, 0, 1, { steps: 1, stepSize: 0.1, rng })).toThrow(/m/);
  });
});
