// Peak memory of one R2D2 training step at the paper's fig5 configuration (App. E.2 "Cifar10 dataset": d = 16, 3
// hidden layers of 1024, Δt = 1/128, batch 256; noise-controlled chain, the larger of the two chains' rollouts, which
// `noise: 'auto'` picks for CIFAR patches, whose smallest principal variances are below epsMax) on the wasm backend,
// with the rollout checkpointed or not (issue 16 item 3). The source is N(0, I₁₆): memory does not depend on the data.
// Reports the segment length R2D2 chose for `--memory-budget`, the estimate of the rollout's bytes
// (rollout-memory.ts), tf.profile's peak tensor bytes of the second step above what was live before it, and the
// process's peak resident set (VmHWM, which includes the wasm heap, never returned to the OS).
//   npx tsx benchmarks/r2d2/fig5-memory.ts [--memory-budget BYTES] [--steps 2]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { tf, useBackend, type Random } from '@ratedistortion/core';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import {
  fusedRolloutBackwardBytes,
  fusedRolloutBytes,
  fusedRolloutForwardBytes,
  type RolloutMemoryShape,
} from '../../packages/estimators/src/r2d2/rollout-memory.js';

const { values } = parseArgs({
  options: { 'memory-budget': { type: 'string', default: String(2 ** 30) }, steps: { type: 'string', default: '2' } },
  strict: true,
});
const budget = Number(values['memory-budget']);
const steps = Number(values.steps);
if (!(budget > 0)) throw new Error('--memory-budget must be a positive number of bytes');
if (!Number.isInteger(steps) || steps < 2) throw new Error('--steps must be an integer ≥ 2');
await useBackend('wasm');
const dim = 16;
const source = {
  dim,
  sample: (n: number, rng: Random) => ({ n, dim, data: rng.fillNormal(new Float64Array(n * dim)) }),
};
const hidden = [1024, 1024, 1024];
const est = new R2D2(source, {
  epsMin: 5e-4,
  epsMax: 0.026,
  hidden,
  dt: 1 / 128,
  batchSize: 256,
  learningRate: 2.5e-4,
  entropy: 'gaussian',
  noise: 'controlled',
  memoryBudget: budget,
  seed: 0,
});
const vm = (key: string) =>
  Number(
    /(\d+) kB/.exec(
      readFileSync('/proc/self/status', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(key)) ?? '',
    )?.[1] ?? NaN,
  ) * 1024;
const shape: RolloutMemoryShape = {
  batch: 256,
  dim,
  hidden,
  controlled: true,
  gaussian: true,
  scheme: 'euler-maruyama',
  fused: true,
};
const estimate = fusedRolloutBytes(shape, est.segmentSteps, 128);
// The two moments the estimate compares: the unsegmented forward pass handing its records to the tape, and the
// backward pass with segments of segmentSteps.
const forwardEstimate = est.segmentSteps >= 128 ? fusedRolloutForwardBytes(shape, 128) : null;
const backwardEstimate = fusedRolloutBackwardBytes(shape, est.segmentSteps, 128);
const t0 = performance.now();
await est.train({ steps: steps - 1 });
const before = tf.memory().numBytes;
const p = await tf.profile(async () => {
  await est.train({ steps: 1 });
});
const seconds = (performance.now() - t0) / 1000 / steps;
const MiB = 2 ** 20;
console.log(
  JSON.stringify({
    memoryBudgetMiB: budget / MiB,
    segmentSteps: est.segmentSteps,
    estimateMiB: +(estimate / MiB).toFixed(1),
    forwardEstimateMiB: forwardEstimate === null ? null : +(forwardEstimate / MiB).toFixed(1),
    backwardEstimateMiB: +(backwardEstimate / MiB).toFixed(1),
    stepPeakAboveLiveMiB: +((p.peakBytes - before) / MiB).toFixed(1),
    liveBeforeStepMiB: +(before / MiB).toFixed(1),
    peakRssMiB: +(vm('VmHWM:') / MiB).toFixed(0),
    wallSecondsPerStep: +seconds.toFixed(1),
    load: loadavg()[0].toFixed(2),
    utc: new Date().toISOString(),
  }),
);
est.dispose();
