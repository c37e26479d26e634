// Time-to-accuracy sweep for (b) of issue 6 (docs/speed.md): trains R2D2 on N(0, 1) with one setting per
// run and reports the training seconds (evaluation excluded) until the median |ΔR| over eps ∈ {0.05, …, 0.95}
// drops to <= --target, checked every --every steps on 2 × 4096 fresh samples per eps — the same protocol as
// run.ts's (b). Each setting is given as name=value pairs separated by ';' (keys: dt, scheme, hidden, lr,
// batch, seed), e.g.
//
//   npx tsx benchmarks/speed/tta-sweep.ts --settings 'dt=0.1;scheme=sra1;hidden=64;lr=0.003' --settings 'dt=0.01'
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { useBackend, type SdeScheme } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';

const { values } = parseArgs({
  options: {
    settings: { type: 'string', multiple: true, default: ['dt=0.01'] },
    every: { type: 'string', default: '10' },
    target: { type: 'string', default: '0.02' },
    cap: { type: 'string', default: '60' },
  },
  strict: true,
});
await useBackend('wasm');
const EPS_GRID = Array.from({ length: 10 }, (_, i) => 0.05 + 0.1 * i);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const every = Number(values.every);
const target = Number(values.target);
const cap = Number(values.cap);
for (const setting of values.settings) {
  const kv = Object.fromEntries(setting.split(';').map((p) => p.split('=') as [string, string]));
  const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.025,
    epsMax: 0.975,
    entropy: 'gaussian',
    dt: Number(kv.dt ?? 0.01),
    scheme: (kv.scheme ?? 'euler-maruyama') as SdeScheme,
    hidden: (kv.hidden ?? '128').split(',').map(Number),
    learningRate: Number(kv.lr ?? 1e-3),
    batchSize: Number(kv.batch ?? 512),
    seed: Number(kv.seed ?? 11),
    noise: 'fixed',
    init: 'zero', // the paper's Alg. 1, as run.ts: a Gaussian warm start would begin at the optimum
  });
  let seconds = 0;
  let step = 0;
  let reached = '';
  const trail: string[] = [];
  while (seconds <= cap) {
    const t0 = performance.now();
    await est.train({ steps: every });
    seconds += (performance.now() - t0) / 1000;
    step += every;
    const pts = est.curve(EPS_GRID, { batches: 2, batchSize: 4096 });
    const err = median(pts.map((p) => Math.abs(p.rate - 0.5 * Math.log(1 / (2 * p.distortion)))));
    trail.push(err.toFixed(3));
    if (err <= target) {
      reached = `reached at step ${step}, ${seconds.toFixed(2)} s (|ΔR| ${err.toFixed(4)})`;
      break;
    }
  }
  est.dispose();
  console.log(
    `${setting.padEnd(48)} ${reached || `not reached in ${seconds.toFixed(1)} s (${step} steps)`}; ${(seconds / step).toFixed(4)} s/step; load ${loadavg()[0].toFixed(2)}; trail ${trail.join(' ')}`,
  );
}
