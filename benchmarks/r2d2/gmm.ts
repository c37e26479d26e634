// R2D2 on the 1-D Gaussian mixtures of the paper (App. D.2, E.2):
//   #1 (Fig. 4/8): w = ⅓, μ = −.4, 0, .4, σ² = .04, .05, .06; eps ∈ [4e-4, 1.64e-2]; 4 × 128; lr 5e-4; batch 256.
//   #2 (Fig. 9):   μ = −.8, 0, .8 (same σ²);                  eps ∈ [1.2e-2, 2.8e-2]; 4 × 100; lr 1e-3; batch 256.
// Δt = 1/100, DV entropy (3 critic steps per controller step). Against the analytic package:
//   - R̂ vs the exact R(eps) = h(P0) − ½ log(2πe·eps) (the BHE solution exists for eps < min σ² = 0.04, so the
//     Shannon lower bound is tight; h(P0) by adaptive quadrature), and vs R(D̂) = h(P0) − ½ log(4πe·D̂);
//   - the law of X1 vs p1 = Σ w N(μ, σ² − eps) (KS distance, with the 1% critical value 1.63/√n);
//   - the learned drift vs u* = eps ∂ log p_t at t = 0, 0.5, 0.99 (p_t-weighted RMS error, relative to the RMS of u*).
// The paper trains 3.7M (#1) and 855k (#2) steps; --steps sets the budget here.
//
//   npx tsx benchmarks/r2d2/gmm.ts --mixture 1|2 [--steps 2000] [--seeds 1] [--backend wasm]
import { GaussianMixture, mixtureOptimalDrift, mixtureRateDistortion } from '@ratedistortion/analytic/mixture';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { medianOf, parseFlags, selectBackend, table, writeResult } from './common.js';
import { ksDistance, normalCdf } from './normal-cdf.js';

const flags = parseFlags(
  { steps: 2000, seeds: 1, backend: 'wasm', evalBatches: 8, evalBatchSize: 1024, checkpointEvery: 500 },
  { mixture: '1' },
);
if (flags.extra.mixture !== '1' && flags.extra.mixture !== '2')
  throw new Error(`--mixture must be 1 or 2, got ${flags.extra.mixture}`);
const which = Number(flags.extra.mixture);
const backend = await selectBackend(flags.backend);

const setting =
  which === 1
    ? {
        means: [-0.4, 0, 0.4],
        epsMin: 4e-4,
        epsMax: 1.64e-2,
        hidden: [128, 128, 128, 128],
        learningRate: 5e-4,
        histEps: 1.56e-2,
        driftEps: 1.56e-2,
        paperSteps: 3.7e6,
      }
    : {
        means: [-0.8, 0, 0.8],
        epsMin: 1.2e-2,
        epsMax: 2.8e-2,
        hidden: [100, 100, 100, 100],
        learningRate: 1e-3,
        histEps: 2.72e-2,
        driftEps: 2.8e-2,
        paperSteps: 855000,
      };
const spec = {
  kind: 'gmm' as const,
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: setting.means,
  variances: [0.04, 0.05, 0.06],
};
const source = sourceFromSpec(spec);
const mixture = GaussianMixture.fromSpec(spec);
const epsGrid = Array.from(
  { length: 8 },
  (_, i) => setting.epsMin * (setting.epsMax / setting.epsMin) ** ((i + 0.5) / 8),
);
const hP0 = mixtureRateDistortion(spec, epsGrid[0]).entropy.entropy;
const rateAtD = (d: number) => hP0 - 0.5 * Math.log(4 * Math.PI * Math.E * d);

const p1Cdf = (eps: number) => (x: number) =>
  spec.weights.reduce((s, w, i) => s + w * normalCdf((x - spec.means[i]) / Math.sqrt(spec.variances[i] - eps)), 0);

