// Experiments behind the two proposals of docs/speed.md, measured without touching the library (the kernel and
// gradient registrations below live in this process only).
// (1) Bias gradient: on wasm, the gradient of a broadcast add
// h·W + b w.r.t. the [1, h] bias b is tfjs's Sum over axis 0 of the [B, h] upstream gradient, which the wasm
// backend runs as a transpose plus a row reduction (~0.35 ms for 512 × 128), while the same reduction written
// as the matmul ones[1, B]·dy takes ~0.02 ms (XNNPACK). This script times R2D2 training steps with the stock Add
// gradient, then registers (in this process only) an Add gradient that takes the matmul route for exactly that
// case — a rank-2 upstream gradient reduced over axis 0 only — and times them again from the same seed. It checks
// that the two runs give the same losses to float32 round-off (the forward pass is unchanged; only the order of a
// sum of 512 terms differs).
// (2) Saved tensors: during tf.variableGrads tfjs-core keeps every tensor a gradient needs through
// engine.clone → the Identity kernel, and the wasm backend's Identity copies the buffer (cpu's shares it by
// reference count). Variant (2) registers, on top of (1), a wasm Identity that shares the buffer like wasm's own
// Reshape does (tensors are immutable: Variable.assign swaps buffers, it does not write into them).
//
//   npx tsx benchmarks/speed/step-experiments.ts [--dim 1] [--steps 20]
import { parseArgs } from 'node:util';
import { tf, useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';

const { values } = parseArgs({ options: { dim: { type: 'string', default: '1' }, steps: { type: 'string', default: '20' } }, strict: true });
const d = Number(values.dim);
const steps = Number(values.steps);
if (!Number.isInteger(d) || d < 1 || !Number.isInteger(steps) || steps < 2) throw new Error('--dim >= 1 and --steps >= 2 must be integers');
await useBackend('wasm');
const spec = d === 1
  ? { kind: 'gaussian', variance: 1 }
  : { kind: 'gaussian', mean: Array(d).fill(0), covariance: Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))) };

async function run(): Promise<{ seconds: number[]; losses: number[] }> {
  const est = new R2D2(sourceFromSpec(spec), { epsMin: 0.025, epsMax: 0.975, batch: 512, dt: 0.01, hidden: [128, 128], entropy: 'gaussian', seed: 4 });
  const seconds: number[] = [];
  const losses: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      const r = await est.train({ steps: 1 });
      if (i > 0) seconds.push((performance.now() - t0) / 1000); // the first step includes kernel set-up
      losses.push(r.lastLoss);
    }
  } finally {
    est.dispose();
  }
  return { seconds, losses };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

/** Reduce dy to `shape` (tfjs's rule for broadcast inputs), with ones·dy for a rank-2 reduction over axis 0. */
function reduceTo(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape(shape, dy.shape);
  const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
  if (axes.length === 0) return tf.reshape(dy, shape);
  if (dy.rank === 2 && axes.length === 1 && axes[0] === 0) {
    return tf.reshape(tf.matMul(tf.ones([1, dy.shape[0]]), dy as tf.Tensor2D), shape);
  }
  return tf.reshape(tf.sum(dy, axes), shape);
}

const stock = await run();
tf.registerGradient({
  kernelName: 'Add',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const g = dy as tf.Tensor;
    const [a, b] = saved;
    return { a: () => reduceTo(g, a.shape), b: () => reduceTo(g, b.shape) };
  },
});
const patched = await run();
tf.unregisterKernel('Identity', 'wasm');
tf.registerKernel({
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = (inputs as { x: tf.TensorInfo }).x;
    (backend as unknown as { incRef(id: unknown): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
});
const shared = await run();
const maxRel = Math.max(...stock.losses.map((l, i) => Math.abs(l - patched.losses[i]) / Math.abs(l)));
const maxRelShared = Math.max(...stock.losses.map((l, i) => Math.abs(l - shared.losses[i]) / Math.abs(l)));
console.log(`d = ${d}, wasm, batch 512, 100 Euler steps, MLP 2×128, Gaussian entropy; ${steps - 1} timed steps each`);
console.log(`stock Add gradient:        median ${median(stock.seconds).toFixed(3)} s/step`);
console.log(`ones·dy bias reduction:    median ${median(patched.seconds).toFixed(3)} s/step`);
console.log(`+ shared-buffer Identity:   median ${median(shared.seconds).toFixed(3)} s/step`);
console.log(`speed-up (1) ${(median(stock.seconds) / median(patched.seconds)).toFixed(2)}×, (1)+(2) ${(median(stock.seconds) / median(shared.seconds)).toFixed(2)}×`);
console.log(`max relative loss difference vs stock over ${steps} steps: (1) ${maxRel.toExponential(2)}, (1)+(2) ${maxRelShared.toExponential(2)}`);
