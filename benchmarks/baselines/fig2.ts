// Paper Fig. 2 (Freirich & Weinberger): X ~ N(0, 1), absolute rate error of every neural estimator at
// eps ∈ {0.05, 0.15, …, 0.95}, median and IQR over seeds, at an EQUAL wall-clock training budget per method and
// seed (--seconds, on this machine). R2D2 is amortised: one model spends the whole budget and is read out at every
// eps. NERD, WGD and EBRD train one model per eps, so each of their models gets --seconds / (number of eps): the
// total per method and seed is the same. Evaluation time is not counted in the budget.
//
// Two references per point, both closed forms of the Gaussian R(D) (rates in nats, D = ½E(X−X̂)²):
//   ΔR at D̂  = R̂ − ½ log(1/(2D̂))  — distance to the curve at the method's own distortion (Fig. 2's error);
//   ΔR at eps = R̂ − ½ log(1/eps)    — error against the exact point the method was asked for.
//
// Noise floor of ΔR at D̂: every read-out is an empirical functional of its evaluation batch, whose sample variance
// s² differs from 1 by O(√(2/N)); the estimated point then sits on the curve of N(0, s²), off by ≈ ½(s² − 1), the
// same for every eps of one model's evaluation stream. Per batch of N that is sd ½√(2/N); the median over B batches
// has sd ≈ 1.25·½√(2/N)/√B — 0.0069 nats at N = 2048, B = 8 (seen in a first run: WGD's |ΔR at D̂| was 0.0067–0.0071
// at every eps, sign set by the seed), 0.0049 at N = 8192, B = 4. Hence --eval-sampling latin-hypercube (the
// default): evaluation batches are Latin-hypercube samples of N(0, 1) (core's latinHypercubeNormal; each sample still
// exactly N(0, 1), one per 1/N slice), whose s² strays from 1 by ≈ 3/N instead of √(2/N): floor ≈ 1e-4 nats at
// N = 8192, B = 4, so what remains is each estimator's own read-out noise and bias. Training batches stay i.i.d.
// --eval-sampling iid gives the plain i.i.d. read-out. R2D2 is the exception: the source gives its exact moments, so
// R2D2 subtracts its Gaussian control variate, which cancels this floor on i.i.d. batches (R2D2.controlVariate).
//
// Settings per method (ours, chosen to be fast on a 2-core CPU; the paper's are far larger budgets):
//   R2D2  eps ∈ [0.025, 0.975], batch 256, Δt = 0.02, hidden [64], lr 2e-3, DV entropy 3:1 (the r2d2-ci settings);
//   NERD  the authors' generator (latent 100, [d, d]), batch 100, M = 4096 generated points per step and read-out;
//   WGD   200 particles, batch 512, lr 0.2·eps, decay horizon 300 steps (the wgd-gaussian-1d settings);
//   EBRD  hidden [32], batch 128, lr 1e-3, Langevin K = 30, step 0.25 (the "mixing" setting of ebrd-scalar: the
//         paper's K = 50, step 1.2e-2 leaves the chains at their N(0, I) start).
//
//   npx tsx benchmarks/baselines/fig2.ts [--seconds 15] [--seeds 2] [--methods r2d2,nerd,wgd,ebrd]
//        [--backend wasm|cpu] [--eval-batches 4] [--eval-batch-size 8192] [--eval-sampling latin-hypercube|iid]
//        [--r2d2-noise fixed|controlled] [--r2d2-dt 0.02]
// The defaults finish in 5–6 minutes on the 2-core machine (4 methods × 2 seeds × 15 s of training
// plus evaluation). Paper-size runs by flags, e.g. --seconds 600 --seeds 8 --eval-batches 8.
//        [--recompute results.json]   (re-summarise the points of an earlier run with the same flags; no training)
//        [--out fig2]   (results go to benchmarks/results/<out>.json)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Random, currentBackend, latinHypercubeNormal, useBackend, type Samples } from '@ratedistortion/core';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { NERD } from '@ratedistortion/estimators/nerd';
import { WGD } from '@ratedistortion/estimators/wgd';
import { EBRD } from '@ratedistortion/estimators/ebrd';
import {
  interQuartileRange,
  median,
  type RdEstimator,
  type RdPointEstimate,
} from '@ratedistortion/estimators/estimator';
import { positiveInt, table, writeResult } from './wgd-common.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    seeds: { type: 'string', default: '2' },
    methods: { type: 'string', default: 'r2d2,nerd,wgd,ebrd' },
    backend: { type: 'string', default: 'wasm' },
    'eval-batches': { type: 'string', default: '4' },
    'eval-batch-size': { type: 'string', default: '8192' },
    'eval-sampling': { type: 'string', default: 'latin-hypercube' },
    'r2d2-noise': { type: 'string', default: 'fixed' },
    'r2d2-dt': { type: 'string', default: '0.02' },
    recompute: { type: 'string' },
    out: { type: 'string', default: 'fig2' },
  },
  strict: true,
});
const seconds = Number(values.seconds);
if (!(seconds > 0) || !Number.isFinite(seconds))
  throw new Error(`--seconds must be a positive number, got ${values.seconds}`);
