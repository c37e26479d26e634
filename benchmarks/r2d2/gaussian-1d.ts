// R2D2 on a 1-D Gaussian source N(0, 1) (paper Fig. 2/7, App. E.2 settings): eps ∈ [0.025, 0.975], Δt = 1/100,
// batch 512, one hidden layer of 128, lr 1e-3, DV entropy with 3 critic steps per controller step.
// Reports the median |ΔR| over eps ∈ {0.05, 0.15, …, 0.95} and seeds, where ΔR = R̂ − ½ log(σ²/(2D̂)) (the
// closed form at the *estimated* distortion), and also against ½ log(σ²/eps) at the same eps. The error is
// recorded every --checkpoint-every steps so its decay with the budget can be extrapolated.
//
//   npx tsx benchmarks/r2d2/gaussian-1d.ts [--steps 2000] [--seeds 1] [--backend wasm]
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { medianOf, parseFlags, selectBackend, table, writeResult } from './common.js';

const flags = parseFlags({
  steps: 2000,
  seeds: 1,
  backend: 'wasm',
  evalBatches: 8,
  evalBatchSize: 1024,
  checkpointEvery: 500,
});
const backend = await selectBackend(flags.backend);
const spec = { kind: 'gaussian', variance: 1 };
const source = sourceFromSpec(spec);
const sigma2 = 1;
const epsGrid = Array.from({ length: 10 }, (_, i) => 0.05 + 0.1 * i);

interface Row {
  seed: number;
  step: number;
  eps: number;
  rate: number;
  distortion: number;
  rateIqr: [number, number];
  errAtD: number;
  errAtEps: number;
}
const rows: Row[] = [];
const timings: { seed: number; stepsPerSecond: number; seconds: number }[] = [];
for (let s = 0; s < flags.seeds; s++) {
  const seed = 1000 + s;
  const est = new R2D2(source, {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 512,
    dt: 0.01,
    hidden: [128],
    learningRate: 1e-3,
    entropy: 'dv',
    seed,
  });
  let trainedSeconds = 0;
  for (let done = 0; done < flags.steps; ) {
    const chunk = Math.min(flags.checkpointEvery, flags.steps - done);
    const r = await est.train({ steps: chunk });
    trainedSeconds += r.seconds;
    done += chunk;
    const pts = est.curve(epsGrid, { batches: flags.evalBatches, batchSize: flags.evalBatchSize });
    for (const p of pts) {
      rows.push({
        seed,
        step: done,
        eps: p.eps,
        rate: p.rate,
        distortion: p.distortion,
        rateIqr: p.rateIqr,
        errAtD: p.rate - 0.5 * Math.log(sigma2 / (2 * p.distortion)),
        errAtEps: p.rate - 0.5 * Math.log(sigma2 / p.eps),
      });
    }
    const last = rows.filter((r) => r.seed === seed && r.step === done);
    console.log(
      `seed ${seed} step ${done}: median |ΔR| = ${medianOf(last.map((r) => Math.abs(r.errAtD))).toFixed(4)} nats (${(done / trainedSeconds).toFixed(2)} steps/s)`,
    );
  }
  timings.push({ seed, stepsPerSecond: flags.steps / trainedSeconds, seconds: trainedSeconds });
  est.dispose();
}

const steps = [...new Set(rows.map((r) => r.step))];
const byStep = steps.map((step) => {
  const rs = rows.filter((r) => r.step === step);
  return {
    step,
    medianAbsErrAtD: medianOf(rs.map((r) => Math.abs(r.errAtD))),
    medianAbsErrAtEps: medianOf(rs.map((r) => Math.abs(r.errAtEps))),
  };
});
const final = rows.filter((r) => r.step === flags.steps);
console.log(`\nR2D2, 1-D Gaussian, ${flags.steps} steps, ${flags.seeds} seed(s), backend ${backend}`);
console.log(
  table(
    ['eps', 'R̂ (median over seeds)', 'D̂', '½log(1/2D̂)', 'ΔR at D̂', 'ΔR at eps'],
    epsGrid.map((eps) => {
      const rs = final.filter((r) => Math.abs(r.eps - eps) < 1e-12);
      const rate = medianOf(rs.map((r) => r.rate));
      const d = medianOf(rs.map((r) => r.distortion));
      return [
        eps.toFixed(2),
        rate,
        d,
        0.5 * Math.log(sigma2 / (2 * d)),
        medianOf(rs.map((r) => r.errAtD)),
        medianOf(rs.map((r) => r.errAtEps)),
      ];
    }),
  ),
);
console.log(
  '\n' +
    table(
      ['steps', 'median |ΔR| at D̂', 'median |ΔR| at eps'],
      byStep.map((b) => [b.step, b.medianAbsErrAtD, b.medianAbsErrAtEps]),
    ),
);
const sps = medianOf(timings.map((t) => t.stepsPerSecond));
console.log(
  `\nthroughput: ${sps.toFixed(2)} steps/s (batch 512, 100 Euler steps, DV 3:1) → the paper's 25,000 steps ≈ ${(25000 / sps / 3600).toFixed(2)} h per seed`,
);
const file = writeResult(
  'gaussian-1d',
  {
    settings: {
      ...flags,
      extra: undefined,
      backend,
      source: spec,
      epsMin: 0.025,
      epsMax: 0.975,
      batch: 512,
      dt: 0.01,
      hidden: [128],
      learningRate: 1e-3,
      entropy: 'dv',
    },
    target: { medianAbsRateError: 0.01, paperSteps: 25000 },
    result: {
      medianAbsErrAtD: byStep[byStep.length - 1].medianAbsErrAtD,
      medianAbsErrAtEps: byStep[byStep.length - 1].medianAbsErrAtEps,
      stepsPerSecond: sps,
    },
    byStep,
    timings,
    points: rows,
  },
  backend,
);
console.log(`wrote ${file}`);
