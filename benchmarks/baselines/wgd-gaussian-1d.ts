// WGD on the 1-D Gaussian of paper Fig. 2: X ~ N(0, 1), one WGD model per eps on a grid over [0.05, 0.95],
// --seeds independent runs each; absolute rate error against ½ log(1/eps) (median and IQR over seeds), the
// distortion against eps/2, and the dual lower bound. The budget per model is --steps and/or --seconds
// (wall-clock on this machine), so Fig. 2's equal-budget comparison can pass the same --seconds to every method.
//
//   npx tsx benchmarks/baselines/wgd-gaussian-1d.ts [--eps 0.05,0.15,...,0.95] [--seeds 3] [--steps 300]
//        [--seconds S] [--particles 200] [--batch 512] [--lr-factor 0.2] [--hybrid] [--eval-batches 8]
//        [--eval-batch-size 4096] [--lower-bound]
import { parseArgs } from 'node:util';
import type { Random, Samples } from '@ratedistortion/core';
import { WGD } from '@ratedistortion/estimators/wgd';
import { interQuartileRange, median } from '@ratedistortion/estimators/estimator';
import { list, positiveInt, table, writeResult } from './wgd-common.js';

const { values } = parseArgs({
  options: {
    eps: { type: 'string', default: '0.05,0.15,0.25,0.35,0.45,0.55,0.65,0.75,0.85,0.95' },
    seeds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '300' },
    seconds: { type: 'string' },
    particles: { type: 'string', default: '200' },
    batch: { type: 'string', default: '512' },
    'lr-factor': { type: 'string', default: '0.2' },
    hybrid: { type: 'boolean', default: false },
    'eval-batches': { type: 'string', default: '8' },
    'eval-batch-size': { type: 'string', default: '4096' },
    'lower-bound': { type: 'boolean', default: false },
  },
  strict: true,
});
const epsList = list(String(values.eps));
const seeds = positiveInt(String(values.seeds), 'seeds');
const steps = positiveInt(String(values.steps), 'steps');
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
if (seconds !== undefined && !(seconds > 0)) throw new Error('--seconds must be > 0');
const particles = positiveInt(String(values.particles), 'particles');
const batch = positiveInt(String(values.batch), 'batch');
const lrFactor = Number(values['lr-factor']);
const evalBatches = positiveInt(String(values['eval-batches']), 'eval-batches');
const evalBatchSize = positiveInt(String(values['eval-batch-size']), 'eval-batch-size');
const hybrid = values.hybrid === true;
const withBound = values['lower-bound'] === true;

const source = {
  dim: 1,
  sample: (n: number, rng: Random): Samples => ({ n, dim: 1, data: rng.fillNormal(new Float64Array(n)) }),
};

interface Row {
  eps: number;
  trueRate: number;
  medianRate: number;
  medianAbsError: number;
  absErrorIqr: [number, number];
  medianDistortion: number;
  medianLowerBound: number;
  medianSteps: number;
  medianTrainSeconds: number;
  perSeed: {
    seed: number;
    rate: number;
    distortion: number;
    rateLowerBound: number;
    steps: number;
    trainSeconds: number;
  }[];
}
const rows: Row[] = [];
for (const eps of epsList) {
  const trueRate = eps < 1 ? 0.5 * Math.log(1 / eps) : 0;
  const perSeed: Row['perSeed'] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const est = new WGD(source, {
      eps,
      particles,
      batchSize: batch,
      hybrid,
      learningRate: lrFactor * eps,
      scheduleSteps: steps,
      seed,
    });
    const res = await est.train({ steps, ...(seconds !== undefined ? { seconds } : {}) });
    const p = est.evaluate(eps, { batches: evalBatches, batchSize: evalBatchSize, lowerBound: withBound });
    est.dispose();
    perSeed.push({
      seed,
      rate: p.rate,
      distortion: p.distortion,
      rateLowerBound: p.rateLowerBound,
      steps: res.steps,
      trainSeconds: res.seconds,
    });
  }
  const errs = perSeed.map((s) => Math.abs(s.rate - trueRate));
  rows.push({
    eps,
    trueRate,
    medianRate: median(perSeed.map((s) => s.rate)),
    medianAbsError: median(errs),
    absErrorIqr: interQuartileRange(errs),
    medianDistortion: median(perSeed.map((s) => s.distortion)),
    medianLowerBound: withBound ? median(perSeed.map((s) => s.rateLowerBound)) : Number.NaN,
    medianSteps: median(perSeed.map((s) => s.steps)),
    medianTrainSeconds: median(perSeed.map((s) => s.trainSeconds)),
    perSeed,
  });
  const r = rows[rows.length - 1];
  console.log(
    `eps ${eps}: R̂ = ${r.medianRate.toFixed(4)} (true ${trueRate.toFixed(4)}), |err| median ${r.medianAbsError.toFixed(4)}, ${r.medianTrainSeconds.toFixed(2)} s`,
  );
}
const file = writeResult('wgd-gaussian-1d', {
  settings: {
    eps: epsList,
    seeds,
    steps,
    seconds: seconds ?? null,
    particles,
    batch,
    lrFactor,
    hybrid,
    evalBatches,
    evalBatchSize,
    lowerBound: withBound,
  },
  note: 'X ~ N(0,1); rates in nats against ½ log(1/eps); distortion ½E(X−X̂)² against eps/2; one WGD model per eps and seed.',
  rows,
});
console.log(
  '\n' +
    table(
      ['eps', 'R true', 'R̂ median', '|err| median', 'IQR lo', 'IQR hi', 'D̂', 'D true', 'lower bd', 'steps', 'train s'],
      rows.map((r) => [
        r.eps,
        r.trueRate,
        r.medianRate,
        r.medianAbsError,
        r.absErrorIqr[0],
        r.absErrorIqr[1],
        r.medianDistortion,
        r.eps / 2,
        r.medianLowerBound,
        r.medianSteps,
        r.medianTrainSeconds,
      ]),
    ),
);
console.log(`\nwrote ${file}`);
