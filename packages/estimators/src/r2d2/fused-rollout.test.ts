// The fused training rollout (fused-rollout.ts) against the taped one: core's solveSdeTf / solveNoiseControlledTf
// through the controller's own drift, differentiated by tfjs's autodiff, under core's TEC loss with the Gaussian
// plug-in entropy. X1 must be the same (the same kernels on the same inputs), the loss the same to float32 rounding
// (the energies are summed in another order), and every parameter's gradient the same to float32 rounding: the
// fused backward sums the weight gradients in another order than the tape (for d = 1 over the steps first and the
// rows once, for d > 1 and the hidden layers per step and then by AddN), so a relative difference (in norm, per
// parameter) of a few 1e-7 is round-off; 1e-5 is the bound. A wrong term (a missing transpose, a dropped energy or
// cost term, a sign) is off by O(1) on that scale.
// Covered: d = 1 and 4 (with a whitening basis), fixed and noise-controlled chain, the Gaussian warm start on and
// off, one segment and several (recomputed in the backward pass), LeakyReLU and ReLU, 1–3 hidden layers (each for
// d = 1 and for d > 1, whose first-layer and head gradients take another path), the hidden layers' gradients summed
// once or after every step (the memory bound for wide layers), cpu and wasm. Nothing leaks.
import { describe, expect, it } from 'vitest';
import {
  Random,
  gaussianEntropyTf,
  solveNoiseControlledTf,
  solveSdeTf,
  tecLossTf,
  tf,
  uniformGrid,
  type BackendChoice,
} from '@ratedistortion/core';
import { backendForSuite } from '../estimator/backend-suite.test-util.js';
import { ControllerNetwork, type ControllerActivation } from './controller.js';
import { fusedRolloutState, fusedRolloutTf } from './fused-rollout.js';

interface Case {
  dim: number;
  hidden: number[];
  activation?: ControllerActivation;
  controlled: boolean;
  gaussian: boolean;
  segmentSteps: number;
  /** Sum the per-step hidden-layer gradients after every step (the bound for wide layers) instead of once. */
  collapse?: boolean;
}

const steps = 10;
const batch = 48;
const eps = 0.4;

/** An orthonormal basis (Gram–Schmidt of a fixed matrix), row-major. */
function basisOf(d: number): Float64Array {
  const rng = new Random(11);
  const cols: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const v = rng.fillNormal(new Float64Array(d));
    for (const c of cols) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += v[r] * c[r];
      for (let r = 0; r < d; r++) v[r] -= dot * c[r];
    }
    const norm = Math.hypot(...v);
    cols.push(v.map((x) => x / norm));
  }
  const out = new Float64Array(d * d);
  for (let r = 0; r < d; r++) for (let j = 0; j < d; j++) out[r * d + j] = cols[j][r];
  return out;
}

function network(c: Case): ControllerNetwork {
  const d = c.dim;
  const scaling = {
    mean: Float64Array.from({ length: d }, (_, j) => 0.3 - 0.2 * j),
    scale: Float64Array.from({ length: d }, (_, j) => 1.5 / (1 + j)),
    ...(d > 1 ? { basis: basisOf(d) } : {}),
  };
  const net = new ControllerNetwork(
    {
      dim: d,
      hidden: c.hidden,
      activation: c.activation ?? 'leaky-relu',
      outputScaling: 'eps-score',
      noiseControl: c.controlled,
      init: c.gaussian ? 'gaussian' : 'zero',
      timeSteps: steps,
    },
    scaling,
    new Random(5),
  );
  // Every weight non-zero (the warm start's zero last layer and the zero gain head would hide terms).
  const rng = new Random(6);
  net.setWeights(net.getWeights().map((w) => Float32Array.from(w, () => 0.4 * (2 * rng.uniform() - 1))));
  return net;
}

interface Run {
  x1: Float32Array;
  loss: number;
  grads: Float32Array[];
}

