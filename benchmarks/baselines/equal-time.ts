// The equal-time table (issue 19, item 6): every applicable method with its library defaults and the same wall-clock
// budget per method and source, through the library's own `runCurve` (what `rd curve --seconds S` runs), against an
// independent reference R(D). The error of a point is ΔR = R̂ − R(D̂): the estimate's rate minus the reference curve
// at the estimate's own distortion (so a method that lands at another distortion than the eps asked for is judged
// on its curve, not on its eps), with the rate's standard error from the method's evaluation batches.
//
// Sources and references (independent of the estimators):
//   gaussian-1d   N(0, 1), eps 0.1…0.9                        R(D) = ½ log(1/2D)  (closed form)
//   gmm-1, gmm-2  the paper's mixtures #1/#2 (App. D.2)        analytic rdPoint (BHE / BA) on a dense eps grid, interpolated in D
//   laplace       Laplace(0, 1)                                Blahut–Arimoto on the exact density, 2000-cell grid + Richardson
//   sinc4         the sinc⁴ mixture of Fig. 3                  analytic rdPoint on a dense eps grid
//   nerd-20       NERD's 20-dim Gaussian (decay 0.25, rotated) at λ = −10, −5, −2, −0.5 (eps = −1/2λ)   reverse water-filling
//   samples-16    50,000 draws of a 16-dim correlated Gaussian written to CSV, given as {kind:'samples'}  water-filling on the sample covariance
//   gaussian-33   33-dim Gaussian, λᵢ = 10^(−i/32), eps 0.01…0.05 (rates 30–57 nats)                   water-filling
// Methods: r2d2, nerd, wgd, ebrd (all sources), ba (1-D sources). Target per point (issue 19): |ΔR| ≤ max(0.02, 1 % of
// R(D̂)) nats.
// Equal time at equal threads: every method trains on ONE thread (`workers: 1`). NERD, WGD and EBRD would by default
// train their eps models on all available cores at once (each model N times longer under the same seconds), which
// would compare N threads of theirs with R2D2's one.
//
//   npx tsx benchmarks/baselines/equal-time.ts [--seconds 300] [--sources all|gaussian-1d,gmm-1,...]
//        [--methods r2d2,nerd,wgd,ebrd,ba] [--nerd-lambdas -10,-5,-2,-0.5] [--seed 0] [--backend wasm]
//        [--out equal-time]   (writes benchmarks/results/<out>.json and <out>.svg)
//        [--r2d2 '{"hidden":[100,100,100,100],"learningRate":0.001}']   (R2D2 options over its defaults, as JSON;
//                                                                         recorded in the result's settings)
//        [--eval-batches 8]   (evaluation batches of 1,024 per point, every method)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random, symmetricEigen64, type Samples } from '@ratedistortion/core';
import { blahutArimotoRichardson1d, rdPoint } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { runCurve, type CurveMethod, type RunCurveResult } from '@ratedistortion/estimators';
import { stackSvgPanels, xySvg } from '@ratedistortion/cli';
import { RESULTS_DIR, table, writeResult } from './wgd-common.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    sources: { type: 'string', default: 'all' },
    methods: { type: 'string', default: 'r2d2,nerd,wgd,ebrd,ba' },
    'nerd-lambdas': { type: 'string', default: '-10,-5,-2,-0.5' },
    seed: { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: 'equal-time' },
    r2d2: { type: 'string', default: '{}' },
    'eval-batches': { type: 'string', default: '8' },
  },
  strict: true,
});
const seconds = Number(values.seconds);
if (!(seconds > 0) || !Number.isFinite(seconds))
  throw new Error(`--seconds must be a positive number, got ${values.seconds}`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number ≥ 0, got ${values.seed}`);
const backend = values.backend as 'wasm' | 'cpu';
if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${values.backend}`);
const METHODS: readonly CurveMethod[] = ['r2d2', 'nerd', 'wgd', 'ebrd', 'ba'];
const methods = values.methods!.split(',') as CurveMethod[];
for (const m of methods)
  if (!METHODS.includes(m)) throw new Error(`--methods: unknown '${m}' (known: ${METHODS.join(', ')})`);
const evalBatches = Number(values['eval-batches']);
if (!Number.isInteger(evalBatches) || evalBatches < 2)
  throw new Error(`--eval-batches must be a whole number ≥ 2, got ${values['eval-batches']}`);
let r2d2Options: Record<string, unknown>;
try {
  r2d2Options = JSON.parse(values.r2d2!) as Record<string, unknown>;
} catch {
  throw new Error(`--r2d2 must be a JSON object of R2D2 options, got ${values.r2d2}`);
}
if (r2d2Options === null || typeof r2d2Options !== 'object' || Array.isArray(r2d2Options))
  throw new Error(`--r2d2 must be a JSON object of R2D2 options, got ${values.r2d2}`);
