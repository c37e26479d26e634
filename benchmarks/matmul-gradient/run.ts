// Before/after timing of the BatchMatMul gradient fix on the wasm backend.
//
// Workload: one R2D2-style training step — a 2×128 MLP controller u_θ(x, t) (leaky-ReLU), an Euler–Maruyama
// rollout of batch 512 over 100 steps in d = 1, the TEC loss (control energy + eps·Gaussian plug-in entropy)
// and an Adam update — timed with tfjs's stock BatchMatMul gradient (transposed matMuls) and with the
// library's explicit-transpose gradient. Each variant gets warm-up steps, then the median of the measured
// steps is reported. Both variants start from the same weights and the same noise, and the losses of their
// first steps are compared to show that the fix changes speed, not results.
//
// Usage: npx tsx benchmarks/matmul-gradient/run.ts [--steps 5] [--warmup 1] [--backend wasm]
// Writes benchmarks/results/matmul-gradient.json.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
// Concept subpaths rather than the package root: the benchmark needs only these folders.
import { tf, useBackend, useMatMulGradient, type MatMulGradientKind } from '@ratedistortion/core/backend';
import { createMlp } from '@ratedistortion/core/nn';
import { Random } from '@ratedistortion/core/random';
import { solveSdeTf, uniformGrid } from '@ratedistortion/core/sde';
import { tecLossTf, type TerminalEntropyEstimator } from '@ratedistortion/core/tec';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const measured = Number(arg('steps', '5'));
const warmup = Number(arg('warmup', '1'));
const backend = arg('backend', 'wasm') as 'wasm' | 'cpu';
const BATCH = 512,
  STEPS = 100,
  DIM = 1,
  HIDDEN = [128, 128],
  EPS = 0.25;

const gaussianEntropy: TerminalEntropyEstimator = {
  entropyTf: (x) =>
    tf.tidy(() => tf.mul(0.5, tf.log(tf.mul(2 * Math.PI * Math.E, tf.moments(x).variance))) as tf.Scalar),
};

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timeVariant(kind: MatMulGradientKind) {
  useMatMulGradient(kind);
  const mlp = createMlp({ inputDim: DIM + 1, hidden: HIDDEN, outputDim: DIM, rng: new Random(1) });
  const optimizer = tf.train.adam(1e-3);
  const grid = uniformGrid(STEPS);
  const x0Data = new Float32Array(BATCH * DIM);
  const dataRng = new Random(2);
  for (let i = 0; i < x0Data.length; i++) x0Data[i] = dataRng.normal();
  const x0 = tf.tensor2d(x0Data, [BATCH, DIM]);
  const noiseRng = new Random(3);
  const drift = (x: tf.Tensor2D, t: number) => mlp.apply(tf.concat([x, tf.fill([x.shape[0], 1], t)], 1) as tf.Tensor2D);
  const times: number[] = [];
  const losses: number[] = [];
  for (let s = 0; s < warmup + measured; s++) {
    const t0 = performance.now();
    const loss = optimizer.minimize(
      () => {
        const { x1, drifts } = solveSdeTf({
          drift,
          x0,
          sigma: Math.sqrt(EPS),
          grid,
          rng: noiseRng,
          checkFinite: false,
        });
        return tecLossTf({ drifts, grid, x1, eps: EPS, entropy: gaussianEntropy }).loss;
      },
      true,
      mlp.params,
    );
    const value = (await loss!.data())[0];
    loss!.dispose();
    const ms = performance.now() - t0;
    losses.push(value);
    if (s >= warmup) times.push(ms);
    process.stdout.write(
      `  ${kind.padEnd(18)} step ${s + 1}/${warmup + measured}${s < warmup ? ' (warm-up)' : ''}: ${ms.toFixed(0)} ms, loss ${value.toFixed(5)}\n`,
    );
  }
  optimizer.dispose();
  mlp.dispose();
  x0.dispose();
  return { kind, medianMs: median(times), stepsMs: times, losses };
}

const name = await useBackend(backend);
const stock = await timeVariant('stock');
const fixed = await timeVariant('explicit-transpose');
useMatMulGradient('explicit-transpose');

const result = {
  description:
    'One training step (EM rollout, batch 512, 100 steps, d = 1, 2×128 MLP controller, TEC loss, Adam): stock vs explicit-transpose BatchMatMul gradient',
  config: { batch: BATCH, steps: STEPS, dim: DIM, hidden: HIDDEN, eps: EPS, warmup, measured },
  stock: { medianMs: stock.medianMs, stepsMs: stock.stepsMs },
  explicitTranspose: { medianMs: fixed.medianMs, stepsMs: fixed.stepsMs },
  speedup: stock.medianMs / fixed.medianMs,
  // Same weights and noise: the first-step losses agree to float32 rounding.
  firstStepLoss: { stock: stock.losses[0], explicitTranspose: fixed.losses[0] },
  maxLossDifference: Math.max(...stock.losses.map((l, i) => Math.abs(l - fixed.losses[i]))),
};

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'matmul-gradient.json');
writeBenchmarkResult(out, 'matmul-gradient', result, name);

console.log(`\nBatchMatMul gradient on ${name} — median of ${measured} training steps (after ${warmup} warm-up):`);
console.log('| gradient            | median step (ms) |');
console.log('| ------------------- | ---------------- |');
console.log(`| stock (transposed)  | ${stock.medianMs.toFixed(0).padStart(16)} |`);
console.log(`| explicit transpose  | ${fixed.medianMs.toFixed(0).padStart(16)} |`);
console.log(
  `speed-up ×${result.speedup.toFixed(2)}; max |loss difference| over the steps ${result.maxLossDifference.toExponential(2)}`,
);
console.log(`wrote ${out}`);
