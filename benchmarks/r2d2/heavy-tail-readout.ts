// R2D2's read-out on a heavy-tailed source (issue 19): the sinc⁴ mixture of App. D.3 has x⁻⁴ tails, a finite
// variance and an infinite fourth moment. Two questions, at step budgets (not seconds), so the figures do not depend on
// the machine's load except the timings:
//   control variate  per-batch SD of the rate with the read-out R2D2 now uses there (no control variate, stratified
//                    paths: the source says hasFiniteFourthMoment = false), with the Gaussian control variate forced on
//                    (the same source behind a wrapper that does not say it; i.i.d. batches, its default), and with
//                    neither (i.i.d., no control variate) to tell the control variate's share from the sampling's.
//                    Same seed, same model: common random numbers, so the read-outs differ only in what is subtracted
//                    and how batches are drawn.
//   eval batches     are 8 batches (runCurve's and rd curve's default) enough for honest error bars? From B batches
//                    of the default read-out, disjoint groups of g = 8 (and 32): each group's mean and SE as a read-out
//                    of g batches would report them, and how often the B-batch mean lies within 1 and 2 of the group's
//                    SEs (for normal per-batch rates P(|t₇| < 1) = 0.65, P(|t₇| < 2) = 0.91; t₃₁: 0.67, 0.95), with
//                    the per-batch excess kurtosis and the evaluation's CPU seconds per batch.
//
//   nice -n 10 npx tsx benchmarks/r2d2/heavy-tail-readout.ts [--untrained false --steps N] [--seeds 1] [--backend wasm]
//        [--eval-batches 256] [--eval-batch-size 1024] [--eps 0.01,0.02,0.04,0.06] [--r2d2 '{"dt":0.05}']
//        [--out r2d2-heavy-tail-readout]
// writes benchmarks/results/<out>.json (with the machine description) after every seed and prints one line per read-out.
// Seeds 0…S−1 each train (or not: the untrained warm start, the default) their own model. The results:
//   r2d2-heavy-tail-readout.json        (defaults: untrained, seed 0, 256 × 1,024, wasm)
//   r2d2-heavy-tail-readout-test.json   --seeds 10 --backend cpu --eval-batches 64 --eval-batch-size 2048 --eps 0.02
//                                       --r2d2 '{"dt":0.05,"hidden":[8]}' (the setting of the sinc⁴ test in
//                                       gaussian-control-variate.test.ts, over ten seeds)
import { cpuUsage } from 'node:process';
import { join } from 'node:path';
import type { Random } from '@ratedistortion/core';
import { Sinc4MixtureSource } from '@ratedistortion/datasets';
import { R2D2, type R2D2EvaluateOptions, type R2D2Options, type R2D2Source } from '@ratedistortion/estimators';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { RESULTS_DIR, parseFlags, selectBackend } from './common.js';

const flags = parseFlags(
  { steps: 1, seeds: 1, backend: 'wasm', evalBatches: 256, evalBatchSize: 1024, checkpointEvery: 1 },
  { eps: '0.01,0.02,0.04,0.06', r2d2: '{}', out: 'r2d2-heavy-tail-readout', untrained: 'true' },
);
// --steps defaults to the untrained warm start unless --untrained false (parseFlags takes positive integers only).
const steps = flags.extra.untrained === 'true' ? 0 : flags.steps;
const epsList = flags.extra.eps.split(',').map(Number);
const extraOptions = JSON.parse(flags.extra.r2d2) as Partial<R2D2Options>;
const backend = await selectBackend(flags.backend);

const source = Sinc4MixtureSource.fromSpec({
  kind: 'sinc4-mixture',
  weights: [0.25, 0.25, 0.25, 0.25],
  scales: [1, Math.SQRT2, Math.PI, Math.E],
});
const h0 = source.entropy().value;
// The same law, mean and covariance without the heavy-tail flag: R2D2 then builds its control variate.
const unflagged: R2D2Source = {
  dim: 1,
  sample: (n: number, rng: Random) => source.sample(n, rng),
  mean: () => source.mean(),
  covariance: () => source.covariance(),
};
// The trained range of r2d2-bias-gmm2.ts's sinc⁴ case (its results are the ones this script revisits).
const epsMin = Math.min(0.01, ...epsList);
const epsMax = Math.max(0.06, ...epsList);

