// Packaging smoke check, CommonJS flavour (require): run with plain `node` inside a project that installed the packed
// tarballs. Prints one JSON line; smoke.sh compares it with the CJS and Deno runs (same seed → same numbers).
const { Random, knnEntropy } = require('@ratedistortion/core');
const { knnEntropy: knnFromSubpath } = require('@ratedistortion/core/entropy');
const { rdPoint } = require('@ratedistortion/analytic');
const { sourceFromSpec } = require('@ratedistortion/datasets');
const { resultPlotSvg, runCli } = require('@ratedistortion/cli');
const { CURVE_METHODS, R2D2 } = require('@ratedistortion/estimators');

// No top-level await in CommonJS: the checks run in an async main.
(async () => {
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
  if (typeof R2D2 !== 'function') throw new Error('estimators: no R2D2');
  // Worker threads load the CommonJS bundle: a WGD curve on two threads equals the one-thread curve.
  const wgdJob = {
    source: sourceFromSpec({ kind: 'gaussian', variance: 1 }),
    eps: [0.2, 0.4, 0.7],
    steps: 10,
    batchSize: 64,
    evalBatches: 2,
    evalBatchSize: 128,
    wgd: { particles: 32 },
  };
  const oneThread = await CURVE_METHODS.wgd.run({ ...wgdJob, workers: 1 });
  const twoThreads = await CURVE_METHODS.wgd.run({ ...wgdJob, workers: 2 });
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

  console.log(JSON.stringify({ flavour: 'cjs', rate: p.rate, distortion: p.distortion, entropy: h }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
