import { describe, expect, it } from 'vitest';
import {
  DimensionMismatchError,
  InvalidParameterError,
  NumericalError,
  ValidityRangeError,
} from '@ratedistortion/core';
import { gaussianRateDistortion } from '@ratedistortion/analytic';
import type { TrainProgress } from '../estimator/types.js';
import { gaussianSource } from '../estimator/gaussian-source.test-util.js';
import type { WgdOptions } from './config.js';
import { WGD, type WgdSource } from './wgd.js';
import { wgdCurve } from './curve.js';

const normal = (sigma = 1): WgdSource => gaussianSource(sigma * sigma);

/** WGD on N(0, 1) with n = 200 particles, batches of 512 and lr = 0.2·eps, trained `steps` steps (its schedule). */
async function trainedOnNormal(eps: number, steps: number, options: Partial<WgdOptions> = {}): Promise<WGD> {
  const est = new WGD(normal(), {
    eps,
    particles: 200,
    batchSize: 512,
    learningRate: 0.2 * eps,
    scheduleSteps: steps,
    ...options,
  });
  await est.train({ steps });
  return est;
}

// Population quantities of a particle measure for X ~ N(0, 1), by the trapezoid rule on [−10, 10] (step 1e-3,
// error far below 1e-8 for these smooth, Gaussian-tailed integrands) — independent of the estimator's code.
function population(points: Float64Array, logWeights: Float64Array, eps: number) {
  const beta = 1 / eps;
  const h = 1e-3;
  let lagrangian = 0;
  let distortion = 0;
  for (let x = -10; x <= 10 + 1e-12; x += h) {
    const w = (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * h;
    let z = 0;
    let zd = 0;
    for (let j = 0; j < points.length; j++) {
      const c = 0.5 * (x - points[j]) ** 2;
      const k = Math.exp(logWeights[j] - beta * c);
      z += k;
      zd += k * c;
    }
    lagrangian += -Math.log(z) * w;
    distortion += (zd / z) * w;
  }
  return { lagrangian, distortion, rate: lagrangian - beta * distortion };
}

describe('WGD', () => {
  // Small budget: n = 200 particles, batches of 512, 300 SGD steps with lr = 0.2·eps (≈ 1.5 s per eps).
  // Tolerance 0.025 nats = evaluation noise + training bias. Noise: near the optimum φ(x) ≈ c + x²/2 and
  // D(x) ≈ ½(eps(1 − eps) + eps²x²), so R̂ = mean(φ) − mean(D)/eps fluctuates like ½(1 − eps)·mean(X²), sd
  // (1 − eps)/√2 per sample; over 8 × 4096 samples (median of batch means: ×1.25) that is ≤ 0.005 nats, 3 sd =
  // 0.015. Bias: the finite particle set and budget (measured ≈ 0.002–0.006 nats with these settings).
  for (const eps of [0.1, 0.5]) {
    it(`1-D N(0, 1) at eps = ${eps}: rate within 0.025 nats of ½ log(1/eps), distortion within 0.004 of eps/2`, async () => {
      const est = await trainedOnNormal(eps, 300, { seed: 1, lowerBoundMeanShift: 3 });
      expect(est.steps).toBe(300);
      const p = est.evaluate(eps, { batches: 8, batchSize: 4096, lowerBound: false });
      expect(Math.abs(p.rate - 0.5 * Math.log(1 / eps))).toBeLessThan(0.025);
      // D(x) has sd eps²/√2 per sample: 3 sd of the median over 32768 samples ≈ 2e-4·eps²; the rest is bias
      expect(Math.abs(p.distortion - eps / 2)).toBeLessThan(0.004);
      est.dispose();
    });
  }

  it('sandwich on N(0, 1) at eps = 0.25: dual lower bound ≤ R(D̂) ≤ rate; population values by quadrature', async () => {
    const eps = 0.25;
    const est = await trainedOnNormal(eps, 400, { seed: 2, lowerBoundMeanShift: 3 });
    const p = est.evaluate(eps, { batches: 8, batchSize: 8192 });
    const truthAtD = gaussianRateDistortion([1], p.distortion).rate;
    // Noise of R̂ − R(D̂) ≈ ½(mean X² − 1) (see above): sd 0.707/√(8·8192) ×1.25 (median) ≈ 0.0035; 3 sd = 0.0104.
    const tol = 0.0104;
    expect(p.rate).toBeGreaterThan(truthAtD - tol);
    expect(p.rateLowerBound).toBeLessThan(truthAtD + tol);
    // batch by batch, the bound is below the estimate exactly (max g ≥ its ν-mean, which is 1)
    p.batches.rate.forEach((r, b) => expect(p.batches.rateLowerBound[b]).toBeLessThanOrEqual(r));
    // The population functional of the trained ν: L(ν) ≥ min L = R(D*) + D*/eps = ½ log(1/eps) + ½ (a theorem);
    // the estimator's read-out must agree with the quadrature to sampling error (the same 3 sd),
    // and training must have brought L(ν) close to the minimum.
    const nu = est.particles;
    const pop = population(nu.points, nu.logWeights, eps);
    const optimum = 0.5 * Math.log(1 / eps) + 0.5;
    expect(pop.lagrangian).toBeGreaterThanOrEqual(optimum);
    expect(pop.lagrangian - optimum).toBeLessThan(0.01);
    expect(Math.abs(p.lagrangian - pop.lagrangian)).toBeLessThan(tol);
    expect(pop.rate).toBeGreaterThan(gaussianRateDistortion([1], pop.distortion).rate);
    est.dispose();
  });

  it('hybrid variant (BA reweighting after each move) on N(0, 1) at eps = 0.1', async () => {
    const eps = 0.1;
    const est = await trainedOnNormal(eps, 300, { hybrid: true, seed: 1, lowerBoundMeanShift: 0 });
    const nu = est.particles;
    const w = Array.from(nu.logWeights, Math.exp);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...w) / Math.min(...w)).toBeGreaterThan(1.5); // the weights did move
    const p = est.evaluate(eps, { batches: 8, batchSize: 4096, lowerBound: false });
    expect(Math.abs(p.rate - 0.5 * Math.log(1 / eps))).toBeLessThan(0.025);
    est.dispose();
  });

  it('the distortion convention only renames the slope: rdLambda on sse gives the same run as eps', async () => {
    const a = new WGD(normal(2), { eps: 0.1, particles: 30, batchSize: 64, seed: 4 });
    const b = new WGD(normal(2), { rdLambda: 5, distortion: 'sse', particles: 30, batchSize: 64, seed: 4 });
    expect(b.eps).toBeCloseTo(0.1, 15);
    await a.train({ steps: 20 });
    await b.train({ steps: 20 });
    const pa = a.particles.points;
    const pb = b.particles.points;
    // identical up to the round-off of 1/(2·5) vs 0.1 in β
    for (let j = 0; j < pa.length; j++) expect(pb[j]).toBeCloseTo(pa[j], 10);
    const point = a.evaluate(0.1, { batches: 2, batchSize: 256 });
    expect(b.peerPoint(point).distortion).toBeCloseTo(2 * point.distortion, 15);
    expect(b.peerPoint(point).rdLambda).toBeCloseTo(5, 12);
  });

  it('reconstructions of N(0, 1) at eps = 0.3 have variance ≈ 1 − eps', async () => {
    const eps = 0.3;
    const est = await trainedOnNormal(eps, 300, { seed: 6, lowerBoundMeanShift: 0 });
    const y = est.sampleReconstruction(eps, 20000).data;
    let s = 0;
    let s2 = 0;
    for (const v of y) {
      s += v;
      s2 += v * v;
    }
    const variance = s2 / y.length - (s / y.length) ** 2;
    // sd of a sample variance: 0.7·√(2/20000) = 0.007; tolerance 0.04 also covers the particle approximation
    expect(Math.abs(variance - (1 - eps))).toBeLessThan(0.04);
  });

  it('takes the deprecated batch as batchSize, refuses both when they differ, reads checkpoints that say batch', async () => {
    expect(new WGD(normal(), { eps: 0.5, particles: 8, batch: 48 }).config.batchSize).toBe(48);
    expect(new WGD(normal(), { eps: 0.5, particles: 8, batch: 48, batchSize: 48 }).config.batchSize).toBe(48);
    expect(() => new WGD(normal(), { eps: 0.5, particles: 8, batch: 48, batchSize: 32 })).toThrow(/batchSize \(32\)/);
    const opts = { eps: 0.3, particles: 10, batchSize: 24, seed: 4 };
    const straight = new WGD(normal(), opts);
    await straight.train({ steps: 6 });
    const first = new WGD(normal(), opts);
    await first.train({ steps: 3 });
    const ck = first.toJSON() as unknown as { config: Record<string, unknown> };
    const { batchSize, ...rest } = ck.config;
    const legacy = { ...ck, config: { ...rest, batch: batchSize } };
    const resumed = WGD.fromJSON(JSON.stringify(legacy), normal());
    expect(resumed.config.batchSize).toBe(24);
    await resumed.train({ steps: 3 });
    expect(Array.from(resumed.particles.points)).toEqual(Array.from(straight.particles.points));
  });

  it('resumes from a checkpoint bit-identically, reports progress, honours abort', async () => {
    const opts = {
      eps: 0.2,
      particles: 40,
      batchSize: 64,
      learningRate: 0.04,
      fixedBatch: true,
      hybrid: true,
      seed: 9,
    };
    const straight = new WGD(normal(), opts);
    await straight.train({ steps: 20 });
    const first = new WGD(normal(), opts);
    await first.train({ steps: 8 });
    const resumed = WGD.fromJSON(JSON.stringify(first.toJSON()), normal());
    const seen: TrainProgress[] = [];
    await resumed.train({ steps: 12, progressEvery: 5, onProgress: (q) => seen.push(q) });
    expect(resumed.steps).toBe(20);
    expect(Array.from(resumed.particles.points)).toEqual(Array.from(straight.particles.points));
    expect(Array.from(resumed.particles.logWeights)).toEqual(Array.from(straight.particles.logWeights));
    expect(seen.map((q) => q.step)).toEqual([13, 18, 20]);
    for (const q of seen) expect(q.energy + q.entropy).toBeCloseTo(q.loss, 12);
    const controller = new AbortController();
    controller.abort();
    const r = await resumed.train({ steps: 5, signal: controller.signal });
    expect(r.aborted).toBe(true);
    expect(r.steps).toBe(0);
  });

  it('wgdCurve trains one model per eps', async () => {
    const pts = await wgdCurve(normal(), [0.3, 0.6], {
      wgd: { particles: 100, batchSize: 256, seed: 3, lowerBoundMeanShift: 0 },
      learningRate: (e) => 0.2 * e,
      train: { steps: 150 },
      evaluate: { batches: 4, batchSize: 4096, lowerBound: false },
    });
    expect(pts.map((p) => p.point.eps)).toEqual([0.3, 0.6]);
    for (const p of pts) expect(Math.abs(p.point.rate - 0.5 * Math.log(1 / p.point.eps))).toBeLessThan(0.04);
    expect(pts[0].point.rate).toBeGreaterThan(pts[1].point.rate);
  });

  it('rejects bad input with typed errors', async () => {
    expect(() => new WGD(normal(), {})).toThrow(InvalidParameterError);
    expect(() => new WGD(normal(), { eps: -1 })).toThrow(InvalidParameterError);
    expect(() => new WGD(normal(), { eps: 0.1, rdLambda: 3 })).toThrow(InvalidParameterError);
    expect(() => new WGD(normal(), { eps: 0.1, particles: 0 })).toThrow(InvalidParameterError);
    expect(() => new WGD(normal(), { eps: 0.1, learningRate: 0 })).toThrow(InvalidParameterError);
    expect(() => new WGD(null as never, { eps: 0.1 })).toThrow(InvalidParameterError);
    const wrongDim: WgdSource = {
      dim: 1,
      sample: (n, rng) => ({ n, dim: 2, data: rng.fillNormal(new Float64Array(2 * n)) }),
    };
    expect(() => new WGD(wrongDim, { eps: 0.1, particles: 5 })).toThrow(DimensionMismatchError);
    const est = new WGD(normal(), { eps: 0.1, particles: 10, batchSize: 16 });
    expect(() => est.evaluate(0.2)).toThrow(ValidityRangeError);
    expect(() => est.evaluate(Number.NaN)).toThrow(InvalidParameterError);
    expect(() => est.curve([])).toThrow(InvalidParameterError);
    expect(() => est.sampleReconstruction(0.1, 0)).toThrow(InvalidParameterError);
    expect(est.evaluate(0.2, { batches: 1, batchSize: 16, extrapolate: true }).eps).toBe(0.2);
    await expect(est.train({})).rejects.toThrow(InvalidParameterError);
    const blowUp = new WGD(normal(), { eps: 0.01, particles: 10, batchSize: 16, learningRate: 1e300, lrDecay: false });
    await expect(blowUp.train({ steps: 5 })).rejects.toThrow(NumericalError);
    expect(() => WGD.fromJSON({ format: 'other' }, normal())).toThrow(InvalidParameterError);
    est.dispose();
    expect(() => est.evaluate(0.1)).toThrow(InvalidParameterError);
  });
});
