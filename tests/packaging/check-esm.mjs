// Packaging smoke check, ESM flavour: run with plain `node` inside a project that installed the packed
// tarballs. Prints one JSON line; smoke.sh compares it with the CJS and Deno runs (same seed → same numbers).
import { Random, describeCurrentBackend, knnEntropy, useBackend, wasmThreadCount } from '@ratedistortion/core';
import { knnEntropy as knnFromSubpath } from '@ratedistortion/core/entropy';
import { rdPoint } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { resultPlotSvg, runCli } from '@ratedistortion/cli';
import { CURVE_METHODS, R2D2 } from '@ratedistortion/estimators';

// Unit Gaussian at eps = 0.25: R = ½ log(σ²/eps) = log 2 nats and D = eps/2 exactly (reverse water-filling).
const p = rdPoint({ kind: 'gaussian', variance: 1 }, 0.25);
if (Math.abs(p.rate - Math.log(2)) > 1e-12 || Math.abs(p.distortion - 0.125) > 1e-12)
  throw new Error(`rdPoint: ${JSON.stringify(p)}`);

// Kozachenko–Leonenko entropy of 4000 N(0, 1) draws against h = ½ log(2πe) = 1.41894 nats. Its variance is
// about (Var log f(X) + ψ′(1))/n = (½ + π²/6)/4000, SD ≈ 0.023; 5 SD = 0.12 (and the seed is fixed).
const rng = new Random(7);
const x = rng.fillNormal(new Float64Array(4000));
const h = knnEntropy(x).entropy;
const truth = 0.5 * Math.log(2 * Math.PI * Math.E);
if (!(Math.abs(h - truth) < 0.12)) throw new Error(`knnEntropy ${h} vs ${truth}`);
if (knnFromSubpath(x).entropy !== h) throw new Error('subpath export gives a different function');

// The other packages load and do something real.
const sample = sourceFromSpec({ kind: 'gaussian', variance: 4 }).sample(3, new Random(1));
if (sample.n !== 3 || sample.dim !== 1) throw new Error('datasets: bad sample shape');

// R2D2 trains on the wasm backend: 20 steps of the amortised controller on N(0, 1), then a read-out at eps = 0.5. Measured: R̂ 0.3376 ± 0.0068 against the exact
// R = ½ log(1/eps) = 0.3466 nats (0.3363 before training: the Gaussian warm start); 0.1 is a gross-error guard. smoke.sh also requires the
// Node and Deno runs to agree (same seed, same wasm kernels).
// Two kernel threads whatever the machine: the threaded build loads from the installed packages (its worker script
// ships in core's src/), and the R2D2 rate must still agree with the Deno run, which runs the single-threaded build.
await useBackend('wasm', { wasmThreads: 2 });
if (wasmThreadCount() !== 2) throw new Error(`wasm kernel threads: ${wasmThreadCount()}, expected 2`);
const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
  epsMin: 0.1,
  epsMax: 0.9,
  dt: 0.05,
  hidden: [32],
  seed: 1,
});
const trained = await est.train({ steps: 20 });
const r2d2 = est.evaluate(0.5, { batches: 2, batchSize: 1024 });
est.dispose();
if (trained.steps !== 20 || !(Math.abs(r2d2.rate - 0.5 * Math.log(2)) < 0.1))
  throw new Error(`R2D2: ${trained.steps} steps, R̂ ${r2d2.rate}`);
console.error(
  `R2D2 on ${describeCurrentBackend()}: ${trained.steps} steps at ${trained.stepsPerSecond.toFixed(1)} steps/s, R̂(0.5) = ${r2d2.rate.toFixed(4)} nats (exact 0.3466), D̂ = ${r2d2.distortion.toFixed(4)}`,
);
// Worker threads load the built bundle: a WGD curve of three eps on two threads equals the one-thread curve.
const wgdJob = {
  source: sourceFromSpec({ kind: 'gaussian', variance: 1 }),
  eps: [0.2, 0.4, 0.7],
  steps: 10,
  batchSize: 64,
  evalBatches: 2,
  evalBatchSize: 128,
  wgd: { particles: 32 },
};
const [oneThread, twoThreads] = [
  await CURVE_METHODS.wgd.run({ ...wgdJob, workers: 1 }),
  await CURVE_METHODS.wgd.run({ ...wgdJob, workers: 2 }),
];
if (JSON.stringify(oneThread.points) !== JSON.stringify(twoThreads.points))
  throw new Error(`per-eps workers: ${JSON.stringify(twoThreads.points)} vs ${JSON.stringify(oneThread.points)}`);
let out = '';
const code = await runCli(['analytic', '--source', '{"kind":"gaussian","variance":1}', '--eps', '0.25', '--json'], {
  stdout: (s) => {
    out += s;
  },
  stderr: () => {},
});
if (code !== 0 || Math.abs(JSON.parse(out).points[0].rate - Math.log(2)) > 1e-12)
  throw new Error(`runCli: ${code} ${out}`);
if (!resultPlotSvg([JSON.parse(out)]).startsWith('<svg')) throw new Error('plot');

console.log(
  JSON.stringify({ flavour: 'esm', rate: p.rate, distortion: p.distortion, entropy: h, r2d2Rate: r2d2.rate }),
);
