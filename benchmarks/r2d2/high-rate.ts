// Remark 4.1: R2D2's rate is not bounded by log(batch size), unlike estimators built on a batch-sized atomic
// reconstruction (NERD, WGD). Source: a 33-dim Gaussian with a spread spectrum λ_i = 10^(−i/32), i = 0..32
// (from 1 down to 0.1). For eps below the smallest eigenvalue every direction is active and
//   R(eps) = Σ_i ½ log(λ_i / eps),  D(eps) = 33·eps/2,
// which is 30.4 nats at eps = 0.05 and 57 nats at eps = 0.01 — against log(256) ≈ 5.5 nats for the batch.
// The controller is trained on eps ∈ [0.01, 0.05] with the Gaussian plug-in entropy (P1 is Gaussian here, so
// the plug-in family contains the answer); evaluation uses the bias-corrected float64 plug-in on 4096 samples.
// Target: relative rate error <= 3 %.
//
//   npx tsx benchmarks/r2d2/high-rate.ts [--steps 600] [--seeds 1] [--backend wasm]
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { medianOf, parseFlags, selectBackend, table, writeResult } from './common.js';

const flags = parseFlags({
  steps: 600,
  seeds: 1,
  backend: 'wasm',
  evalBatches: 4,
  evalBatchSize: 4096,
  checkpointEvery: 200,
});
const backend = await selectBackend(flags.backend);
const dim = 33;
const lambdas = Array.from({ length: dim }, (_, i) => 10 ** (-i / 32));
const covariance = lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)));
const spec = { kind: 'gaussian' as const, covariance };
const source = sourceFromSpec(spec);
const batch = 256;
const epsGrid = [0.01, 0.02, 0.03, 0.04, 0.05];
const exactRate = (eps: number) => lambdas.reduce((s, l) => s + 0.5 * Math.log(l / eps), 0);

interface Row {
  seed: number;
  step: number;
  eps: number;
  rate: number;
  exact: number;
  relErr: number;
  distortion: number;
  exactDistortion: number;
}
const rows: Row[] = [];
const timings: { seed: number; stepsPerSecond: number }[] = [];
for (let s = 0; s < flags.seeds; s++) {
  const seed = 3000 + s;
  const est = new R2D2(source, {
    epsMin: 0.01,
    epsMax: 0.05,
    batchSize: batch,
    dt: 0.01,
    hidden: [256],
    learningRate: 1e-3,
    entropy: 'gaussian',
    evalEntropy: 'gaussian',
    seed,
  });
  let secs = 0;
  for (let done = 0; done < flags.steps; ) {
    const chunk = Math.min(flags.checkpointEvery, flags.steps - done);
    secs += (await est.train({ steps: chunk })).seconds;
    done += chunk;
    for (const p of est.curve(epsGrid, { batches: flags.evalBatches, batchSize: flags.evalBatchSize })) {
      const exact = exactRate(p.eps);
      rows.push({
        seed,
        step: done,
        eps: p.eps,
        rate: p.rate,
        exact,
        relErr: (p.rate - exact) / exact,
        distortion: p.distortion,
        exactDistortion: (dim * p.eps) / 2,
      });
    }
    const now = rows.filter((r) => r.seed === seed && r.step === done);
    console.log(
      `seed ${seed} step ${done}: max |relative error| ${Math.max(...now.map((r) => Math.abs(r.relErr))).toFixed(4)} (${(done / secs).toFixed(2)} steps/s)`,
    );
  }
  timings.push({ seed, stepsPerSecond: flags.steps / secs });
  est.dispose();
}
const final = rows.filter((r) => r.step === flags.steps);
console.log(
  `\nR2D2, 33-dim Gaussian (λ from 1 to 0.1), ${flags.steps} steps, batch ${batch} (log batch = ${Math.log(batch).toFixed(2)} nats), backend ${backend}`,
);
console.log(
  table(
    ['eps', 'R̂', 'R exact', 'relative error', 'D̂', '33·eps/2'],
    epsGrid.map((eps) => {
      const rs = final.filter((r) => r.eps === eps);
      return [
        eps,
        medianOf(rs.map((r) => r.rate)),
        rs[0].exact,
        medianOf(rs.map((r) => r.relErr)),
        medianOf(rs.map((r) => r.distortion)),
        (dim * eps) / 2,
      ];
    }),
  ),
);
const worst = Math.max(...final.map((r) => Math.abs(r.relErr)));
console.log(
  `max |relative error| = ${(100 * worst).toFixed(2)} % (target <= 3 %); throughput ${medianOf(timings.map((t) => t.stepsPerSecond)).toFixed(2)} steps/s`,
);
const file = writeResult(
  'high-rate',
  {
    settings: {
      ...flags,
      extra: undefined,
      backend,
      dim,
      eigenvalues: lambdas,
      epsMin: 0.01,
      epsMax: 0.05,
      batch,
      dt: 0.01,
      hidden: [256],
      entropy: 'gaussian',
    },
    target: { maxRelativeRateError: 0.03, logBatch: Math.log(batch) },
    result: { maxRelativeRateError: worst },
    timings,
    points: rows,
  },
  backend,
);
console.log(`wrote ${file}`);
