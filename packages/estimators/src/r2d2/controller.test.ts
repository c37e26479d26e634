import { describe, expect, it } from 'vitest';
import { InvalidParameterError, Random, tf } from '@ratedistortion/core';
import { ControllerNetwork } from './controller.js';

const leaky = (z: number) => (z > 0 ? z : 0.01 * z);

/** Three 2-D rows the float64 reference forward passes are checked at. */
const ROWS = [
  [0.3, -1.7],
  [2.5, -2.2],
  [-1, 0],
];

/** The controller's drift at the rows of `x`, time t and eps (eps feature `ein`), as nested arrays. */
function driftAt(net: ControllerNetwork, x: number[][], t: number, eps: number, ein: number): number[][] {
  return tf.tidy(() => net.rollout(eps, ein).drift(tf.tensor2d(x), t).arraySync() as number[][]);
}

describe('ControllerNetwork', () => {
  it('computes u = (eps/s)·MLP([(x−μ)/s, 2t−1, ẽ]) — checked against a float64 forward pass of its weights', () => {
    const scaling = { mean: new Float64Array([1, -2]), scale: new Float64Array([2, 0.5]) };
    const net = new ControllerNetwork(
      { dim: 2, hidden: [5, 4], activation: 'leaky-relu', outputScaling: 'eps-score' },
      scaling,
      new Random(3),
    );
    const w = net.getWeights();
    const x = ROWS;
    const [t, eps, ein] = [0.3, 0.05, -0.4];
    const got = driftAt(net, x, t, eps, ein);
    // Reference: W_x (2×5), W_te (2×5), b0 (1×5), W1 (5×4), b1, W2 (4×2), b2.
    const [wx, wte, b0, w1, b1, w2, b2] = w;
    for (let r = 0; r < x.length; r++) {
      const xs = [(x[r][0] - 1) / 2, (x[r][1] + 2) / 0.5];
      const h0 = Array.from({ length: 5 }, (_, j) =>
        leaky(xs[0] * wx[j] + xs[1] * wx[5 + j] + (2 * t - 1) * wte[j] + ein * wte[5 + j] + b0[j]),
      );
      const h1 = Array.from({ length: 4 }, (_, j) => leaky(h0.reduce((s, v, i) => s + v * w1[i * 4 + j], 0) + b1[j]));
      const out = Array.from({ length: 2 }, (_, j) => h1.reduce((s, v, i) => s + v * w2[i * 2 + j], 0) + b2[j]);
      expect(got[r][0]).toBeCloseTo((out[0] * eps) / 2, 5);
      expect(got[r][1]).toBeCloseTo((out[1] * eps) / 0.5, 5);
    }
    net.dispose();
  });

  it('with a PCA basis and capped output: u = (min(eps/s, s) ⊙ f(((x−μ)V)/s))Vᵀ — against a float64 forward pass', () => {
    // V = rotation by 30°; s = [2, 0.1]: at eps = 0.05 the first direction is active (eps/s = 0.025 < s), the
    // second inactive (eps/s = 0.5 > s = 0.1, so its output scale is capped at 0.1).
    const c = Math.cos(Math.PI / 6);
    const sn = Math.sin(Math.PI / 6);
    const V = [
      [c, -sn],
      [sn, c],
    ];
    const scaling = {
      mean: new Float64Array([1, -2]),
      scale: new Float64Array([2, 0.1]),
      basis: new Float64Array([c, -sn, sn, c]),
    };
    const net = new ControllerNetwork(
      { dim: 2, hidden: [5], activation: 'leaky-relu', outputScaling: 'capped-eps-score' },
      scaling,
      new Random(4),
    );
    const [wx, wte, b0, w1, b1] = net.getWeights();
    const x = ROWS;
    const [t, eps, ein] = [0.7, 0.05, 0.2];
    const got = driftAt(net, x, t, eps, ein);
    const cap = [Math.min(eps / 2, 2), Math.min(eps / 0.1, 0.1)];
    for (let r = 0; r < x.length; r++) {
      const xc = [x[r][0] - 1, x[r][1] + 2];
      const xs = [0, 1].map((k) => (xc[0] * V[0][k] + xc[1] * V[1][k]) / scaling.scale[k]);
      const h0 = Array.from({ length: 5 }, (_, j) =>
        leaky(xs[0] * wx[j] + xs[1] * wx[5 + j] + (2 * t - 1) * wte[j] + ein * wte[5 + j] + b0[j]),
      );
      const f = Array.from(
        { length: 2 },
        (_, j) => cap[j] * (h0.reduce((acc, v, i) => acc + v * w1[i * 2 + j], 0) + b1[j]),
      );
      for (let i = 0; i < 2; i++) expect(got[r][i]).toBeCloseTo(f[0] * V[i][0] + f[1] * V[i][1], 5);
    }
    net.dispose();
  });

  it('initialises like torch.nn.Linear: U(−1/√fan_in, 1/√fan_in), reproducibly from the seed', () => {
    const spec = { dim: 1, hidden: [256], activation: 'tanh' as const, outputScaling: 'none' as const };
    const scaling = { mean: new Float64Array([0]), scale: new Float64Array([1]) };
    const a = new ControllerNetwork(spec, scaling, new Random(9));
    const b = new ControllerNetwork(spec, scaling, new Random(9));
    const wa = a.getWeights();
    expect(wa).toEqual(b.getWeights());
    const bound0 = 1 / Math.sqrt(3);
    const bound1 = 1 / Math.sqrt(256);
    expect(Math.max(...wa[0].map(Math.abs))).toBeLessThanOrEqual(bound0);
    expect(Math.max(...wa[3].map(Math.abs))).toBeLessThanOrEqual(bound1);
    // 256 uniform draws on [−b, b]: the max |w| is above 0.9·b except with probability 0.9^256 ≈ 2e-12.
    expect(Math.max(...wa[0].map(Math.abs))).toBeGreaterThan(0.9 * bound0);
    a.dispose();
    b.dispose();
  });

  it('gives gradients for every parameter and leaks no tensors', () => {
    const net = new ControllerNetwork(
      { dim: 1, hidden: [8, 8], activation: 'silu', outputScaling: 'eps-score' },
      { mean: new Float64Array([0]), scale: new Float64Array([1]) },
      new Random(1),
    );
    const x = tf.tensor2d([[0.5], [-0.2], [1.3]]);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      const { value, grads } = tf.variableGrads(() => {
        const roll = net.rollout(0.2, 0.1);
        return tf.sum(tf.square(roll.drift(x, 0.5))) as tf.Scalar;
      }, net.params);
      for (const p of net.params) expect(grads[p.name].shape).toEqual(p.shape);
      expect(Array.from(grads[net.params[1].name].dataSync()).some((g) => g !== 0)).toBe(true);
      tf.dispose(grads);
      value.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    x.dispose();
  });

  it('rejects bad specs and weights', () => {
    const scaling = { mean: new Float64Array([0]), scale: new Float64Array([1]) };
    expect(
      () =>
        new ControllerNetwork(
          { dim: 1, hidden: [], activation: 'relu', outputScaling: 'none' },
          scaling,
          new Random(0),
        ),
    ).toThrow(InvalidParameterError);
    expect(
      () =>
        new ControllerNetwork(
          { dim: 1, hidden: [4], activation: 'gelu' as never, outputScaling: 'none' },
          scaling,
          new Random(0),
        ),
    ).toThrow(/activation/);
    const net = new ControllerNetwork(
      { dim: 1, hidden: [4], activation: 'relu', outputScaling: 'none' },
      scaling,
      new Random(0),
    );
    expect(() => net.setWeights([new Float32Array(1)])).toThrow(InvalidParameterError);
    net.dispose();
  });
});