function run(c: Case, fused: boolean): Run {
  const net = network(c);
  const grid = uniformGrid(steps);
  const x0 = tf.tensor2d(Float32Array.from(new Random(7).fillNormal(new Float64Array(batch * c.dim))), [batch, c.dim]);
  const rng = new Random(8);
  let x1: tf.Tensor | null = null;
  const pending = fusedRolloutState.pendingGradientBytes;
  if (c.collapse) fusedRolloutState.pendingGradientBytes = 0;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const roll = net.rollout(eps, 0.2);
      const entropy = { entropyTf: gaussianEntropyTf };
      if (fused) {
        const sol = fusedRolloutTf({
          layout: {
            dim: c.dim,
            hidden: c.hidden,
            alpha: c.activation === 'relu' ? 0 : 0.01,
            noiseControl: c.controlled,
            gaussian: c.gaussian,
          },
          inputs: roll.inputs,
          x0,
          sigma: Math.sqrt(eps),
          grid,
          rng,
          basis: c.controlled ? net.noiseBasis : null,
          segmentSteps: c.segmentSteps,
        });
        x1 = tf.keep(sol.x1);
        const noiseCost = sol.noiseCost ? { noiseCost: tf.mean(sol.noiseCost) as tf.Scalar } : {};
        return tecLossTf({ energy: tf.mean(sol.energy) as tf.Scalar, ...noiseCost, x1: sol.x1, eps, entropy }).loss;
      }
      const sigma = Math.sqrt(eps);
      const common = { x0, sigma, grid, rng, checkFinite: false };
      const sol = c.controlled
        ? solveNoiseControlledTf({ ...common, control: roll.control, basis: net.noiseBasis ?? undefined })
        : { ...solveSdeTf({ ...common, drift: roll.drift }), logGains: undefined };
      x1 = tf.keep(sol.x1);
      return tecLossTf({ drifts: sol.drifts, grid, logNoiseGains: sol.logGains, x1: sol.x1, eps, entropy }).loss;
    }, net.params);
    const out: Run = {
      x1: Float32Array.from((x1 as unknown as tf.Tensor).dataSync()),
      loss: value.dataSync()[0],
      grads: net.params.map((p) => Float32Array.from(grads[p.name].dataSync())),
    };
    value.dispose();
    tf.dispose(grads);
    return out;
  } finally {
    fusedRolloutState.pendingGradientBytes = pending;
    x0.dispose();
    if (x1) (x1 as tf.Tensor).dispose();
    net.dispose();
  }
}

const cases: [string, Case][] = [
  ['d = 1, fixed, zero init', { dim: 1, hidden: [16, 16], controlled: false, gaussian: false, segmentSteps: 10 }],
  [
    'd = 1, fixed, warm start, 4 segments',
    { dim: 1, hidden: [16, 16], controlled: false, gaussian: true, segmentSteps: 3 },
  ],
  ['d = 1, controlled, warm start', { dim: 1, hidden: [16, 16], controlled: true, gaussian: true, segmentSteps: 10 }],
  [
    'd = 1, controlled, zero init, 2 segments',
    { dim: 1, hidden: [16], controlled: true, gaussian: false, segmentSteps: 5 },
  ],
  [
    'd = 4, fixed, warm start, whitened',
    { dim: 4, hidden: [16, 16], controlled: false, gaussian: true, segmentSteps: 10 },
  ],
  [
    'd = 4, fixed, zero init, ReLU, 3 layers, 5 segments',
    {
      dim: 4,
      hidden: [12, 16, 8],
      activation: 'relu',
      controlled: false,
      gaussian: false,
      segmentSteps: 2,
    },
  ],
  [
    'd = 4, controlled, warm start, whitened',
    { dim: 4, hidden: [16, 16], controlled: true, gaussian: true, segmentSteps: 10 },
  ],
  [
    'd = 1, controlled, 3 layers, 2 segments, gradients summed every step',
    { dim: 1, hidden: [16, 12, 16], controlled: true, gaussian: true, segmentSteps: 5, collapse: true },
  ],
  [
    'd = 4, controlled, zero init, one hidden layer, 2 segments',
    { dim: 4, hidden: [16], controlled: true, gaussian: false, segmentSteps: 5 },
  ],
  [
    'd = 4, fixed, 3 layers, gradients summed every step',
    { dim: 4, hidden: [16, 12, 16], controlled: false, gaussian: false, segmentSteps: 10, collapse: true },
  ],
  [
    'd = 4, controlled, warm start, whitened, 3 segments',
    {
      dim: 4,
      hidden: [16, 16],
      controlled: true,
      gaussian: true,
      segmentSteps: 4,
    },
  ],
];

function compare(c: Case): void {
  const before = tf.memory().numTensors;
  const tape = run(c, false);
  const fused = run(c, true);
  expect(tf.memory().numTensors).toBe(before);
  let worstX = 0;
  tape.x1.forEach((v, k) => {
    worstX = Math.max(worstX, Math.abs(v - fused.x1[k]) / (1 + Math.abs(v)));
  });
  expect(worstX, 'X1').toBeLessThan(1e-6);
  expect(Math.abs(fused.loss - tape.loss) / Math.abs(tape.loss), 'loss').toBeLessThan(1e-6);
  tape.grads.forEach((g, i) => {
    let diff = 0;
    let norm = 0;
    g.forEach((v, k) => {
      diff += (v - fused.grads[i][k]) ** 2;
      norm += v * v;
    });
    expect(norm, `gradient ${i} is zero`).toBeGreaterThan(1e-12);
    expect(Math.sqrt(diff / norm), `gradient ${i}`).toBeLessThan(1e-5);
  });
}

for (const backend of ['cpu', 'wasm'] as BackendChoice[]) {
  describe(`fused R2D2 rollout = taped rollout (${backend})`, () => {
    backendForSuite(backend);
    it.each(cases)('%s', (_, c) => compare(c));
  });
}
