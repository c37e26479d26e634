// The sharing Identity kernel: clones share buffers, and a training loop of the shape that broke without the
// matMul guard (a 1-d SDE rollout through dense layers, its gradient, parameter updates) is bit-identical to
// tfjs-wasm's copying kernel.
import { expect, it } from 'vitest';
import { denseTf } from '../nn/dense.js';
import { Random } from '../random/random.js';
import { uniformGrid } from '../sde/grid.js';
import { solveSdeTf } from '../sde/solve-tf.js';
import { tf } from './tf.js';
import { useWasmMatMulGuard } from './wasm-matmul-guard.js';
import { useWasmSharedIdentity } from './wasm-shared-identity.js';
import { describeOnWasm } from './each-backend.test-util.js';

/**
 * Three steps of plain gradient descent on ½Σ‖u‖²Δt + mean(X₁²) for a 1 → 16 → 16 → 1 drift network
 * (d = 1, batch 64, 20 Euler steps, each ‖v‖² as the product vᵀ·v); returns the
 * losses and the final weights.
 */
function train(): { losses: number[]; weights: Float32Array[] } {
  const rng = new Random(5);
  const init = (rows: number, cols: number) =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, () => 0.5 * (rng.uniform() - 0.5)),
        [rows, cols],
      ),
      true,
    );
  const params = tf.tidy(() => [init(1, 16), init(1, 16), init(16, 16), init(1, 16), init(16, 1), init(1, 1)]);
  const x0 = tf.tensor2d(Float32Array.from(rng.fillNormal(new Float64Array(64))), [64, 1]);
  const grid = uniformGrid(20);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const noise = new Random(100 + step);
    const { value, grads } = tf.variableGrads(() => {
      const [w0, b0, w1, b1, w2, b2] = params;
      const { x1, drifts } = solveSdeTf({
        drift: (x) => {
          let h = denseTf(x, w0, tf.reshape(tf.add(b0, 0), [16]) as tf.Tensor1D, { activation: 'leaky-relu' });
          h = denseTf(h, w1, tf.reshape(tf.add(b1, 0), [16]) as tf.Tensor1D, { activation: 'leaky-relu' });
          return denseTf(h, w2, tf.reshape(tf.add(b2, 0), [1]) as tf.Tensor1D);
        },
        x0,
        sigma: 0.5,
        grid,
        rng: noise,
        checkFinite: false,
      });
      // ‖v‖² as vᵀ·v: v is the [64, 1] `b` of the product, and its gradient multiplies by the saved v read as [1, 64].
      const sq = (v: tf.Tensor2D) => tf.matMul(tf.reshape(v, [1, 64]), v);
      const energy = tf.addN(drifts.map(sq));
      return tf.reshape(tf.add(tf.mul(energy, (0.5 * 0.05) / 64), tf.div(sq(x1), 64)), []) as tf.Scalar;
    }, params);
    losses.push(value.dataSync()[0]);
    tf.tidy(() => params.forEach((p) => p.assign(tf.sub(p, tf.mul(grads[p.name], 0.01)))));
    tf.dispose([value, ...Object.values(grads)]);
  }
  const weights = params.map((p) => p.dataSync() as Float32Array);
  tf.dispose([...params, x0]);
  return { losses, weights };
}

describeOnWasm(
  'wasm sharing Identity',
  () => useWasmSharedIdentity(true),
  () => {
    it('a clone shares the buffer and outlives its source', () => {
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const x = tf.tensor1d([1, 2, 3]);
      const buffers = backend.numDataIds();
      const y = tf.clone(x);
      expect(backend.numDataIds()).toBe(buffers);
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
      y.dispose();
      expect(backend.numDataIds()).toBe(buffers - 1);
    });

    it('training through a rollout is bit-identical to the copying kernel, and leaks no tensors', () => {
      const before = tf.memory().numTensors;
      useWasmSharedIdentity(false);
      const copying = train();
      useWasmSharedIdentity(true);
      const shared = train();
      expect(tf.memory().numTensors).toBe(before);
      expect(shared.losses).toEqual(copying.losses);
      expect(shared.losses.every(Number.isFinite)).toBe(true);
      expect(shared.weights.map((w) => Array.from(w))).toEqual(copying.weights.map((w) => Array.from(w)));
    });

    it('without the matMul guard the shared buffers meet the stale operator cache (why it installs the guard)', () => {
      useWasmSharedIdentity(false);
      const copying = train();
      useWasmSharedIdentity(true);
      useWasmMatMulGuard(false);
      let unguarded: { losses: number[] };
      try {
        unguarded = train();
      } finally {
        useWasmMatMulGuard(true);
      }
      expect(unguarded.losses[0]).toBe(copying.losses[0]);
      expect(unguarded.losses.slice(1)).not.toEqual(copying.losses.slice(1));
    });
  },
);