interface PointRow {
  seed: number;
  step: number;
  eps: number;
  rate: number;
  distortion: number;
  rateIqr: [number, number];
  exactRate: number;
  errAtEps: number;
  errAtD: number;
}
const points: PointRow[] = [];
const diagnostics: Record<string, unknown>[] = [];
const timings: { seed: number; stepsPerSecond: number }[] = [];
for (let s = 0; s < flags.seeds; s++) {
  const seed = 2000 + s;
  const est = new R2D2(source, {
    epsMin: setting.epsMin,
    epsMax: setting.epsMax,
    batchSize: 256,
    dt: 0.01,
    hidden: setting.hidden,
    learningRate: setting.learningRate,
    entropy: 'dv',
    seed,
  });
  let secs = 0;
  for (let done = 0; done < flags.steps; ) {
    const chunk = Math.min(flags.checkpointEvery, flags.steps - done);
    secs += (await est.train({ steps: chunk })).seconds;
    done += chunk;
    for (const p of est.curve(epsGrid, { batches: flags.evalBatches, batchSize: flags.evalBatchSize })) {
      const exact = mixtureRateDistortion(spec, p.eps).rate;
      points.push({
        seed,
        step: done,
        eps: p.eps,
        rate: p.rate,
        distortion: p.distortion,
        rateIqr: p.rateIqr,
        exactRate: exact,
        errAtEps: p.rate - exact,
        errAtD: p.rate - rateAtD(p.distortion),
      });
    }
    const now = points.filter((r) => r.seed === seed && r.step === done);
    console.log(
      `seed ${seed} step ${done}: median |ΔR| = ${medianOf(now.map((r) => Math.abs(r.errAtEps))).toFixed(4)} nats at eps, ${medianOf(now.map((r) => Math.abs(r.errAtD))).toFixed(4)} at D̂ (${(done / secs).toFixed(2)} steps/s)`,
    );
  }
  timings.push({ seed, stepsPerSecond: flags.steps / secs });
  // Law of X1 at the figure's eps.
  const nHist = 4096;
  const x1 = est.sampleReconstruction(setting.histEps, nHist);
  const ks = ksDistance(x1.data, p1Cdf(setting.histEps));
  // Learned drift vs u* on a grid, weighted by p_t.
  const xs = Float64Array.from({ length: 161 }, (_, i) => -1.6 + (3.2 * i) / 160);
  const uStar = mixtureOptimalDrift(spec, setting.driftEps);
  const drift = [0, 0.5, 0.99].map((t) => {
    const exact = new Float64Array(xs.length);
    uStar(xs, t, exact, xs.length, 1);
    const learned = est.drift({ n: xs.length, dim: 1, data: xs }, t, setting.driftEps).data;
    const w = mixture.atTime(setting.driftEps, t).density(xs);
    let num = 0,
      den = 0,
      wsum = 0;
    for (let i = 0; i < xs.length; i++) {
      num += w[i] * (learned[i] - exact[i]) ** 2;
      den += w[i] * exact[i] ** 2;
      wsum += w[i];
    }
    return {
      t,
      rmsError: Math.sqrt(num / wsum),
      rmsExact: Math.sqrt(den / wsum),
      relative: Math.sqrt(num / den),
      x: Array.from(xs),
      learned: Array.from(learned),
      exact: Array.from(exact),
    };
  });
  diagnostics.push({
    seed,
    ks: { eps: setting.histEps, n: nHist, distance: ks, critical1pct: 1.63 / Math.sqrt(nHist) },
    drift,
  });
  console.log(
    `seed ${seed}: KS(X1, p1) at eps ${setting.histEps} = ${ks.toFixed(4)} (1% critical value ${(1.63 / Math.sqrt(nHist)).toFixed(4)})`,
  );
  console.log(
    table(
      ['t', 'RMS(û − u*)', 'RMS(u*)', 'relative'],
      drift.map((d) => [d.t, d.rmsError, d.rmsExact, d.relative]),
    ),
  );
  est.dispose();
}

const final = points.filter((r) => r.step === flags.steps);
console.log(
  `\nR2D2, Gaussian mixture #${which}, ${flags.steps} steps (paper: ${setting.paperSteps}), ${flags.seeds} seed(s), backend ${backend}; h(P0) = ${hP0.toFixed(6)}`,
);
console.log(
  table(
    ['eps', 'R̂', 'R exact', 'ΔR at eps', 'D̂', 'eps/2', 'ΔR at D̂'],
    epsGrid.map((eps) => {
      const rs = final.filter((r) => Math.abs(r.eps - eps) < 1e-15);
      return [
        eps.toExponential(3),
        medianOf(rs.map((r) => r.rate)),
        rs[0].exactRate,
        medianOf(rs.map((r) => r.errAtEps)),
        medianOf(rs.map((r) => r.distortion)),
        eps / 2,
        medianOf(rs.map((r) => r.errAtD)),
      ];
    }),
  ),
);
const byStep = [...new Set(points.map((r) => r.step))].map((step) => {
  const rs = points.filter((r) => r.step === step);
  return {
    step,
    medianAbsErrAtEps: medianOf(rs.map((r) => Math.abs(r.errAtEps))),
    medianAbsErrAtD: medianOf(rs.map((r) => Math.abs(r.errAtD))),
  };
});
console.log(
  '\n' +
    table(
      ['steps', 'median |ΔR| at eps', 'median |ΔR| at D̂'],
      byStep.map((b) => [b.step, b.medianAbsErrAtEps, b.medianAbsErrAtD]),
    ),
);
const sps = medianOf(timings.map((t) => t.stepsPerSecond));
console.log(`throughput ${sps.toFixed(2)} steps/s`);
const file = writeResult(
  `gmm${which}`,
  {
    settings: {
      ...flags,
      extra: undefined,
      mixture: which,
      backend,
      source: spec,
      ...setting,
      batch: 256,
      dt: 0.01,
      entropy: 'dv',
    },
    target: { absRateError: 0.03 },
    entropyP0: hP0,
    result: byStep[byStep.length - 1],
    byStep,
    timings,
    points,
    diagnostics,
  },
  backend,
);
console.log(`wrote ${file}`);