const nerdLambdas = values['nerd-lambdas']!.split(',').map(Number);
if (nerdLambdas.some((l) => !(l < 0)))
  throw new Error(`--nerd-lambdas must be negative numbers, got ${values['nerd-lambdas']}`);

// ---- references -------------------------------------------------------------------------------------------------

/** Reverse water-filling R(D) for eigenvalues λ (D = ½ Σ min(λ, θ)): bisection on the water level θ. */
function waterFillingRate(lambda: readonly number[], distortion: number): number {
  const dOf = (theta: number) => 0.5 * lambda.reduce((s, l) => s + Math.min(l, theta), 0);
  const total = dOf(Infinity);
  if (!(distortion > 0)) return Infinity;
  if (distortion >= total) return 0;
  let lo = 0;
  let hi = Math.max(...lambda);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (dOf(mid) < distortion) lo = mid;
    else hi = mid;
  }
  const theta = 0.5 * (lo + hi);
  return lambda.reduce((s, l) => s + (l > theta ? 0.5 * Math.log(l / theta) : 0), 0);
}
const waterFillingPoint = (lambda: readonly number[], eps: number) => ({
  rate: lambda.reduce((s, l) => s + (l > eps ? 0.5 * Math.log(l / eps) : 0), 0),
  distortion: 0.5 * lambda.reduce((s, l) => s + Math.min(l, eps), 0),
});

/** R(D) by linear interpolation in D between reference points on a dense eps grid (NaN outside the grid). */
function interpolated(points: { rate: number; distortion: number }[]): (d: number) => number {
  const p = [...points].sort((a, b) => a.distortion - b.distortion);
  return (d) => {
    if (!(d >= p[0].distortion && d <= p[p.length - 1].distortion)) return NaN;
    let k = 1;
    while (p[k].distortion < d) k++;
    const [a, b] = [p[k - 1], p[k]];
    return b.distortion === a.distortion
      ? a.rate
      : a.rate + ((d - a.distortion) / (b.distortion - a.distortion)) * (b.rate - a.rate);
  };
}
const logGrid = (lo: number, hi: number, n: number) =>
  Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));

interface Case {
  name: string;
  spec: Readonly<Record<string, unknown>>;
  eps: number[];
  dim: number;
  /** R(D) of the reference, and the reference point at eps. */
  rateAt(d: number): number;
  pointAt(eps: number): { rate: number; distortion: number };
  reference: string;
}

function eigenvalues(cov: number[][]): number[] {
  return Array.from(symmetricEigen64(cov.map((r) => Float64Array.from(r))).values);
}

function analyticCase(name: string, spec: Record<string, unknown>, eps: number[], reference: string): Case {
  const grid = logGrid(Math.min(...eps) / 3, Math.max(...eps) * 3, 60).map((e) => rdPoint(spec as never, e));
  return { name, spec, eps, dim: 1, rateAt: interpolated(grid), pointAt: (e) => rdPoint(spec as never, e), reference };
}

