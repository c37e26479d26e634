// How R2D2's fused rollout (fused-rollout.ts) should form the first layer's and the output heads' weight gradients
// for d > 1 on tfjs-wasm: one product over the stacked rows of all time steps (what it did until 2026-12-04:
// [Xᵀ; 1; τ]·DZ0 and [DU]ᵀ·H_L with K = steps·batch), or one product per time step (xᵀ·dz0 with 1ᵀ·dz0 reusing dz0's
// packing, and duᵀ·h_L), or per step with the wide operand transposed instead of packed (dz0ᵀ·[x 1 τ], h_Lᵀ·du).
// Every product's wide operand is fresh (a new buffer, as a gradient or an activation is in the rollout, so XNNPACK
// packs it; the copies that make it fresh are timed on their own in the first row, to subtract). CPU time (user +
// system) per training step's worth of work, median of --rounds rounds after one warm-up, every tensor freed after
// each round. Shapes: 100 time steps, batch 512, dimension --dim, hidden width --width. See docs/speed.md.
//
//   npx tsx benchmarks/speed/first-layer-gradient.ts [--dim 16] [--width 128] [--rounds 5]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { swapLastAxesTf as swap, tf, useBackend } from '@ratedistortion/core';

const { values } = parseArgs({
  options: {
    dim: { type: 'string', default: '16' },
    width: { type: 'string', default: '128' },
    rounds: { type: 'string', default: '5' },
  },
  strict: true,
});
const d = Number(values.dim);
const width = Number(values.width);
const rounds = Number(values.rounds);
for (const [name, v] of [
  ['dim', d],
  ['width', width],
  ['rounds', rounds],
] as const)
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
await useBackend('wasm');
const n = 512;
const steps = 100;
type T3 = tf.Tensor3D;
const normal = (shape: [number, number, number], seed: number): T3 =>
  tf.randomNormal(shape, 0, 1, 'float32', seed) as T3;
const x = Array.from({ length: steps }, (_, i) => normal([1, n, d], i));
const xT = x.map((t) => swap(t) as T3);
const dz = Array.from({ length: steps }, (_, i) => normal([1, n, width], 1000 + i));
const hL = Array.from({ length: steps }, (_, i) => normal([1, n, width], 2000 + i));
const du = Array.from({ length: steps }, (_, i) => normal([1, n, d], 3000 + i));
const onesN = tf.ones([1, 1, n]) as T3;
const fresh = (t: T3): T3 => tf.add(t, 0) as T3;

/** CPU milliseconds of f, median over the rounds after one warm-up; f's tensors are freed after each call. */
function cpuMs(f: () => void): number {
  tf.tidy(f);
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    tf.tidy(f);
    const used = process.cpuUsage(start);
    per.push((used.user + used.system) / 1000);
  }
  return per.sort((a, b) => a - b)[rounds >> 1];
}

const rows: [string, number][] = [
  [`${steps} fresh copies of dz (included in every row below)`, cpuMs(() => dz.map(fresh))],
  [
    'layer 0, stacked: [Xᵀ; 1; τ]·DZ0 (K = steps·batch)',
    cpuMs(() => {
      const stackedT = swap(tf.concat(x, 1)) as T3;
      const ones = tf.ones([1, 2, steps * n]);
      tf.matMul(tf.concat([stackedT, ones], 1) as T3, tf.concat(dz.map(fresh), 1) as T3);
    }),
  ],
  [
    'layer 0, per step: xᵀ·dz0 and 1ᵀ·dz0 (the chosen form)',
    cpuMs(() =>
      dz.forEach((t, i) => {
        const f = fresh(t);
        tf.matMul(xT[i], f);
        tf.matMul(onesN, f);
      }),
    ),
  ],
  [
    'layer 0, per step transposed: dz0ᵀ·[x 1 τ]',
    cpuMs(() =>
      dz.forEach((t, i) => {
        tf.matMul(swap(fresh(t)) as T3, tf.concat([x[i], tf.ones([1, n, 2])], 2) as T3);
      }),
    ),
  ],
  [
    'heads, stacked: DUᵀ·H_L (K = steps·batch)',
    cpuMs(() => {
      tf.matMul(swap(tf.concat(du, 1)) as T3, tf.concat(hL.map(fresh), 1) as T3);
    }),
  ],
  [
    'heads, per step: duᵀ·h_L (the chosen form)',
    cpuMs(() =>
      hL.forEach((t, i) => {
        tf.matMul(swap(du[i]) as T3, fresh(t));
      }),
    ),
  ],
  [
    'heads, per step transposed: h_Lᵀ·du',
    cpuMs(() =>
      hL.forEach((t, i) => {
        tf.matMul(swap(fresh(t)) as T3, du[i]);
      }),
    ),
  ],
];
console.log(
  `wasm, d = ${d}, width ${width}, ${new Date().toISOString()}, load ${loadavg()[0].toFixed(2)}; CPU ms per training step's worth, median of ${rounds} rounds`,
);
for (const [name, ms] of rows) console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
tf.dispose([...x, ...xT, ...dz, ...hL, ...du, onesN]);
