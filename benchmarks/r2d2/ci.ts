// CI guard for R2D2: a short run (about 1–3 minutes on 2 cores, wasm) on N(0, 1) that exits non-zero when the
// rate error exceeds a loose threshold. Settings: eps ∈ [0.1, 0.9], batch 256, Δt = 1/50, one hidden layer
// of 64, lr 2e-3, DV entropy (the default path, critic 3:1), 1000 steps; evaluation at eps = 0.2, 0.4, 0.6, 0.8
// on 4 batches of 1024. Reference: the closed form R(D) = ½ log(σ²/(2D̂)) at the estimated distortion and
// R(eps) = ½ log(σ²/eps).
// Thresholds (loose on purpose; a healthy run measures ~0.01–0.02 nats): median |ΔR at D̂| <= 0.05 nats and
// every |ΔR at eps| <= 0.15 nats; |D̂/(eps/2) − 1| <= 0.2. The distortion tolerance is the loosest because D̂
// converges more slowly than R(D̂): at the optimum the Lagrangian is stationary along the RD curve, so a point
// displaced along the curve costs only second order (measured: −10 % at eps = 0.8 after 1000 steps, while
// ΔR at D̂ is 0.017). A broken read-out (e.g. a wrong sign, a missing ½ in D, a log base) or a controller that
// does not train misses these by an order of magnitude.
//
//   npx tsx benchmarks/r2d2/ci.ts [--steps 1000] [--backend wasm]
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { machine, medianOf, parseFlags, selectBackend, table, writeResult } from './common.js';

const THRESHOLD_MEDIAN_AT_D = 0.05;
const THRESHOLD_MAX_AT_EPS = 0.15;
const THRESHOLD_REL_DISTORTION = 0.2;

const flags = parseFlags({ steps: 1000, seeds: 1, backend: 'wasm', evalBatches: 4, evalBatchSize: 1024, checkpointEvery: 1000 });
const backend = await selectBackend(flags.backend);
const source = sourceFromSpec({ kind: 'gaussian', variance: 1 });
const started = performance.now();
const est = new R2D2(source, { epsMin: 0.1, epsMax: 0.9, batch: 256, dt: 0.02, hidden: [64], learningRate: 2e-3, entropy: 'dv', seed: 7 });
const trained = await est.train({ steps: flags.steps });
const pts = est.curve([0.2, 0.4, 0.6, 0.8], { batches: flags.evalBatches, batchSize: flags.evalBatchSize });
est.dispose();
const rows = pts.map((p) => ({
  eps: p.eps, rate: p.rate, distortion: p.distortion,
  errAtD: p.rate - 0.5 * Math.log(1 / (2 * p.distortion)),
  errAtEps: p.rate - 0.5 * Math.log(1 / p.eps),
  relDistortion: (p.distortion - p.eps / 2) / (p.eps / 2),
}));
const medianAtD = medianOf(rows.map((r) => Math.abs(r.errAtD)));
const maxAtEps = Math.max(...rows.map((r) => Math.abs(r.errAtEps)));
const maxRelD = Math.max(...rows.map((r) => Math.abs(r.relDistortion)));
const seconds = (performance.now() - started) / 1000;
console.log(table(['eps', 'R̂', 'D̂', 'ΔR at D̂', 'ΔR at eps', 'D̂/(eps/2) − 1'], rows.map((r) => [r.eps, r.rate, r.distortion, r.errAtD, r.errAtEps, r.relDistortion])));
const pass = medianAtD <= THRESHOLD_MEDIAN_AT_D && maxAtEps <= THRESHOLD_MAX_AT_EPS && maxRelD <= THRESHOLD_REL_DISTORTION;
console.log(`median |ΔR at D̂| = ${medianAtD.toFixed(4)} (<= ${THRESHOLD_MEDIAN_AT_D}), max |ΔR at eps| = ${maxAtEps.toFixed(4)} (<= ${THRESHOLD_MAX_AT_EPS}), ` +
  `max |D̂/(eps/2) − 1| = ${maxRelD.toFixed(4)} (<= ${THRESHOLD_REL_DISTORTION}); ${trained.stepsPerSecond.toFixed(2)} steps/s, ${seconds.toFixed(0)} s total on ${backend}`);
writeResult('ci', {
  benchmark: 'r2d2-ci', settings: { steps: flags.steps, backend, epsMin: 0.1, epsMax: 0.9, batch: 256, dt: 0.02, hidden: [64], learningRate: 2e-3, entropy: 'dv', seed: 7 },
  thresholds: { medianAbsErrAtD: THRESHOLD_MEDIAN_AT_D, maxAbsErrAtEps: THRESHOLD_MAX_AT_EPS, maxRelDistortion: THRESHOLD_REL_DISTORTION },
  result: { pass, medianAbsErrAtD: medianAtD, maxAbsErrAtEps: maxAtEps, maxRelDistortion: maxRelD, stepsPerSecond: trained.stepsPerSecond, seconds },
  points: rows, machine: machine(),
});
console.log(pass ? 'PASS' : 'FAIL');
process.exitCode = pass ? 0 : 1;