function makeCases(tmp: string): Case[] {
  const all: Record<string, () => Case> = {
    'gaussian-1d': () => ({
      name: 'gaussian-1d',
      spec: { kind: 'gaussian', variance: 1 },
      eps: [0.1, 0.3, 0.5, 0.7, 0.9],
      dim: 1,
      rateAt: (d) => waterFillingRate([1], d),
      pointAt: (e) => waterFillingPoint([1], e),
      reference: 'closed form ½ log(1/2D)',
    }),
    'gmm-1': () =>
      analyticCase(
        'gmm-1',
        { kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] },
        [0.001, 0.004, 0.016],
        'analytic rdPoint (BHE below the validity limit, BA above) on 60 eps, interpolated in D',
      ),
    'gmm-2': () =>
      analyticCase(
        'gmm-2',
        { kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.8, 0, 0.8], variances: [0.04, 0.05, 0.06] },
        [0.012, 0.02, 0.028],
        'analytic rdPoint on 60 eps, interpolated in D',
      ),
    sinc4: () =>
      analyticCase(
        'sinc4',
        { kind: 'sinc4-mixture', weights: [0.25, 0.25, 0.25, 0.25], scales: [1, Math.SQRT2, Math.PI, Math.E] },
        [0.01, 0.02, 0.04, 0.06],
        'analytic rdPoint (Fourier BHE) on 60 eps, interpolated in D',
      ),
    laplace: () => {
      const eps = [0.1, 0.3, 0.6];
      const density = (x: number) => 0.5 * Math.exp(-Math.abs(x));
      const ba = (e: number) => blahutArimotoRichardson1d({ density, xMin: -20, xMax: 20, points: 400 }, e);
      const grid = logGrid(Math.min(...eps) / 3, Math.max(...eps) * 3, 12).map(ba);
      return {
        name: 'laplace',
        spec: { kind: 'laplace', scale: 1 },
        eps,
        dim: 1,
        rateAt: interpolated(grid),
        pointAt: ba,
        reference:
          'Blahut–Arimoto on the exact density, [−20, 20], 400 and 800 cells, Richardson-extrapolated (estimated discretisation error ≈ 4e-4 nats); 12 eps, interpolated in D',
      };
    },
    'nerd-20': () => {
      const spec = { kind: 'gaussian', dim: 20, decay: 0.25, rotationSeed: 0 };
      const src = sourceFromSpec(spec) as unknown as { covariance(): Float64Array[] };
      const lambda = eigenvalues(src.covariance().map((r) => Array.from(r)));
      return {
        name: 'nerd-20',
        spec,
        eps: nerdLambdas.map((l) => -1 / (2 * l)),
        dim: 20,
        rateAt: (d) => waterFillingRate(lambda, d),
        pointAt: (e) => waterFillingPoint(lambda, e),
        reference: 'reverse water-filling on the exact covariance',
      };
    },
    'samples-16': () => {
      const gen = sourceFromSpec({ kind: 'gaussian', dim: 16, decay: 0.12, rotationSeed: 3 });
      const n = 50_000;
      const x: Samples = gen.sample(n, new Random(12345));
      const file = join(tmp, 'samples-16.csv');
      const lines: string[] = [];
      for (let i = 0; i < n; i++)
        lines.push(Array.from(x.data.subarray(i * 16, (i + 1) * 16), (v) => v.toPrecision(9)).join(','));
      writeFileSync(file, lines.join('\n') + '\n');
      // The reference is the Gaussian with the SAMPLE mean and covariance: the law the estimators are given.
      const mean = new Float64Array(16);
      for (let i = 0; i < n; i++) for (let j = 0; j < 16; j++) mean[j] += x.data[i * 16 + j] / n;
      const cov = Array.from({ length: 16 }, () => new Array<number>(16).fill(0));
      for (let i = 0; i < n; i++)
        for (let a = 0; a < 16; a++)
          for (let b = 0; b < 16; b++)
            cov[a][b] += ((x.data[i * 16 + a] - mean[a]) * (x.data[i * 16 + b] - mean[b])) / n;
      const lambda = eigenvalues(cov);
      return {
        name: 'samples-16',
        spec: { kind: 'samples', file },
        eps: [0.05, 0.2],
        dim: 16,
        rateAt: (d) => waterFillingRate(lambda, d),
        pointAt: (e) => waterFillingPoint(lambda, e),
        reference:
          'reverse water-filling on the sample covariance of the 50,000 rows (the empirical law is that Gaussian up to sampling)',
      };
    },
    'gaussian-33': () => {
      const lambda = Array.from({ length: 33 }, (_, i) => 10 ** (-i / 32));
      const covariance = lambda.map((l, i) => lambda.map((_, j) => (i === j ? l : 0)));
      return {
        name: 'gaussian-33',
        spec: { kind: 'gaussian', covariance },
        eps: [0.01, 0.03, 0.05],
        dim: 33,
        rateAt: (d) => waterFillingRate(lambda, d),
        pointAt: (e) => waterFillingPoint(lambda, e),
        reference: 'reverse water-filling',
      };
    },
  };
  const names = values.sources === 'all' ? Object.keys(all) : values.sources!.split(',');
  for (const n of names)
    if (!(n in all)) throw new Error(`--sources: unknown '${n}' (known: ${Object.keys(all).join(', ')})`);
  return names.map((n) => all[n]());
}

// ---- run --------------------------------------------------------------------------------------------------------

