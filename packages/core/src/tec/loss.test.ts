import { afterAll, expect, it } from 'vitest';
import { tf } from '../backend/tf.js';
import { useBackend } from '../backend/use-backend.js';
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { Random } from '../random/random.js';
import { customGrid, stepSizes, uniformGrid } from '../sde/grid.js';
import { solveSde64 } from '../sde/solve64.js';
import { solveSdeTf } from '../sde/solve-tf.js';
import { controlEnergyTf } from './energy.js';
import { tecLossTf, type TerminalEntropyEstimator } from './loss.js';
import { describeOnEachBackend } from '../backend/each-backend.test-util.js';

/** Gaussian plug-in entropy of 1-D samples with the biased (1/n) variance; differentiable. */
const gaussian1d: TerminalEntropyEstimator = {
  entropyTf: (x) =>
    tf.tidy(() => tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x).variance))) as tf.Scalar),
};

function randomRows(rng: Random, n: number, dim: number): Float64Array {
  const a = new Float64Array(n * dim);
  rng.fillNormal(a);
  return a;
}

afterAll(async () => {
  await useBackend('cpu');
});

describeOnEachBackend('TEC loss', () => {
  it('controlEnergyTf equals ½ Σ_i Δt_i · mean_m ‖u_i^m‖² summed in float64 (non-uniform grid)', async () => {
    const grid = customGrid([0, 0.1, 0.15, 0.4, 0.7, 1]);
    const dt = stepSizes(grid);
    const n = 50,
      dim = 3;
    const rng = new Random(11);
    const us = dt.map(() => 0).reduce<Float64Array[]>((acc) => [...acc, randomRows(rng, n, dim)], []);
    let want = 0;
    us.forEach((u, i) => {
      let s = 0;
      for (const v of u) s += Math.fround(v) ** 2;
      want += (0.5 * dt[i] * s) / n;
    });
    const before = tf.memory().numTensors;
    const drifts = us.map((u) => tf.tensor2d(Float32Array.from(u), [n, dim]));
    const e = controlEnergyTf(drifts, grid);
    const got = e.dataSync()[0];
    tf.dispose([e, ...drifts]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(got - want)).toBeLessThan(1e-6 * want);
  });

  it('tecLossTf = energy + eps·entropy, and validates its input', async () => {
    const grid = uniformGrid(4);
    const n = 40;
    const rng = new Random(5);
    const drifts = Array.from({ length: 4 }, () => tf.tensor2d(Float32Array.from(randomRows(rng, n, 1)), [n, 1]));
    const x1 = tf.tensor2d(Float32Array.from(randomRows(rng, n, 1)), [n, 1]);
    const eps = 0.37;
    const { loss, energy, entropy, noiseCost } = tecLossTf({ drifts, grid, x1, eps, entropy: gaussian1d });
    expect(noiseCost.dataSync()[0]).toBe(0);
    noiseCost.dispose();
    const h = gaussian1d.entropyTf(x1);
    const e = controlEnergyTf(drifts, grid);
    expect(entropy.dataSync()[0]).toBeCloseTo(h.dataSync()[0], 6);
    expect(energy.dataSync()[0]).toBeCloseTo(e.dataSync()[0], 6);
    expect(loss.dataSync()[0]).toBeCloseTo(e.dataSync()[0] + eps * h.dataSync()[0], 5);
    tf.dispose([loss, energy, entropy, h, e]);

    const base = { drifts, grid, x1, eps, entropy: gaussian1d };
    expect(() => tecLossTf({ ...base, eps: 0 })).toThrow(InvalidParameterError);
    expect(() => tecLossTf({ ...base, eps: -0.1 })).toThrow(InvalidParameterError);
    expect(() => tecLossTf({ ...base, eps: NaN })).toThrow(InvalidParameterError);
    expect(() => tecLossTf({ ...base, drifts: drifts.slice(1) })).toThrow(InvalidParameterError);
    expect(() => tecLossTf({ ...base, grid: uniformGrid(3) })).toThrow(InvalidParameterError);
    const wide = tf.zeros([n, 2]) as tf.Tensor2D;
    expect(() => tecLossTf({ ...base, x1: wide })).toThrow(DimensionMismatchError);
    expect(() => tecLossTf({ ...base, drifts: [...drifts.slice(1), wide] })).toThrow(DimensionMismatchError);
    expect(() => tecLossTf({ ...base, entropy: {} as TerminalEntropyEstimator })).toThrow(InvalidParameterError);
    tf.dispose([wide, x1, ...drifts]);
  });

  it("the precomputed-terms form (energy, noiseCost of a rollout that kept no drifts) gives the drifts form's loss and gradient", async () => {
    const grid = uniformGrid(4);
    const entropy: TerminalEntropyEstimator = {
      entropyTf: (x) => tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x).variance))) as tf.Scalar,
    };
    const theta = tf.variable(tf.scalar(0.7));
    const x0 = tf.tensor2d([[-1], [0.5], [2]]);
    const build = (terms: boolean) =>
      tf.variableGrads(() => {
        const drifts = [0, 1, 2, 3].map(() => tf.mul(x0, theta) as tf.Tensor2D);
        const x1 = tf.add(x0, tf.mul(tf.addN(drifts), 0.25)) as tf.Tensor2D;
        const gains = [0, 1, 2, 3].map(() => tf.mul(tf.onesLike(x0), tf.mul(theta, 0.1)) as tf.Tensor2D);
        if (!terms) return tecLossTf({ drifts, grid, x1, eps: 0.3, entropy, logNoiseGains: gains }).loss;
        // What a checkpointed rollout hands over: the batch means, computed elsewhere.
        const ref = tecLossTf({ drifts, grid, x1, eps: 0.3, entropy, logNoiseGains: gains });
        return tecLossTf({ energy: ref.energy, noiseCost: ref.noiseCost, x1, eps: 0.3, entropy }).loss;
      }, [theta]);
    const a = build(false);
    const b = build(true);
    expect(b.value.dataSync()[0]).toBeCloseTo(a.value.dataSync()[0], 6);
    expect(b.grads[theta.name].dataSync()[0]).toBeCloseTo(a.grads[theta.name].dataSync()[0], 5);
    expect(Math.abs(a.grads[theta.name].dataSync()[0])).toBeGreaterThan(1e-3);
    const x1 = tf.ones([3, 1]) as tf.Tensor2D;
    const e = tf.scalar(1);
    expect(() => tecLossTf({ energy: e, drifts: [x1], grid: uniformGrid(1), x1, eps: 0.3, entropy })).toThrow(/drifts/);
    expect(() => tecLossTf({ energy: x1 as unknown as tf.Scalar, x1, eps: 0.3, entropy })).toThrow(/energy/);
    expect(() => tecLossTf({ x1, eps: 0.3, entropy })).toThrow(InvalidParameterError);
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads), theta, x0, x1, e]);
  });

  it('leaks no tensors over 100 rollout + loss (+ gradient) evaluations', async () => {
    const grid = uniformGrid(8);
    const theta = tf.variable(tf.scalar(0.5));
    const x0 = tf.randomNormal([32, 1], 0, 1, 'float32', 3) as tf.Tensor2D;
    const rng = new Random(9);
    const evaluate = () => {
      const { x1, drifts } = solveSdeTf({
        drift: (x) => tf.mul(x, tf.neg(theta)),
        x0,
        sigma: 0.5,
        grid,
        rng,
        checkFinite: false,
      });
      const out = tecLossTf({ drifts, grid, x1, eps: 0.25, entropy: gaussian1d });
      return out;
    };
    // Warm-up: backends allocate a few tensors lazily on first use.
    tf.dispose(Object.values(tf.tidy(evaluate)));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      if (i % 2 === 0) {
        const { loss, energy, entropy, noiseCost } = tf.tidy(evaluate);
        tf.dispose([loss, energy, entropy, noiseCost]);
      } else {
        const { value, grads } = tf.variableGrads(() => tf.tidy(() => evaluate().loss));
        tf.dispose([value, ...Object.values(grads)]);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([theta, x0]);
  });

  it('the gradient w.r.t. a drift parameter matches float64 central differences of the same rollout', async () => {
    // Drift u = −θ·x + b; the float64 twin of the loss uses solveSde64 with the same generator state,
    // hence the same Brownian increments, so the two losses are the same function of (θ, b) up to
    // float32 rounding. Central differences in float64 with h = 1e-4 have truncation error
    // O(h²·L''') ≈ 1e-8 and rounding error O(1e-16/h) ≈ 1e-12: far below the 1e-3 relative tolerance,
    // which is set by float32 accumulation over the 20-step rollout (observed ~1e-5).
    const n = 256,
      steps = 20,
      eps = 0.5,
      seed = 77;
    const grid = uniformGrid(steps);
    const x0Data = randomRows(new Random(1), n, 1);
    const theta0 = 0.7,
      b0 = 0.2;
    const loss64 = (theta: number, b: number): number => {
      const { x1, energy } = solveSde64({
        drift: (x, _t, out) => {
          for (let i = 0; i < x.length; i++) out[i] = -theta * x[i] + b;
        },
        x0: { n, dim: 1, data: x0Data },
        sigma: Math.sqrt(eps),
        grid,
        rng: new Random(seed),
      });
      let m = 0,
        e = 0;
      for (let i = 0; i < n; i++) {
        m += x1.data[i];
        e += energy[i];
      }
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (x1.data[i] - m) ** 2;
      v /= n;
      return e / n + eps * 0.5 * Math.log(2 * Math.PI * Math.E * v);
    };
    const thetaVar = tf.variable(tf.scalar(theta0));
    const bVar = tf.variable(tf.scalar(b0));
    const x0 = tf.tensor2d(Float32Array.from(x0Data), [n, 1]);
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => {
        const { x1, drifts } = solveSdeTf({
          drift: (x) => tf.add(tf.mul(x, tf.neg(thetaVar)), bVar),
          x0,
          sigma: Math.sqrt(eps),
          grid,
          rng: new Random(seed),
        });
        return tecLossTf({ drifts, grid, x1, eps, entropy: gaussian1d }).loss;
      }),
    );
    const lossTf = value.dataSync()[0];
    const gTheta = grads[thetaVar.name].dataSync()[0];
    const gB = grads[bVar.name].dataSync()[0];
    tf.dispose([value, ...Object.values(grads), thetaVar, bVar, x0]);

    expect(Math.abs(lossTf - loss64(theta0, b0))).toBeLessThan(1e-5 * Math.abs(loss64(theta0, b0)) + 1e-6);
    const h = 1e-4;
    const fdTheta = (loss64(theta0 + h, b0) - loss64(theta0 - h, b0)) / (2 * h);
    const fdB = (loss64(theta0, b0 + h) - loss64(theta0, b0 - h)) / (2 * h);
    expect(Math.abs(gTheta - fdTheta)).toBeLessThan(1e-3 * Math.abs(fdTheta) + 1e-5);
    expect(Math.abs(gB - fdB)).toBeLessThan(1e-3 * Math.abs(fdB) + 1e-5);
    // The derivatives are not trivially zero (the comparison has power).
    expect(Math.abs(fdTheta)).toBeGreaterThan(1e-2);
    expect(Math.abs(fdB)).toBeGreaterThan(1e-2);
  });
});