const seeds = positiveInt(String(values.seeds), 'seeds');
const evalBatches = positiveInt(String(values['eval-batches']), 'eval-batches');
const evalBatchSize = positiveInt(String(values['eval-batch-size']), 'eval-batch-size');
const evalSampling = String(values['eval-sampling']) as 'latin-hypercube' | 'iid';
if (evalSampling !== 'latin-hypercube' && evalSampling !== 'iid')
  throw new Error(`--eval-sampling must be latin-hypercube or iid, got ${evalSampling}`);
const r2d2Noise = String(values['r2d2-noise']) as 'fixed' | 'controlled';
if (r2d2Noise !== 'fixed' && r2d2Noise !== 'controlled')
  throw new Error(`--r2d2-noise must be fixed or controlled, got ${r2d2Noise}`);
const r2d2Dt = Number(values['r2d2-dt']);
if (!(r2d2Dt > 0 && r2d2Dt <= 0.5)) throw new Error(`--r2d2-dt must be in (0, 0.5], got ${values['r2d2-dt']}`);
const METHODS = ['r2d2', 'nerd', 'wgd', 'ebrd'] as const;
type Method = (typeof METHODS)[number];
const methods = String(values.methods).split(',') as Method[];
for (const m of methods)
  if (!METHODS.includes(m)) throw new Error(`--methods: unknown method '${m}' (known: ${METHODS.join(', ')})`);
if (values.backend !== 'wasm' && values.backend !== 'cpu')
  throw new Error(`--backend must be wasm or cpu, got ${values.backend}`);
await useBackend(values.backend);

// Training draws are i.i.d.; while `evaluating`, batches are Latin-hypercube samples (see the header). R2D2 is read
// out outside `evaluating`: the exact moments below turn on its Gaussian control variate, whose statistics have their
// exact expectation on i.i.d. batches (R2D2.controlVariate).
let evaluating = false;
const source = {
  dim: 1,
  mean: () => new Float64Array([0]),
  covariance: () => [new Float64Array([1])],
  sample: (n: number, rng: Random): Samples =>
    evaluating && evalSampling === 'latin-hypercube'
      ? latinHypercubeNormal(n, 1, rng)
      : { n, dim: 1, data: rng.fillNormal(new Float64Array(n)) },
};
const evaluated = <T>(read: () => T): T => {
  evaluating = true;
  try {
    return read();
  } finally {
    evaluating = false;
  }
};
const epsGrid = Array.from({ length: 10 }, (_, i) => Math.round((0.05 + 0.1 * i) * 100) / 100);
const perEpsSeconds = seconds / epsGrid.length;
const evalOpts = { batches: evalBatches, batchSize: evalBatchSize };

const SETTINGS = {
  r2d2: {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 256,
    dt: r2d2Dt,
    hidden: [64],
    learningRate: 2e-3,
    entropy: 'dv' as const,
    noise: r2d2Noise,
  },
  nerd: { ySamples: 4096, evalYSamples: 4096 },
  wgd: { particles: 200, batchSize: 512, lrFactor: 0.2, scheduleSteps: 300 },
  ebrd: { hidden: [32], batchSize: 128, learningRate: 1e-3, langevinSteps: 30, stepSize: 0.25 },
};

