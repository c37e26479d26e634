// What tfjs-wasm's matrix products cost at the shapes of an R2D2 training step (d = 1, batch 512, 2×128), and how
// much of it is packing: tfjs-wasm packs the `b` operand into an XNNPACK operator cached by b's buffer, so a product
// whose `b` is a fresh tensor (a gradient, a new activation) pays the operator's creation and packing, one whose
// `b` was used before (a weight) does not. CPU time (user + system) per call, median of --rounds rounds of --reps
// calls each, so that the figures hold on a loaded machine. See docs/speed.md, "Where our step goes".
//
//   npx tsx benchmarks/speed/matmul-costs.ts [--reps 200] [--rounds 3]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { tf, useBackend } from '@ratedistortion/core';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } },
  strict: true,
});
const reps = Number(values.reps);
const rounds = Number(values.rounds);
if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(rounds) || rounds < 1)
  throw new Error('--reps and --rounds must be positive integers');
await useBackend('wasm');
const normal = (shape: [number, number], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor2D;
const x = normal([512, 1], 1);
const h = normal([512, 128], 2);
const hT = normal([128, 512], 3);
const dz = normal([512, 128], 4);
const w = normal([128, 128], 5);
const ones = tf.ones([1, 512]) as tf.Tensor2D;

/** CPU milliseconds per call of f, median over the rounds. */
function cpuMs(f: () => void): number {
  for (let i = 0; i < 20; i++) f();
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < reps; i++) f();
    const used = process.cpuUsage(start);
    per.push((used.user + used.system) / 1000 / reps);
  }
  return per.sort((a, b) => a - b)[Math.floor(per.length / 2)];
}
/** A row: `run` once per call; for a fresh operand, `copy` alone is timed too and subtracted. */
interface Row {
  name: string;
  run: () => void;
  copy?: () => void;
}
/** f on a fresh copy of t at every call (what a gradient or an activation is). */
const fresh = (name: string, t: tf.Tensor2D, f: (copy: tf.Tensor2D) => tf.Tensor): Row => ({
  name,
  run: () => {
    const copy = tf.add(t, 0) as tf.Tensor2D;
    f(copy).dispose();
    copy.dispose();
  },
  copy: () => tf.add(t, 0).dispose(),
});
const rows: Row[] = [
  { name: 'ones[1, 512]·dz[512, 128], dz used before', run: () => tf.matMul(ones, dz).dispose() },
  fresh('ones[1, 512]·dz[512, 128], dz fresh', dz, (c) => tf.matMul(ones, c)),
  fresh('xᵀ[1, 512]·dz[512, 128], dz fresh (dW, first layer)', dz, (c) => tf.matMul(tf.reshape(x, [1, 512]), c)),
  { name: 'hᵀ[128, 512]·dz[512, 128], dz used before', run: () => tf.matMul(hT, dz).dispose() },
  fresh('hᵀ[128, 512]·dz[512, 128], dz fresh (dW, hidden layer)', dz, (c) => tf.matMul(hT, c)),
  { name: 'dz[512, 128]·Wᵀ[128, 128], Wᵀ used before (dx, prepared)', run: () => tf.matMul(dz, w).dispose() },
  fresh('dz[512, 128]·Wᵀ[128, 128], Wᵀ fresh (dx, transposed per call)', w, (c) => tf.matMul(dz, c)),
  { name: 'transpose of h[512, 128] (hᵀ for dW, hidden layer)', run: () => tf.transpose(h).dispose() },
];
console.log(`CPU ms per call, median of ${rounds} × ${reps} (1-minute load ${loadavg()[0].toFixed(1)}):`);
for (const row of rows) {
  const ms = cpuMs(row.run) - (row.copy ? cpuMs(row.copy) : 0);
  console.log(`${row.name.padEnd(66)}${ms.toFixed(4)}`);
}
tf.dispose([x, h, hT, dz, w, ones]);
