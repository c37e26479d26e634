// Where a training step of ours spends its time: runs a few R2D2 steps under tf.profile and prints, per kernel
// name, the number of launches and the summed kernel time (wall time measured by tfjs around each kernel, so it
// includes the per-op dispatch inside the backend but not the JS graph bookkeeping of tf.variableGrads), next to
// the step's total wall time. Use `node --cpu-prof` on top of it for the JS side (see docs/speed.md).
//
//   npx tsx benchmarks/speed/profile.ts [--dim 1] [--steps 3] [--backend wasm] [--hidden 128,128] [--entropy gaussian]
import { parseArgs } from 'node:util';
import { currentBackend, tf, useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { standardGaussianSpec } from './standard-gaussian-spec.js';

const { values } = parseArgs({
  options: {
    dim: { type: 'string', default: '1' },
    steps: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    hidden: { type: 'string', default: '128,128' },
    entropy: { type: 'string', default: 'gaussian' },
    'no-kernel-profile': { type: 'boolean', default: false },
  },
  strict: true,
});
const d = Number(values.dim);
const steps = Number(values.steps);
if (!Number.isInteger(d) || d < 1 || !Number.isInteger(steps) || steps < 1)
  throw new Error('--dim and --steps must be positive integers');
if (values.backend !== 'cpu' && values.backend !== 'wasm')
  throw new Error(`--backend must be cpu or wasm, got ${values.backend}`);
await useBackend(values.backend);
const spec = standardGaussianSpec(d);
const est = new R2D2(sourceFromSpec(spec), {
  epsMin: 0.025,
  epsMax: 0.975,
  batchSize: 512,
  dt: 0.01,
  hidden: values.hidden.split(',').map(Number),
  entropy: values.entropy as 'gaussian',
  seed: 1,
  noise: 'fixed',
  init: 'zero', // the paper's Alg. 1, as run.ts (the defaults would pick the controlled chain here)
});
await est.train({ steps: 2 });
const t0 = performance.now();
await est.train({ steps });
const plain = (performance.now() - t0) / 1000 / steps;
console.log(`backend ${currentBackend()}, d = ${d}: ${plain.toFixed(3)} s per step without profiling`);
if (!values['no-kernel-profile']) {
  const t1 = performance.now();
  const info = await tf.profile(async () => {
    await est.train({ steps });
  });
  const wall = (performance.now() - t1) / 1000 / steps;
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, e);
  }
  const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
  console.log(
    `under tf.profile: ${wall.toFixed(3)} s per step, kernel time ${(total / 1000).toFixed(3)} s per step, ${(info.kernels.length / steps).toFixed(0)} kernels per step`,
  );
  console.log('kernel                      launches/step   ms/step   share of kernel time');
  for (const [name, e] of rows.slice(0, 20)) {
    console.log(
      `${name.padEnd(28)}${(e.count / steps).toFixed(0).padStart(13)}  ${(e.ms / steps).toFixed(1).padStart(8)}  ${((100 * e.ms) / steps / total).toFixed(1).padStart(6)}%`,
    );
  }
}
est.dispose();