function oneEpsModel(method: Exclude<Method, 'r2d2'>, eps: number, seed: number): RdEstimator {
  if (method === 'nerd') return new NERD(source, { eps, ...SETTINGS.nerd, seed });
  if (method === 'wgd') {
    const w = SETTINGS.wgd;
    return new WGD(source, {
      eps,
      particles: w.particles,
      batchSize: w.batchSize,
      learningRate: w.lrFactor * eps,
      scheduleSteps: w.scheduleSteps,
      seed,
    });
  }
  return new EBRD(source, { eps, ...SETTINGS.ebrd, seed });
}

interface Point {
  method: Method;
  seed: number;
  eps: number;
  rate: number;
  distortion: number;
  rateSe?: number;
  distortionSe?: number;
  errAtD: number;
  errAtEps: number;
  steps: number;
  trainSeconds: number;
}
// R(D) = max(0, ½ log(1/(2D))): a point at D̂ ≥ ½ with R̂ = 0 (a collapsed model) lies ON the curve, so only
// ΔR at eps exposes it.
const rateAtDistortion = (d: number) => Math.max(0, 0.5 * Math.log(1 / (2 * d)));
const points: Point[] = [];
const addPoint = (method: Method, seed: number, p: RdPointEstimate, steps: number, trainSeconds: number) => {
  points.push({
    method,
    seed,
    eps: p.eps,
    rate: p.rate,
    distortion: p.distortion,
    rateSe: p.rateSe,
    distortionSe: p.distortionSe,
    errAtD: p.rate - rateAtDistortion(p.distortion),
    errAtEps: p.rate - 0.5 * Math.log(1 / p.eps),
    steps,
    trainSeconds,
  });
};

if (values.recompute !== undefined) {
  // Re-summarise the stored points of an earlier run (same settings) with the current references; no training.
  // Files written through writeBenchmarkResult carry the payload under `result`; older ones at the top level.
  const raw = JSON.parse(readFileSync(String(values.recompute), 'utf8')) as {
    points?: Point[];
    result?: { points: Point[] };
  };
  const old = (raw.result ?? raw) as { points: Point[] };
  for (const p of old.points) {
    addPoint(
      p.method,
      p.seed,
      {
        eps: p.eps,
        rate: p.rate,
        distortion: p.distortion,
        rateSe: p.rateSe ?? Number.NaN,
        distortionSe: p.distortionSe ?? Number.NaN,
        rateIqr: [p.rate, p.rate],
        distortionIqr: [p.distortion, p.distortion],
        batches: { rate: [], distortion: [] },
      },
      p.steps,
      p.trainSeconds,
    );
  }
}
for (const method of values.recompute === undefined ? methods : []) {
  for (let s = 0; s < seeds; s++) {
    const seed = 100 + s;
    if (method === 'r2d2') {
      const est = new R2D2(source, { ...SETTINGS.r2d2, seed });
      const res = await est.train({ seconds });
      for (const p of est.curve(epsGrid, evalOpts)) addPoint(method, seed, p, res.steps, res.seconds);
      est.dispose();
    } else {
      for (const eps of epsGrid) {
        const est = oneEpsModel(method, eps, seed);
        const res = await est.train({ seconds: perEpsSeconds });
        addPoint(
          method,
          seed,
          evaluated(() => est.evaluate(eps, evalOpts)),
          res.steps,
          res.seconds,
        );
        est.dispose();
      }
    }
    const mine = points.filter((p) => p.method === method && p.seed === seed);
    const trained = method === 'r2d2' ? mine[0].trainSeconds : mine.reduce((a, p) => a + p.trainSeconds, 0);
    console.log(
      `${method} seed ${seed}: median |ΔR at D̂| = ${median(mine.map((p) => Math.abs(p.errAtD))).toFixed(4)} nats, ` +
        `${trained.toFixed(1)} s trained, steps ${method === 'r2d2' ? mine[0].steps : mine.map((p) => p.steps).join('/')}`,
    );
  }
}

