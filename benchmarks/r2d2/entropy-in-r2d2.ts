// Bias and variance of each H(X₁) estimator as R2D2 uses it, at d = 5…33, against exact Gaussian entropies.
//
// Setting. For a Gaussian source N(0, Σ) (eigenvalues λⱼ along a random rotation) the optimal controlled chain —
// R2D2's Gaussian warm start with `noise: 'controlled'`, core's gaussianChainStep — ends at
// X₁ ~ N(0, V diag(vⱼ) Vᵀ) with vⱼ = λⱼ − eps for an active direction and vⱼ = floor·eps·h for an inactive one
// (λⱼ ≤ eps; floor = GAUSSIAN_CHAIN_GAIN_FLOOR, h = dt). Its entropy H = ½ Σ log(2πe vⱼ) is exact, and the rate
// read-out's error is exactly the entropy estimator's error (Eq. 24 divides eps·Ĥ by eps). Each estimator is the
// object R2D2 builds (createEntropyTerm with resolveR2D2Config's defaults for that d: same network widths,
// learning rates, 3 updates per step, eps drawn from the trained range per step, batch 512, input scaling from the
// exact moments), trained on exact draws of X₁ at the sampled eps for `--steps` R2D2 steps, then read out as
// R2D2's evaluate does: `--eval-batches` fresh batches of `--eval-batch-size` at each eps, mean ± SE.
// 'knn' (Kozachenko–Leonenko, k = R2D2's knnK; 'knn-whitened' on the whitened sample) and 'gaussian' (bias-corrected plug-in) are the stateless
// read-outs. Error = mean Ĥ − H (nats, = rate error); seeds give the spread of the trained estimators.
//
// Three cases per d: 'flat' (λⱼ evenly from 1 to 2, every direction active: the high-rate regime of the 33-dim
// benchmark), 'decay' (λⱼ = 4·e^{−0.5·j·19/(d−1)}, NERD's 20-dim spectrum stretched to d: directions go inactive
// as eps grows) and 'mixture' (the flat spectrum, but each principal coordinate of X₁ is the two-component mixture
// ½N(−0.9√v, 0.19v) + ½N(0.9√v, 0.19v) of the same variance v: a non-Gaussian X₁ of known entropy, Σ (h₁ + ½ log vⱼ)
// with h₁ the unit mixture's entropy by quadrature; the Gaussian plug-in overestimates it by d·(½ log 2πe − h₁)).
// The mixture case stands for a non-Gaussian source's X₁, where the plug-in is only an upper bound.
//
//   npx tsx benchmarks/r2d2/entropy-in-r2d2.ts [--dims 5,8,12,16,20,33] [--estimators dv,knife,gaussian,knn]
//        [--steps 300] [--seeds 2] [--eval-batches 8] [--eval-batch-size 1024] [--out benchmarks/results/entropy-in-r2d2.json]
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import {
  GAUSSIAN_CHAIN_GAIN_FLOOR,
  Random,
  gaussianEntropy,
  knnEntropy,
  tf,
  useBackend,
  type Samples,
} from '@ratedistortion/core';
import { createEntropyTerm, epsRange, inputScalingFor, resolveR2D2Config, sampleEps } from '@ratedistortion/estimators';
import { RESULTS_DIR } from './common.js';

