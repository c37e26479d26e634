// Whether the hidden layer's weight gradient of R2D2's training rollout is cheaper on tfjs-wasm as one product over
// the stacked rows of all time steps (dW = Hᵀ·DZ, K = steps·batch) than as one product per time step (hᵀ·dz,
// K = batch), the choice fused-rollout.ts makes. Shapes of the default step: 100 time steps, batch 512, width 128.
// Each variant in CPU time (user + system) per training step's worth of work, median of --rounds rounds, with the
// wide operand `b` of each product fresh (a new buffer, as a gradient is) or packed before (XNNPACK caches the
// packing by buffer), and the transposes that produce Hᵀ (one of steps·batch × 128 values) or every hᵀ. See
// docs/speed.md, "The whole rollout as one op".
//
//   npx tsx benchmarks/speed/stacked-weight-gradient.ts [--rounds 7] [--steps 100]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { tf, useBackend } from '@ratedistortion/core';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, steps: { type: 'string', default: '100' } },
  strict: true,
});
const rounds = Number(values.rounds);
const steps = Number(values.steps);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(steps) || steps < 1)
  throw new Error('--rounds and --steps must be positive integers');
await useBackend('wasm');
const n = 512;
const width = 128;
const h = Array.from({ length: steps }, (_, i) => tf.randomNormal([1, n, width], 0, 1, 'float32', i) as tf.Tensor3D);
const dz = Array.from(
  { length: steps },
  (_, i) => tf.randomNormal([1, n, width], 0, 1, 'float32', steps + i) as tf.Tensor3D,
);
const hT = h.map((t) => tf.transpose(t, [0, 2, 1]) as tf.Tensor3D);
const stackedH = tf.concat(h, 1) as tf.Tensor3D;
const stackedHT = tf.transpose(stackedH, [0, 2, 1]) as tf.Tensor3D;
const stackedDz = tf.concat(dz, 1) as tf.Tensor3D;

/** CPU milliseconds of f (whose tensors are freed after each call), median over the rounds after one warm-up. */
function cpuMs(f: () => tf.Tensor | tf.Tensor[]): number {
  // Inside tidy: the fresh copies must be freed too (kept, each round's packed operators and buffers grew the heap).
  tf.tidy(() => {
    f();
  });
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    tf.tidy(() => {
      f();
    });
    const used = process.cpuUsage(start);
    per.push((used.user + used.system) / 1000);
  }
  return per.sort((a, b) => a - b)[Math.floor(per.length / 2)];
}

const fresh = (t: tf.Tensor3D): tf.Tensor3D => tf.add(t, 0) as tf.Tensor3D;
const rows: [string, number][] = [
  [`${steps} per-step transposes hᵀ [${width}, ${n}]`, cpuMs(() => h.map((t) => tf.transpose(t, [0, 2, 1])))],
  [`one transpose of the stacked H [${steps * n}, ${width}]`, cpuMs(() => tf.transpose(stackedH, [0, 2, 1]))],
  [`${steps} per-step products hᵀ·dz, dz packed before`, cpuMs(() => hT.map((a, i) => tf.matMul(a, dz[i])))],
  [`${steps} per-step products hᵀ·dz, dz fresh`, cpuMs(() => hT.map((a, i) => tf.matMul(a, fresh(dz[i]))))],
  [`one product Hᵀ·DZ (K = ${steps * n}), DZ packed before`, cpuMs(() => tf.matMul(stackedHT, stackedDz))],
  [`one product Hᵀ·DZ (K = ${steps * n}), DZ fresh`, cpuMs(() => tf.matMul(stackedHT, fresh(stackedDz)))],
  [`${steps} fresh copies (the cost "fresh" adds, per step)`, cpuMs(() => dz.map((t) => fresh(t)))],
  [`one fresh copy of DZ (the cost "fresh" adds, stacked)`, cpuMs(() => fresh(stackedDz))],
];
console.log(`wasm, load ${loadavg()[0].toFixed(2)}; CPU ms per training step's worth, median of ${rounds} rounds`);
for (const [name, ms] of rows) console.log(`${ms.toFixed(2).padStart(9)}  ${name}`);
tf.dispose([...h, ...dz, ...hT, stackedH, stackedHT, stackedDz]);
