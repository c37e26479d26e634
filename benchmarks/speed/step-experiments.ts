// What each change to the library's gradient rules bought (docs/speed.md, "Measured changes"): times R2D2
// training steps (d = 1 by default, batch 512, 100 Euler steps, MLP 2×128, Gaussian entropy, wasm) under a
// sequence of gradient registrations, each variant adding one change to the previous one, and checks that
// every variant gives the same losses as the first to float32 round-off. The variants are registered in this
// process only; the last one is what the library registers on import. Variants run interleaved (A B C … A B C
// …, --rounds times) so a change of machine load hits all of them alike; the first step of each run is not
// timed (kernel set-up).
//   0. the rules of the previous round: explicit-transpose matMul gradient that always transposes the
//      flagged operands, the ones·dy bias reduction of Add, tfjs's stock LeakyRelu gradient (Greater + Select);
//   1. + LeakyRelu gradient as dy·step(x, alpha) (./packages/core/src/backend/leaky-relu-gradient.ts);
//   2. + matMul gradient picking the cheaper transposition, e.g. (duᵀ·h)ᵀ for the output layer
//      (./packages/core/src/backend/matmul-gradient.ts);
//   3. + controller layers as core's denseTf: one fused matMul + bias + PReLU kernel forward and a
//      hand-written backward (./packages/core/src/nn/dense.ts); variants 0–2 run with useFusedDense(false);
//   4. + 2-D transposes as a JavaScript loop on the wasm heap (./packages/core/src/backend/wasm-transpose.ts);
//      variants 0–3 run with useWasmHeapTranspose(false).
//
//   npx tsx benchmarks/speed/step-experiments.ts [--dim 1] [--steps 8] [--rounds 3] [--hidden 128,128]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import {
  explicitTransposeMatMulGradConfig,
  stepLeakyReluGradConfig,
  tf,
  useBackend,
  useFusedDense,
  useWasmHeapTranspose,
} from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { standardGaussianSpec } from './standard-gaussian-spec.js';

const { values } = parseArgs({
  options: {
    dim: { type: 'string', default: '1' },
    steps: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    hidden: { type: 'string', default: '128,128' },
  },
  strict: true,
});
const d = Number(values.dim);
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const hidden = values.hidden.split(',').map(Number);
if (!Number.isInteger(d) || d < 1 || !Number.isInteger(steps) || steps < 2 || !Number.isInteger(rounds) || rounds < 1) {
  throw new Error('--dim >= 1, --steps >= 2 and --rounds >= 1 must be integers');
}
await useBackend('wasm');
const spec = standardGaussianSpec(d);

/** The previous round's matMul rule: transpose exactly the operands the product formula flags. */
function swapLast(t: tf.Tensor): tf.Tensor {
  const r = t.rank;
  const perm = Array.from({ length: r }, (_, i) => i);
  [perm[r - 2], perm[r - 1]] = [r - 1, r - 2];
  return tf.transpose(t, perm);
}
const plain = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, false, false);
const alwaysTransposeMatMul: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const g = dy as tf.Tensor;
    if (!transposeA && !transposeB) return { a: () => plain(g, swapLast(b)), b: () => plain(swapLast(a), g) };
    if (!transposeA && transposeB) return { a: () => plain(g, b), b: () => plain(swapLast(g), a) };
    if (transposeA && !transposeB) return { a: () => plain(b, swapLast(g)), b: () => plain(a, g) };
    return { a: () => plain(swapLast(b), swapLast(g)), b: () => plain(swapLast(g), swapLast(a)) };
  },
};

/** tfjs-core 4.22's own LeakyRelu rule (dist/gradients/LeakyRelu_grad.js), restated: benchmarks see tfjs only through core. */
const leakyReluGradConfig: tf.GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as { alpha: number };
    return { x: () => tf.where(tf.greater(x, 0), dy as tf.Tensor, tf.mul(dy as tf.Tensor, alpha)) };
  },
};

interface Variant {
  name: string;
  configs: tf.GradConfig[];
  fused?: boolean;
  heapTranspose?: boolean;
}
const variants: Variant[] = [
  { name: '0 previous rules', configs: [alwaysTransposeMatMul, leakyReluGradConfig] },
  { name: '1 + LeakyRelu as dy·step', configs: [alwaysTransposeMatMul, stepLeakyReluGradConfig] },
  { name: '2 + cheaper matMul transposes', configs: [explicitTransposeMatMulGradConfig, stepLeakyReluGradConfig] },
  {
    name: '3 + fused denseTf layers',
    configs: [explicitTransposeMatMulGradConfig, stepLeakyReluGradConfig],
    fused: true,
  },
  {
    name: '4 + wasm heap transpose',
    configs: [explicitTransposeMatMulGradConfig, stepLeakyReluGradConfig],
    fused: true,
    heapTranspose: true,
  },
];

async function run(v: Variant): Promise<{ seconds: number[]; cpu: number[]; losses: number[] }> {
  for (const c of v.configs) tf.registerGradient(c);
  useFusedDense(v.fused ?? false);
  useWasmHeapTranspose(v.heapTranspose ?? false);
  const est = new R2D2(sourceFromSpec(spec), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 512,
    dt: 0.01,
    hidden,
    entropy: 'gaussian',
    seed: 4,
    noise: 'fixed',
    init: 'zero',
  });
  const seconds: number[] = [];
  const cpu: number[] = [];
  const losses: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await est.train({ steps: 1 });
      const c = process.cpuUsage(c0);
      if (i > 0) {
        seconds.push((performance.now() - t0) / 1000);
        cpu.push((c.user + c.system) / 1e6);
      }
      losses.push(r.lastLoss);
    }
  } finally {
    est.dispose();
    tf.registerGradient(explicitTransposeMatMulGradConfig);
    tf.registerGradient(stepLeakyReluGradConfig);
    useFusedDense(true);
    useWasmHeapTranspose(true);
  }
  return { seconds, cpu, losses };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const seconds = variants.map(() => [] as number[]);
const cpu = variants.map(() => [] as number[]);
const losses: number[][] = [];
const load = [loadavg()[0]];
for (let r = 0; r < rounds; r++) {
  for (let v = 0; v < variants.length; v++) {
    const out = await run(variants[v]);
    seconds[v].push(...out.seconds);
    cpu[v].push(...out.cpu);
    if (r === 0) losses.push(out.losses);
  }
  load.push(loadavg()[0]);
}
console.log(
  `d = ${d}, wasm, batch 512, 100 Euler steps, MLP ${hidden.join('×')}, Gaussian entropy; ${rounds} × ${steps - 1} timed steps per variant; load ${load.map((x) => x.toFixed(2)).join(' → ')}`,
);
// Process CPU time (user + system) is reported beside wall time: on an oversubscribed machine it is the
// steadier measure of the work a step does (wall time also counts the time other processes hold the core).
const base = median(seconds[0]);
const baseCpu = median(cpu[0]);
variants.forEach((v, i) => {
  const maxRel = Math.max(...losses[0].map((l, k) => Math.abs(l - losses[i][k]) / Math.abs(l)));
  console.log(
    `${v.name.padEnd(34)} wall ${median(seconds[i]).toFixed(3)} s/step (${(base / median(seconds[i])).toFixed(2)}×)  cpu ${median(cpu[i]).toFixed(3)} s/step (${(baseCpu / median(cpu[i])).toFixed(2)}×)  max rel. loss diff ${maxRel.toExponential(2)}`,
  );
});