const stats = (v: number[]) => {
  const n = v.length;
  const m = v.reduce((a, b) => a + b, 0) / n;
  const c2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / n;
  const c4 = v.reduce((a, b) => a + (b - m) ** 4, 0) / n;
  return { mean: m, sd: Math.sqrt((c2 * n) / (n - 1)), excessKurtosis: c4 / (c2 * c2) - 3 };
};
const coverage = (v: number[], g: number) => {
  const all = stats(v).mean;
  const groups = Math.floor(v.length / g);
  let within1 = 0;
  let within2 = 0;
  let above = 0;
  for (let k = 0; k < groups; k++) {
    const s = stats(v.slice(k * g, (k + 1) * g));
    const se = s.sd / Math.sqrt(g);
    const z = Math.abs(s.mean - all) / se;
    if (z < 1) within1++;
    if (z < 2) within2++;
    if (s.mean > all) above++;
  }
  return { groupSize: g, groups, within1: within1 / groups, within2: within2 / groups, above: above / groups };
};

interface Readout {
  name: string;
  forced: boolean;
  options: R2D2EvaluateOptions;
}
const readouts: Readout[] = [
  { name: 'default', forced: false, options: {} },
  { name: 'cv-forced-iid', forced: true, options: {} },
  { name: 'nocv-iid', forced: true, options: { controlVariate: false, sampling: 'iid' } },
];
type Row = { readout: string; perBatchSd: number } & Record<string, unknown>;
const runs = [];
for (let seed = 0; seed < flags.seeds; seed++) {
  const options: R2D2Options = { epsMin, epsMax, seed, ...extraOptions };
  const flagged = new R2D2(source, options);
  const cpu0 = cpuUsage();
  if (steps > 0) await flagged.train({ steps });
  const trained = cpuUsage(cpu0);
  // The same model (weights, scaling, evaluation stream) on the unflagged source.
  const forced = R2D2.fromJSON(flagged.toJSON(), unflagged);
  const points: { eps: number; readouts: Row[] }[] = [];
  for (const eps of epsList) {
    const rows: Row[] = [];
    for (const r of readouts) {
      const est = r.forced ? forced : flagged;
      const c0 = cpuUsage();
      const p = est.evaluate(eps, { batches: flags.evalBatches, batchSize: flags.evalBatchSize, ...r.options });
      const c = cpuUsage(c0);
      const s = stats(p.batches.rate);
      const reference = h0 - 0.5 * Math.log(4 * Math.PI * Math.E * p.distortion);
      const row = {
        readout: r.name,
        controlVariate: est.controlVariate && r.options.controlVariate !== false,
        sampling: r.options.sampling ?? est.defaultSampling,
        rate: p.rate,
        rateSe: p.rateSe,
        deltaR: p.rate - reference,
        perBatchSd: s.sd,
        excessKurtosis: s.excessKurtosis,
        minBatchDeltaR: Math.min(...p.batches.rate) - reference,
        cpuSecondsPerBatch: (c.user + c.system) / 1e6 / flags.evalBatches,
        coverage: [coverage(p.batches.rate, 8), coverage(p.batches.rate, 32)].filter((k) => k.groups > 1),
        batchRates: p.batches.rate,
      };
      rows.push(row);
      const cov = row.coverage
        .map((k) => `g${k.groupSize}: ±1SE ${k.within1.toFixed(2)} ±2SE ${k.within2.toFixed(2)}`)
        .join('; ');
      console.log(
        `seed ${seed} eps ${eps} ${r.name.padEnd(14)} ΔR ${row.deltaR.toFixed(4)} ± ${row.rateSe.toFixed(4)}  per-batch SD ${s.sd.toFixed(4)}  exc. kurt. ${s.excessKurtosis.toFixed(1)}  min batch ΔR ${row.minBatchDeltaR.toFixed(3)}  ${row.cpuSecondsPerBatch.toFixed(3)} s CPU/batch  ${cov}`,
      );
    }
    points.push({ eps, readouts: rows });
  }
  const sdOf = (name: string) => points.map((p) => p.readouts.find((r) => r.readout === name)!.perBatchSd);
  const ratios = sdOf('default').map((sd, k) => sd / sdOf('cv-forced-iid')[k]);
  console.log(
    `seed ${seed}: per-batch SD default / forced control variate ${ratios.map((x) => x.toFixed(3)).join(', ')}`,
  );
  runs.push({
    seed,
    withheld: flagged.controlVariateWithheld,
    trainCpuSeconds: (trained.user + trained.system) / 1e6,
    sdRatioDefaultOverForced: ratios,
    points,
  });
  flagged.dispose();
  forced.dispose();
  writeBenchmarkResult(join(RESULTS_DIR, `${flags.extra.out}.json`), flags.extra.out, {
    settings: {
      steps,
      seeds: flags.seeds,
      eps: epsList,
      evalBatches: flags.evalBatches,
      evalBatchSize: flags.evalBatchSize,
      options: { epsMin, epsMax, ...extraOptions },
    },
    backend,
    runs,
  });
}