interface Row {
  source: string;
  method: string;
  eps: number;
  rate: number;
  rateSe: number;
  distortion: number;
  distortionSe: number;
  referenceRateAtD: number;
  deltaR: number;
  tolerance: number;
  withinTarget: boolean;
  referenceAtEps: { rate: number; distortion: number };
}
const tmp = mkdtempSync(join(tmpdir(), 'rd-equal-time-'));
const loadAtStart = loadavg();
const t0 = performance.now();
const rows: Row[] = [];
const runs: { source: string; method: string; train: RunCurveResult['train'] }[] = [];
const failures: { source: string; method: string; error: string }[] = [];
try {
  const cases = makeCases(tmp);
  const references = Object.fromEntries(cases.map((c) => [c.name, { reference: c.reference, eps: c.eps }]));
  for (const c of cases) {
    for (const method of methods) {
      if (method === 'ba' && c.dim > 2) continue;
      console.log(`# ${c.name}: ${method}, ${seconds} s`);
      let res: RunCurveResult;
      try {
        res = await runCurve({
          source: c.spec,
          method,
          eps: c.eps,
          ...(method === 'ba' ? {} : { seconds }),
          ...(method === 'r2d2' ? { r2d2: r2d2Options } : {}),
          // One thread for every method: the comparison is at equal time AND equal threads (header comment), so one
          // wasm kernel thread as well.
          workers: 1,
          wasmThreads: 1,
          evalBatches,
          backend,
          seed,
        });
      } catch (e) {
        // A method that fails on a source is a result too: recorded, and the table goes on.
        const message = e instanceof Error ? e.message : String(e);
        console.log(`# ${c.name}: ${method} failed: ${message}`);
        failures.push({ source: c.name, method, error: message });
        continue;
      }
      runs.push({ source: c.name, method, train: res.train });
      for (const p of res.points) {
        const ref = c.rateAt(p.distortion);
        const tol = Math.max(0.02, 0.01 * (Number.isFinite(ref) ? ref : 0));
        rows.push({
          source: c.name,
          method,
          eps: p.eps,
          rate: p.rate,
          rateSe: p.rateSe,
          distortion: p.distortion,
          distortionSe: p.distortionSe,
          referenceRateAtD: ref,
          deltaR: p.rate - ref,
          tolerance: tol,
          withinTarget: Math.abs(p.rate - ref) <= tol,
          referenceAtEps: c.pointAt(p.eps),
        });
      }
    }
  }
  console.log(
    table(
      ['source', 'method', 'eps', 'R̂', 'SE', 'D̂', 'R(D̂)', 'ΔR', 'target'],
      rows.map((r) => [
        r.source,
        r.method,
        r.eps,
        r.rate,
        r.rateSe,
        r.distortion,
        r.referenceRateAtD,
        r.deltaR,
        r.withinTarget ? 'met' : 'missed',
      ]),
    ),
  );

  const summary = runs.map(({ source, method, train }) => {
    const mine = rows.filter((r) => r.source === source && r.method === method);
    const abs = mine
      .map((r) => Math.abs(r.deltaR))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const median =
      abs.length === 0
        ? NaN
        : abs.length % 2
          ? abs[(abs.length - 1) / 2]
          : 0.5 * (abs[abs.length / 2 - 1] + abs[abs.length / 2]);
    return {
      source,
      method,
      medianAbsDeltaR: median,
      maxAbsDeltaR: abs.length ? abs[abs.length - 1] : NaN,
      pointsWithinTarget: mine.filter((r) => r.withinTarget).length,
      points: mine.length,
      trainSeconds: train.seconds,
      steps: train.steps,
      chain: train.chain,
    };
  });
  console.log(
    table(
      ['source', 'method', 'median |ΔR|', 'max |ΔR|', 'within target', 'steps', 'train s'],
      summary.map((s) => [
        s.source,
        s.method,
        s.medianAbsDeltaR,
        s.maxAbsDeltaR,
        `${s.pointsWithinTarget}/${s.points}`,
        s.steps,
        s.trainSeconds,
      ]),
    ),
  );

  // One panel per source: ΔR against eps, one series per method, band ± 2 SE.
  const panels = [...new Set(rows.map((r) => r.source))].map((source) =>
    xySvg({
      title: `${source}: ΔR = R̂ − R(D̂) at ${seconds} s per method (band ±2 SE)`,
      xLabel: 'eps',
      yLabel: 'ΔR (nats)',
      series: [...new Set(rows.filter((r) => r.source === source).map((r) => r.method))]
        .map((m) => {
          const mine = rows.filter((r) => r.source === source && r.method === m && Number.isFinite(r.deltaR));
          return {
            name: m,
            x: mine.map((r) => r.eps),
            y: mine.map((r) => r.deltaR),
            yIqr: mine.map(
              (r) =>
                [
                  r.deltaR - 2 * (Number.isFinite(r.rateSe) ? r.rateSe : 0),
                  r.deltaR + 2 * (Number.isFinite(r.rateSe) ? r.rateSe : 0),
                ] as [number, number],
            ),
          };
        })
        // A method whose points all lie outside the reference's range (ΔR undefined) has nothing to draw.
        .filter((series) => series.x.length > 0),
    }),
  );
  writeFileSync(join(RESULTS_DIR, `${values.out}.svg`), stackSvgPanels(panels));
  const file = writeResult(
    values.out!,
    {
      settings: {
        secondsPerMethod: seconds,
        methods,
        seed,
        backend,
        nerdLambdas,
        r2d2Options,
        evalBatches,
        threadsPerMethod: 1,
        target: '|ΔR| ≤ max(0.02, 1 % of R(D̂)) nats',
        loadAverageAtStart: loadAtStart,
        wallSeconds: (performance.now() - t0) / 1000,
      },
      references,
      summary,
      failures,
      rows,
      loadAverageAtEnd: loadavg(),
    },
    backend,
  );
  console.log(`wrote ${file} and ${values.out}.svg`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
