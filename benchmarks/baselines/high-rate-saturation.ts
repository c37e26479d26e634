// Remark 4.1 of Freirich & Weinberger (paper Fig. 5 right), NERD part: NERD's rate read-out for one source point is
// R̂_i = log M − H(w_i·) (w the tilted weights over the M generated points), so it can never exceed log M however
// the generator is trained. Source: the 33-dim Gaussian of benchmarks/r2d2/high-rate.ts, λ_i = 10^(−i/32), where
// for eps below 0.1 every direction is active and R(eps) = Σ ½ log(λ_i/eps) — 30.4 nats at eps = 0.05, 57 at 0.01.
//
// Two rows per (eps, M):
//   'optimal Q'  — the read-out of the exact optimal reconstruction law Q* = N(0, diag(λ − eps)), sampled M times
//                  (no training: the best any NERD generator can do with M points);
//   'trained'    — a NERD model trained for --steps steps with M generated points per step.
//
//   npx tsx benchmarks/baselines/high-rate-saturation.ts [--steps 100] [--m 1000,10000] [--eps 0.05,0.01]
//        [--eval-batches 2] [--eval-batch-size 500] [--backend wasm|cpu] [--seed 0]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Random, currentBackend, useBackend } from '@ratedistortion/core';
import { reverseWaterFilling } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { NERD, nerdReadout } from '@ratedistortion/estimators/nerd';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '100' },
    m: { type: 'string', default: '1000,10000' },
    eps: { type: 'string', default: '0.05,0.01' },
    'eval-batches': { type: 'string', default: '2' },
    'eval-batch-size': { type: 'string', default: '500' },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string', default: '0' },
  },
  strict: true,
});
const list = (s: string) => s.split(',').map(Number);
const steps = Number(values.steps);
const ms = list(String(values.m));
const epsList = list(String(values.eps));
const evalBatches = Number(values['eval-batches']);
const evalBatchSize = Number(values['eval-batch-size']);
const seed = Number(values.seed);
if (values.backend !== 'wasm' && values.backend !== 'cpu') throw new Error('--backend must be wasm or cpu');
await useBackend(values.backend);

const dim = 33;
const lambdas = Array.from({ length: dim }, (_, i) => 10 ** (-i / 32));
const covariance = lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)));
const source = sourceFromSpec({ kind: 'gaussian', covariance });

interface Row {
  model: string;
  eps: number;
  m: number;
  rate: number;
  logM: number;
  exactRate: number;
  distortion: number;
  exactDistortion: number;
  trainSeconds: number;
}
const rows: Row[] = [];
for (const eps of epsList) {
  const exact = reverseWaterFilling(lambdas, eps);
  for (const m of ms) {
    const rng = new Random(seed + 17);
    const rates: number[] = [];
    const dists: number[] = [];
    for (let b = 0; b < evalBatches; b++) {
      const x = source.sample(evalBatchSize, rng);
      const y = new Float64Array(m * dim);
      for (let j = 0; j < m; j++)
        for (let k = 0; k < dim; k++) y[j * dim + k] = Math.sqrt(Math.max(lambdas[k] - eps, 0)) * rng.normal();
      const r = nerdReadout(x, { data: y, dim }, eps);
      rates.push(r.rate);
      dists.push(r.distortion);
    }
    const mean = (v: number[]) => v.reduce((a, c) => a + c, 0) / v.length;
    rows.push({
      model: 'optimal Q',
      eps,
      m,
      rate: mean(rates),
      logM: Math.log(m),
      exactRate: exact.rate,
      distortion: mean(dists),
      exactDistortion: exact.distortion,
      trainSeconds: 0,
    });
    console.log(
      `optimal Q, eps ${eps}, M ${m}: R̂ = ${mean(rates).toFixed(3)} nats (log M = ${Math.log(m).toFixed(3)}, R = ${exact.rate.toFixed(3)})`,
    );

    if (steps > 0) {
      const est = new NERD(source, { eps, ySamples: m, evalYSamples: m, seed });
      const res = await est.train({ steps });
      const p = est.evaluate(eps, { batches: evalBatches, batchSize: evalBatchSize });
      est.dispose();
      rows.push({
        model: `trained (${steps} steps)`,
        eps,
        m,
        rate: p.rate,
        logM: Math.log(m),
        exactRate: exact.rate,
        distortion: p.distortion,
        exactDistortion: exact.distortion,
        trainSeconds: res.seconds,
      });
      console.log(
        `trained,   eps ${eps}, M ${m}: R̂ = ${p.rate.toFixed(3)} nats, D̂ = ${p.distortion.toFixed(3)} (${res.seconds.toFixed(1)} s)`,
      );
    }
  }
}

const headers = ['model', 'eps', 'M', 'R̂ (nats)', 'log M', 'R(eps)', 'D̂', 'D(eps)', 'train s'];
const cells = rows.map((r) => [
  r.model,
  String(r.eps),
  String(r.m),
  r.rate.toFixed(3),
  r.logM.toFixed(3),
  r.exactRate.toFixed(3),
  r.distortion.toFixed(4),
  r.exactDistortion.toFixed(4),
  r.trainSeconds.toFixed(1),
]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c: string[]) => c.map((x, i) => x.padStart(widths[i])).join('  ');
console.log(`\nNERD rate saturation, 33-dim Gaussian (λ from 1 to 0.1), backend ${currentBackend()}`);
console.log([line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n'));
const violations = rows.filter((r) => r.rate > r.logM + 1e-9);
if (violations.length > 0) throw new Error(`read-out above log M in ${violations.length} rows`);

const file = join(here, '../results/nerd-high-rate-saturation.json');
writeBenchmarkResult(
  file,
  'nerd-high-rate-saturation',
  {
    settings: {
      steps,
      m: ms,
      eps: epsList,
      evalBatches,
      evalBatchSize,
      seed,
      backend: currentBackend(),
      dim,
      eigenvalues: lambdas,
    },
    units: 'nats, D = ½E‖X−X̂‖²',
    rows,
  },
  currentBackend(),
);
console.log(`wrote ${file}`);