const { values } = parseArgs({
  options: {
    dims: { type: 'string', default: '5,8,12,16,20,33' },
    estimators: { type: 'string', default: 'dv,knife,gaussian,knn' },
    spectra: { type: 'string', default: 'flat,decay,mixture' },
    steps: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '2' },
    'eval-batches': { type: 'string', default: '8' },
    'eval-batch-size': { type: 'string', default: '1024' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: join(RESULTS_DIR, 'entropy-in-r2d2.json') },
  },
  strict: true,
});
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const int = (s: string, name: string) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${s}`);
  return n;
};
const dims = list(values.dims!).map((x) => int(x, 'dims'));
const estimators = list(values.estimators!) as ('dv' | 'knife' | 'gaussian' | 'knn' | 'knn-whitened')[];
for (const e of estimators)
  if (!['dv', 'knife', 'gaussian', 'knn', 'knn-whitened'].includes(e)) throw new Error(`--estimators: unknown '${e}'`);
type Kind = 'flat' | 'decay' | 'mixture';
const spectra = list(values.spectra!) as Kind[];
for (const s of spectra)
  if (s !== 'flat' && s !== 'decay' && s !== 'mixture') throw new Error(`--spectra: unknown '${s}'`);
const steps = int(values.steps!, 'steps');
const seeds = int(values.seeds!, 'seeds');
const evalBatches = int(values['eval-batches']!, 'eval-batches');
const evalBatchSize = int(values['eval-batch-size']!, 'eval-batch-size');
await useBackend(values.backend as 'wasm' | 'cpu');

const DT = 0.01;
const spectrum = (kind: Kind, d: number): number[] =>
  Array.from({ length: d }, (_, j) =>
    kind !== 'decay' ? 1 + j / Math.max(1, d - 1) : 4 * Math.exp((-0.5 * j * 19) / Math.max(1, d - 1)),
  );
// eps range and read-out points: 'flat'/'mixture' high rate (all active), 'decay' NERD's λ = −10 … −0.5 (eps 0.05 … 1).
const EPS = {
  flat: { min: 0.02, max: 0.2, points: [0.02, 0.05, 0.2] },
  mixture: { min: 0.02, max: 0.2, points: [0.02, 0.05, 0.2] },
  decay: { min: 0.05, max: 1, points: [0.05, 0.25, 1] },
};
// The unit-variance mixture ½N(−A, B²) + ½N(A, B²), A = 0.9, B² = 1 − A², and its entropy by the trapezoid rule on
// [−12, 12] (the tails beyond hold < 1e-30 of the mass).
const MIX_A = 0.9;
const MIX_B = Math.sqrt(1 - MIX_A * MIX_A);
const MIX_ENTROPY = (() => {
  const n = 200_000;
  const h = 24 / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const x = -12 + i * h;
    const p =
      (0.5 / (MIX_B * Math.sqrt(2 * Math.PI))) *
      (Math.exp(-((x - MIX_A) ** 2) / (2 * MIX_B ** 2)) + Math.exp(-((x + MIX_A) ** 2) / (2 * MIX_B ** 2)));
    if (p > 0) acc -= (i === 0 || i === n ? 0.5 : 1) * p * Math.log(p) * h;
  }
  return acc;
})();

/** A random rotation (Gram–Schmidt of a Gaussian matrix), row-major, columns orthonormal. */
function rotation(d: number, rng: Random): Float64Array {
  const a = rng.fillNormal(new Float64Array(d * d));
  for (let c = 0; c < d; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += a[r * d + c] * a[r * d + p];
      for (let r = 0; r < d; r++) a[r * d + c] -= dot * a[r * d + p];
    }
    let norm = 0;
    for (let r = 0; r < d; r++) norm += a[r * d + c] ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < d; r++) a[r * d + c] /= norm;
  }
  return a;
}

const x1Variances = (lambda: number[], eps: number) =>
  lambda.map((l) => (l > eps ? l - eps : GAUSSIAN_CHAIN_GAIN_FLOOR * eps * DT));
const exactEntropy = (v: number[], mixture: boolean, active: boolean[]) =>
  v.reduce(
    (s, x, j) =>
      s + (mixture && active[j] ? MIX_ENTROPY + 0.5 * Math.log(x) : 0.5 * Math.log(2 * Math.PI * Math.E * x)),
    0,
  );

/** X₁ = V·diag(√v)·z with z standard normal, or (mixture) z of the unit mixture in the active directions. */
function drawX1(n: number, v: number[], basis: Float64Array, rng: Random, mixtureIn: boolean[] | null = null): Samples {
  const d = v.length;
  const z = rng.fillNormal(new Float64Array(n * d));
  if (mixtureIn) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++)
        if (mixtureIn[j]) z[i * d + j] = (rng.uniform() < 0.5 ? -MIX_A : MIX_A) + MIX_B * z[i * d + j];
    }
  }
  const data = new Float64Array(n * d);
  const s = v.map(Math.sqrt);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < d; r++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += basis[r * d + j] * s[j] * z[i * d + j];
      data[i * d + r] = acc;
    }
  }
  return { n, dim: d, data };
}

interface Row {
  spectrum: string;
  dim: number;
  estimator: string;
  seed: number;
  eps: number;
  activeDirections: number;
  exact: number;
  estimate: number;
  error: number;
  se: number;
  trainSeconds: number;
}
const rows: Row[] = [];
const t0 = performance.now();
for (const kind of spectra) {
  for (const d of dims) {
    const lambda = spectrum(kind, d);
    const cov = (basis: Float64Array) =>
      Array.from({ length: d }, (_, r) =>
        Float64Array.from({ length: d }, (_, c) => {
          let acc = 0;
          for (let j = 0; j < d; j++) acc += basis[r * d + j] * lambda[j] * basis[c * d + j];
          return acc;
        }),
      );
    for (let seed = 0; seed < seeds; seed++) {
      const root = new Random(1000 * d + seed + (kind === 'decay' ? 500 : kind === 'mixture' ? 250 : 0));
      const basis = rotation(d, root);
      const source = {
        dim: d,
        mean: () => new Float64Array(d),
        covariance: () => cov(basis),
        sample: (n: number, rng: Random) => drawX1(n, lambda, basis, rng),
      };
      const scaling = inputScalingFor(source, root, 4096, 'whiten');
      const { min, max, points } = EPS[kind];
      // The eval batches are the same for every estimator (common random numbers).
      const evalSets = points.map((eps, k) => {
        const rng = new Random(77 + 31 * k + seed);
        const v = x1Variances(lambda, eps);
        const act = lambda.map((l) => l > eps);
        const mix = kind === 'mixture' ? act : null;
        return {
          eps,
          exact: exactEntropy(v, kind === 'mixture', act),
          active: lambda.filter((l) => l > eps).length,
          batches: Array.from({ length: evalBatches }, () => drawX1(evalBatchSize, v, basis, rng, mix)),
        };
      });
      for (const est of estimators) {
        let trainSeconds = 0;
        let read: (x: Samples, eps: number) => number;
        let dispose = () => {};
        if (est === 'knn' || est === 'knn-whitened' || est === 'gaussian') {
          const k = resolveR2D2Config({ epsMin: min, epsMax: max }, d).knnK;
          read =
            est === 'gaussian'
              ? (x) => gaussianEntropy(x, { biasCorrected: true }).entropy
              : (x) => knnEntropy(x, { k, whiten: est === 'knn-whitened' }).entropy;
        } else {
          const cfg = resolveR2D2Config({ epsMin: min, epsMax: max, entropy: est, dt: DT, seed }, d);
          const range = epsRange(cfg.epsMin, cfg.epsMax, cfg.epsSampling);
          const rng = new Random(seed + 17);
          const [initRng, termRng, epsRng, drawRng] = rng.split(4);
          const term = createEntropyTerm(cfg, range, scaling, initRng, termRng);
          const ts = performance.now();
          for (let s = 0; s < steps; s++) {
            const eps = sampleEps(range, epsRng);
            const x = drawX1(
              cfg.batchSize,
              x1Variances(lambda, eps),
              basis,
              drawRng,
              kind === 'mixture' ? lambda.map((l) => l > eps) : null,
            );
            const xt = tf.tensor2d(Float32Array.from(x.data), [x.n, d]);
            for (let k = 0; k < cfg.entropyStepsPerStep; k++) term.update(xt, eps);
            xt.dispose();
          }
          trainSeconds = (performance.now() - ts) / 1000;
          read = (x, eps) => term.evaluate(x, eps);
          dispose = () => term.dispose();
        }
        for (const set of evalSets) {
          const h = set.batches.map((b) => read(b, set.eps));
          const mean = h.reduce((a, b) => a + b, 0) / h.length;
          const se = Math.sqrt(h.reduce((a, b) => a + (b - mean) ** 2, 0) / (h.length - 1) / h.length);
          rows.push({
            spectrum: kind,
            dim: d,
            estimator: est,
            seed,
            eps: set.eps,
            activeDirections: set.active,
            exact: set.exact,
            estimate: mean,
            error: mean - set.exact,
            se,
            trainSeconds,
          });
          console.log(
            `${kind} d=${d} ${est} seed ${seed} eps ${set.eps} (${set.active}/${d} active): H ${set.exact.toFixed(3)}  Ĥ ${mean.toFixed(3)} ± ${se.toFixed(3)}  error ${(mean - set.exact).toFixed(3)}  (${trainSeconds.toFixed(0)} s training)`,
          );
        }
        dispose();
      }
    }
  }
}

// Summary per (spectrum, d, estimator): mean error (bias) over seeds and eps points, RMS error, mean SE.
const summary: {
  spectrum: string;
  dim: number;
  estimator: string;
  meanError: number;
  rmsError: number;
  maxAbsError: number;
  meanSe: number;
}[] = [];
for (const kind of spectra)
  for (const d of dims)
    for (const est of estimators) {
      const mine = rows.filter((r) => r.spectrum === kind && r.dim === d && r.estimator === est);
      if (mine.length === 0) continue;
      const meanError = mine.reduce((s, r) => s + r.error, 0) / mine.length;
      summary.push({
        spectrum: kind,
        dim: d,
        estimator: est,
        meanError,
        rmsError: Math.sqrt(mine.reduce((s, r) => s + r.error ** 2, 0) / mine.length),
        maxAbsError: Math.max(...mine.map((r) => Math.abs(r.error))),
        meanSe: mine.reduce((s, r) => s + r.se, 0) / mine.length,
      });
    }
console.log('\nspectrum  d   estimator  mean error  RMS error  max |error|  mean SE');
for (const s of summary)
  console.log(
    `${s.spectrum.padEnd(8)} ${String(s.dim).padStart(2)}  ${s.estimator.padEnd(9)} ${s.meanError.toFixed(3).padStart(10)} ${s.rmsError.toFixed(3).padStart(10)} ${s.maxAbsError.toFixed(3).padStart(12)} ${s.meanSe.toFixed(4).padStart(8)}`,
  );
writeBenchmarkResult(
  values.out!,
  'entropy-in-r2d2',
  {
    settings: {
      dims,
      estimators,
      spectra,
      steps,
      seeds,
      evalBatches,
      evalBatchSize,
      dt: DT,
      eps: EPS,
      mixture: { a: MIX_A, b: MIX_B, unitEntropy: MIX_ENTROPY },
      seconds: (performance.now() - t0) / 1000,
    },
    summary,
    rows,
  },
  values.backend,
);
console.log(`wrote ${values.out}`);