interface Cell {
  method: Method;
  eps: number;
  medianAbsErrAtD: number;
  iqrAbsErrAtD: [number, number];
  medianAbsErrAtEps: number;
  iqrAbsErrAtEps: [number, number];
  medianRate: number;
  medianDistortion: number;
  medianSteps: number;
}
const cells: Cell[] = [];
for (const method of methods) {
  for (const eps of epsGrid) {
    const ps = points.filter((p) => p.method === method && p.eps === eps);
    const ad = ps.map((p) => Math.abs(p.errAtD));
    const ae = ps.map((p) => Math.abs(p.errAtEps));
    cells.push({
      method,
      eps,
      medianAbsErrAtD: median(ad),
      iqrAbsErrAtD: interQuartileRange(ad),
      medianAbsErrAtEps: median(ae),
      iqrAbsErrAtEps: interQuartileRange(ae),
      medianRate: median(ps.map((p) => p.rate)),
      medianDistortion: median(ps.map((p) => p.distortion)),
      medianSteps: median(ps.map((p) => p.steps)),
    });
  }
}
const summary = methods.map((method) => {
  const ps = points.filter((p) => p.method === method);
  return {
    method,
    medianAbsErrAtD: median(ps.map((p) => Math.abs(p.errAtD))),
    medianAbsErrAtEps: median(ps.map((p) => Math.abs(p.errAtEps))),
    maxAbsErrAtD: Math.max(...ps.map((p) => Math.abs(p.errAtD))),
    medianStepsPerModel: median(ps.map((p) => p.steps)),
  };
});

const backend = String(currentBackend());
const outName = String(values.out);
if (!/^[A-Za-z0-9._-]+$/.test(outName))
  throw new Error(`--out must be a file name without a folder (letters, digits, . _ -), got ${outName}`);
const file = writeResult(
  outName,
  {
    settings: {
      seconds,
      perEpsSeconds,
      seeds,
      methods,
      backend,
      eps: epsGrid,
      evalBatches,
      evalBatchSize,
      evalSampling,
      methodSettings: SETTINGS,
      recomputedFrom: values.recompute ?? null,
    },
    note:
      'X ~ N(0,1); nats; D = ½E(X−X̂)². Budget = --seconds of training per method and seed: R2D2 one amortised model, ' +
      'the others one model per eps with --seconds/10 each. errAtD = R̂ − ½log(1/(2D̂)), errAtEps = R̂ − ½log(1/eps). ' +
      'Medians/IQRs of cells are over seeds; summary medians over eps and seeds.',
    summary,
    cells,
    points,
  },
  backend,
);
console.log(
  `\nFig. 2, N(0,1): |ΔR| at D̂ (nats), median [IQR] over ${seeds} seed(s); ${seconds} s training per method and seed ` +
    `(per-eps methods: ${perEpsSeconds.toFixed(1)} s per model), backend ${backend}`,
);
const iqr = (m: number, q: [number, number]) => `${m.toFixed(4)} [${q[0].toFixed(4)}, ${q[1].toFixed(4)}]`;
console.log(
  table(
    ['eps', ...methods],
    epsGrid.map((eps) => [
      eps.toFixed(2),
      ...methods.map((m) => {
        const c = cells.find((x) => x.method === m && x.eps === eps)!;
        return iqr(c.medianAbsErrAtD, c.iqrAbsErrAtD);
      }),
    ]),
  ),
);
console.log(`\n|ΔR| at eps (against ½log(1/eps)), median [IQR] over seeds`);
console.log(
  table(
    ['eps', ...methods],
    epsGrid.map((eps) => [
      eps.toFixed(2),
      ...methods.map((m) => {
        const c = cells.find((x) => x.method === m && x.eps === eps)!;
        return iqr(c.medianAbsErrAtEps, c.iqrAbsErrAtEps);
      }),
    ]),
  ),
);
console.log(
  '\n' +
    table(
      ['method', 'median |ΔR| at D̂', 'median |ΔR| at eps', 'max |ΔR| at D̂', 'steps per model'],
      summary.map((s) => [s.method, s.medianAbsErrAtD, s.medianAbsErrAtEps, s.maxAbsErrAtD, s.medianStepsPerModel]),
    ),
);
console.log(`\nwrote ${file}`);
