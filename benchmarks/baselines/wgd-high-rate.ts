// WGD at high rate (paper Fig. 5 right, Remark 4.1): with n particles of uniform weight, WGD's rate read-out
// KL(π ‖ μ⊗ν) = E Σ_j π(j|x) log(π(j|x)/ν_j) can never exceed log n, however the particles are placed. Source:
// the 33-dim Gaussian of benchmarks/r2d2/high-rate.ts, λ_i = 10^(−i/32), where for eps < 0.1 every direction is
// active and R(eps) = Σ ½ log(λ_i/eps): 30.4 nats at eps = 0.05, 57 at 0.01.
//
// Two rows per (eps, n):
//   'optimal ν'  — the read-out of n particles drawn from the exact optimal reconstruction law N(0, diag(λ − eps))
//                  (no training: the best a WGD particle set of that size can be expected to do);
//   'trained'    — WGD trained for --steps steps (batches of --batch, lr = --lr-factor·eps, inv-sqrt decay).
//
//   npx tsx benchmarks/baselines/wgd-high-rate.ts [--steps 100] [--n 100,1000] [--eps 0.05,0.01] [--batch 1024]
//        [--lr-factor 0.2] [--eval-batches 2] [--eval-batch-size 1024] [--seed 0]
import { parseArgs } from 'node:util';
import { Random } from '@ratedistortion/core';
import { reverseWaterFilling } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { WGD, baFunctional } from '@ratedistortion/estimators/wgd';
import { list, positiveInt, table, writeResult } from './wgd-common.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '100' },
    n: { type: 'string', default: '100,1000' },
    eps: { type: 'string', default: '0.05,0.01' },
    batch: { type: 'string', default: '1024' },
    'lr-factor': { type: 'string', default: '0.2' },
    'eval-batches': { type: 'string', default: '2' },
    'eval-batch-size': { type: 'string', default: '1024' },
    seed: { type: 'string', default: '0' },
  },
  strict: true,
});
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 0) throw new Error('--steps must be an integer >= 0');
const ns = list(String(values.n));
const epsList = list(String(values.eps));
const batch = positiveInt(String(values.batch), 'batch');
const lrFactor = Number(values['lr-factor']);
const evalBatches = positiveInt(String(values['eval-batches']), 'eval-batches');
const evalBatchSize = positiveInt(String(values['eval-batch-size']), 'eval-batch-size');
const seed = Number(values.seed);

const dim = 33;
const lambdas = Array.from({ length: dim }, (_, i) => 10 ** (-i / 32));
const covariance = lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)));
const source = sourceFromSpec({ kind: 'gaussian', covariance });

interface Row {
  model: string;
  eps: number;
  n: number;
  rate: number;
  logN: number;
  exactRate: number;
  distortion: number;
  exactDistortion: number;
  trainSeconds: number;
}
const rows: Row[] = [];
const mean = (v: number[]) => v.reduce((a, c) => a + c, 0) / v.length;
for (const eps of epsList) {
  const exact = reverseWaterFilling(lambdas, eps);
  for (const n of ns) {
    const rng = new Random(seed + 17);
    const points = new Float64Array(n * dim);
    for (let j = 0; j < n; j++)
      for (let k = 0; k < dim; k++) points[j * dim + k] = Math.sqrt(Math.max(lambdas[k] - eps, 0)) * rng.normal();
    const nu = { n, dim, points, logWeights: new Float64Array(n).fill(-Math.log(n)) };
    const rates: number[] = [];
    const dists: number[] = [];
    for (let b = 0; b < evalBatches; b++) {
      const v = baFunctional(source.sample(evalBatchSize, rng).data, dim, nu, 1 / eps);
      rates.push(v.rate);
      dists.push(v.distortion);
    }
    rows.push({
      model: 'optimal ν',
      eps,
      n,
      rate: mean(rates),
      logN: Math.log(n),
      exactRate: exact.rate,
      distortion: mean(dists),
      exactDistortion: exact.distortion,
      trainSeconds: 0,
    });
    console.log(
      `optimal ν, eps ${eps}, n ${n}: R̂ = ${mean(rates).toFixed(3)} nats (log n = ${Math.log(n).toFixed(3)}, R = ${exact.rate.toFixed(3)})`,
    );
    if (steps > 0) {
      const est = new WGD(source, {
        eps,
        particles: n,
        batchSize: batch,
        learningRate: lrFactor * eps,
        scheduleSteps: steps,
        seed,
      });
      const res = await est.train({ steps });
      const p = est.evaluate(eps, { batches: evalBatches, batchSize: evalBatchSize, lowerBound: false });
      est.dispose();
      rows.push({
        model: `trained (${steps} steps)`,
        eps,
        n,
        rate: p.rate,
        logN: Math.log(n),
        exactRate: exact.rate,
        distortion: p.distortion,
        exactDistortion: exact.distortion,
        trainSeconds: res.seconds,
      });
      console.log(
        `trained,   eps ${eps}, n ${n}: R̂ = ${p.rate.toFixed(3)} nats, D̂ = ${p.distortion.toFixed(3)} (${res.seconds.toFixed(1)} s)`,
      );
    }
  }
}
const file = writeResult('wgd-high-rate', {
  settings: {
    steps,
    n: ns,
    eps: epsList,
    batch,
    lrFactor,
    evalBatches,
    evalBatchSize,
    seed,
    dim,
    eigenvalues: lambdas,
  },
  note: "Rates in nats, distortion ½E‖X−X̂‖². WGD's rate read-out is bounded by log n (uniform particle weights).",
  rows,
});
console.log(
  '\n' +
    table(
      ['model', 'eps', 'n', 'R̂', 'log n', 'R exact', 'D̂', 'D exact', 'train s'],
      rows.map((r) => [
        r.model,
        r.eps,
        r.n,
        r.rate,
        r.logN,
        r.exactRate,
        r.distortion,
        r.exactDistortion,
        r.trainSeconds,
      ]),
    ),
);
console.log(`\nwrote ${file}`);
