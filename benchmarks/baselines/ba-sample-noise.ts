// Where Blahut–Arimoto on samples loses accuracy: the source ½N(−1, 0.3) + ½N(1, 0.3) of
// examples/blahut-arimoto-from-samples.ts at eps = 0.1 (inside the BHE range, so R = h(P0) − ½ log(2πe·eps) exactly).
// Prints, per seed, BA's rate minus the exact rate and the sample's own entropy error −mean log p(X) − h(P0) (the
// estimator's sample is redrawn from the same seeded stream), then their mean, sd and standard error over seeds, the
// sd that sampling alone predicts, √(Var log p(X) / N), and BA on the exact density on the same grid (the grid's error).
// Run: npx tsx benchmarks/baselines/ba-sample-noise.ts [samples=50000] [seeds=30] [histogram|kde]
// Recorded in benchmarks/results/ba-sample-noise.txt (histogram, 30 seeds; kde, 10 seeds).
import { blahutArimotoGrid1d, mixtureRateDistortion } from '@ratedistortion/analytic';
import { Random } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { BlahutArimotoEstimator, gridDensity1d } from '@ratedistortion/estimators';

const spec = { kind: 'gmm' as const, weights: [0.5, 0.5], means: [-1, 1], variances: [0.3, 0.3] };
const source = sourceFromSpec(spec);
const eps = 0.1;
const n = Number(process.argv[2] ?? 50_000);
const seeds = Number(process.argv[3] ?? 30);
const density = (process.argv[4] ?? 'histogram') as 'histogram' | 'kde';
const exact = mixtureRateDistortion(spec, eps);
const h = exact.rate + 0.5 * Math.log(2 * Math.PI * Math.E * eps);
const v = 0.3;
const logp = (x: number): number =>
  Math.log(
    (0.5 * (Math.exp(-((x + 1) ** 2) / (2 * v)) + Math.exp(-((x - 1) ** 2) / (2 * v)))) / Math.sqrt(2 * Math.PI * v),
  );

// Var log p(X) by the midpoint rule on [−8, 8] (the density is below 1e-40 outside).
let m1 = 0;
let m2 = 0;
const cells = 200_000;
for (let i = 0; i < cells; i++) {
  const x = -8 + ((i + 0.5) * 16) / cells;
  const lp = logp(x);
  const w = (Math.exp(lp) * 16) / cells;
  m1 += w * lp;
  m2 += w * lp * lp;
}
const predictedSd = Math.sqrt((m2 - m1 * m1) / n);

const diffs: number[] = [];
let worstTrack = 0;
console.log(`BA (${density}, ${n} samples, 300 points) at eps = ${eps}: exact rate ${exact.rate.toFixed(5)} nats`);
console.log('seed  BA − exact   sample −mean log p − h');
for (let seed = 1; seed <= seeds; seed++) {
  const est = new BlahutArimotoEstimator(source, { eps: [eps], samples: n, points: 300, density, seed });
  await est.train({ steps: 1 });
  const d = est.evaluate(eps).rate - exact.rate;
  est.dispose();
  // The estimator splits Random(seed) into (init, eval) streams and draws its sample from the first.
  const sample = source.sample(n, new Random(seed).split(2)[0]!);
  let acc = 0;
  for (let i = 0; i < n; i++) acc -= logp(sample.data[i]!);
  const e = acc / n - h;
  worstTrack = Math.max(worstTrack, Math.abs(d - e));
  diffs.push(d);
  console.log(`${String(seed).padEnd(6)}${d.toFixed(5).padStart(9)}   ${e.toFixed(5).padStart(9)}`);
}
const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1));
console.log(
  `mean ${mean.toFixed(5)}, sd ${sd.toFixed(5)}, SE of the mean ${(sd / Math.sqrt(diffs.length)).toFixed(5)} nats`,
);
console.log(
  `sampling alone predicts sd √(Var log p(X)/N) = ${predictedSd.toFixed(5)}; ½√(2/N) (a Gaussian's) = ${(0.5 * Math.sqrt(2 / n)).toFixed(5)}`,
);
console.log(`largest |(BA − exact) − (sample entropy error)|: ${worstTrack.toExponential(2)} nats`);
const grid = gridDensity1d(source.sample(n, new Random(1)), { method: 'histogram', points: 300 }).source;
const onGrid = blahutArimotoGrid1d(
  { density: (x) => Math.exp(logp(x)), xMin: grid.xMin, xMax: grid.xMax, points: 300 },
  eps,
);
console.log(
  `BA on the exact density, same 300-cell grid: rate − exact = ${(onGrid.rate - exact.rate).toExponential(2)} nats`,
);
