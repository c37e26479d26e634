// EBRD's own Gaussian cases (Wu et al., Sec. IV-A/B) against closed forms: X ~ N(0, 1) and a 2-D Gaussian
// Σ = U diag(σ₁², σ₂²) Uᵀ with σ_i = 2^{−i/10} (their vector-Gaussian family) and U a rotation by 0.7 rad.
// Each eps gets its own model (EBRD is not amortised), trained for the same number of steps under two
// Langevin settings:
//   paper  — K = 50, ε = 1.2e-2 (their Gaussian setting): K·ε²/2 = 0.0036 time units, the chains barely leave
//            their N(0, I) starts, so Q_θ stays ≈ N(0, I) whatever E_θ learns;
//   mixing — K = 30, ε = 0.25: K·ε²/2 ≈ 0.94 time units, chains relax and E_θ is actually learned.
// Reported per point: R̂, D̂ (App. A read-out, medians over evaluation batches), the truth at eps by reverse
// water-filling, ΔR at D̂ = R̂ − R(D̂) (distance to the curve) and ΔR at eps = R̂ − R*(eps), and tr Cov(Q_θ)
// from Langevin draws against the optimal tr Cov(Q*) = Σ max(λ_i − eps, 0).
//
//   npx tsx benchmarks/baselines/ebrd-scalar.ts [--steps 300] [--seeds 1] [--backend wasm] [--settings both]
//        [--eval-batches 4] [--eval-batch-size 1024] [--hidden 32] [--batch 128] [--lr 1e-3]
import { parseArgs } from 'node:util';
import { Random, currentBackend, useBackend } from '@ratedistortion/core';
import { gaussianRateDistortion, reverseWaterFilling } from '@ratedistortion/analytic';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { EBRD, sampleMarginal } from '@ratedistortion/estimators/ebrd';
import { table, writeResult } from './wgd-common.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'wasm' },
    settings: { type: 'string', default: 'both' },
    'eval-batches': { type: 'string', default: '4' },
    'eval-batch-size': { type: 'string', default: '1024' },
    hidden: { type: 'string', default: '32' },
    batch: { type: 'string', default: '128' },
    lr: { type: 'string', default: '1e-3' },
  },
  strict: true,
});
const int = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
};
const steps = int('steps', values.steps);
const seeds = int('seeds', values.seeds);
const evalBatches = int('eval-batches', values['eval-batches']);
const evalBatchSize = int('eval-batch-size', values['eval-batch-size']);
const hidden = int('hidden', values.hidden);
const batchSize = int('batch', values.batch);
const learningRate = Number(values.lr);
if (!(learningRate > 0)) throw new Error(`--lr must be > 0, got ${values.lr}`);
if (values.backend !== 'wasm' && values.backend !== 'cpu')
  throw new Error(`--backend must be cpu or wasm, got ${values.backend}`);
await useBackend(values.backend);

const SETTINGS = {
  paper: { langevinSteps: 50, stepSize: 1.2e-2 },
  mixing: { langevinSteps: 30, stepSize: 0.25 },
} as const;
type SettingName = keyof typeof SETTINGS;
const settingNames: SettingName[] = values.settings === 'both' ? ['paper', 'mixing'] : [values.settings as SettingName];
for (const s of settingNames)
  if (!(s in SETTINGS)) throw new Error(`--settings must be paper, mixing or both, got ${s}`);

const theta = 0.7;
const sig2 = [2 ** -0.2, 2 ** -0.4];
const [c, s] = [Math.cos(theta), Math.sin(theta)];
const cov2 = [
  [c * c * sig2[0] + s * s * sig2[1], c * s * (sig2[0] - sig2[1])],
  [c * s * (sig2[0] - sig2[1]), s * s * sig2[0] + c * c * sig2[1]],
];
const cases = [
  { name: 'N(0,1)', spec: { kind: 'gaussian', variance: 1 }, eigenvalues: [1], epsList: [0.1, 0.25, 0.5] },
  { name: '2-D Gaussian', spec: { kind: 'gaussian', covariance: cov2 }, eigenvalues: sig2, epsList: [0.2, 0.5] },
];

interface Row {
  case: string;
  settings: SettingName;
  eps: number;
  seed: number;
  rate: number;
  distortion: number;
  rateIqr: [number, number];
  trueRate: number;
  trueDistortion: number;
  rateAtD: number;
  errAtD: number;
  errAtEps: number;
  qTrace: number;
  qTraceOptimal: number;
  trainSeconds: number;
  stepsPerSecond: number;
}
const rows: Row[] = [];
for (const cs of cases) {
  const source = sourceFromSpec(cs.spec);
  for (const settings of settingNames) {
    for (const eps of cs.epsList) {
      for (let k = 0; k < seeds; k++) {
        const seed = 100 + k;
        const est = new EBRD(source, {
          eps,
          hidden: [hidden, hidden],
          batchSize,
          learningRate,
          seed,
          ...SETTINGS[settings],
        });
        const t = await est.train({ steps });
        const p = est.evaluate(eps, { batches: evalBatches, batchSize: evalBatchSize });
        const truth = reverseWaterFilling(cs.eigenvalues, eps);
        const atD = gaussianRateDistortion(cs.eigenvalues, p.distortion).rate;
        const q = sampleMarginal(est.energy, 4096, source.dim, {
          steps: est.config.evalLangevinSteps,
          stepSize: est.config.evalStepSize,
          rng: new Random(seed),
        });
        let qTrace = 0;
        for (let j = 0; j < q.dim; j++) {
          let m = 0;
          let v = 0;
          for (let i = 0; i < q.n; i++) m += q.data[i * q.dim + j];
          m /= q.n;
          for (let i = 0; i < q.n; i++) v += (q.data[i * q.dim + j] - m) ** 2;
          qTrace += v / (q.n - 1);
        }
        const row: Row = {
          case: cs.name,
          settings,
          eps,
          seed,
          rate: p.rate,
          distortion: p.distortion,
          rateIqr: p.rateIqr,
          trueRate: truth.rate,
          trueDistortion: truth.distortion,
          rateAtD: atD,
          errAtD: p.rate - atD,
          errAtEps: p.rate - truth.rate,
          qTrace,
          qTraceOptimal: cs.eigenvalues.reduce((a, l) => a + Math.max(l - eps, 0), 0),
          trainSeconds: t.seconds,
          stepsPerSecond: t.stepsPerSecond,
        };
        rows.push(row);
        console.log(
          `${cs.name} ${settings} eps=${eps} seed=${seed}: R̂=${p.rate.toFixed(4)} (truth ${truth.rate.toFixed(4)}), D̂=${p.distortion.toFixed(4)} (truth ${truth.distortion.toFixed(4)}), ΔR@D̂=${row.errAtD.toFixed(4)}, ${t.stepsPerSecond.toFixed(1)} steps/s`,
        );
        est.dispose();
      }
    }
  }
}

const med = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : 0.5 * (a[m - 1] + a[m]);
};
const summary = settingNames.map((settings) => {
  const rs = rows.filter((r) => r.settings === settings);
  return {
    settings,
    ...SETTINGS[settings],
    medianAbsErrAtD: med(rs.map((r) => Math.abs(r.errAtD))),
    medianAbsErrAtEps: med(rs.map((r) => Math.abs(r.errAtEps))),
    medianAbsDistortionRelErr: med(rs.map((r) => Math.abs(r.distortion / r.trueDistortion - 1))),
  };
});
console.log(
  `\nEBRD scalar/vector Gaussian cases, ${steps} steps per model, ${seeds} seed(s), backend ${String(currentBackend())}, hidden [${hidden}, ${hidden}], N = ${batchSize}`,
);
console.log(
  table(
    ['case', 'settings', 'eps', 'R̂', 'R*(eps)', 'D̂', 'D*(eps)', 'ΔR at D̂', 'ΔR at eps', 'tr Cov Q', 'tr Cov Q*'],
    rows.map((r) => [
      r.case,
      r.settings,
      r.eps,
      r.rate,
      r.trueRate,
      r.distortion,
      r.trueDistortion,
      r.errAtD,
      r.errAtEps,
      r.qTrace,
      r.qTraceOptimal,
    ]),
  ),
);
console.log(
  '\n' +
    table(
      ['settings', 'K', 'ε', 'median |ΔR at D̂|', 'median |ΔR at eps|', 'median |D̂/D* − 1|'],
      summary.map((s) => [
        s.settings,
        s.langevinSteps,
        s.stepSize,
        s.medianAbsErrAtD,
        s.medianAbsErrAtEps,
        s.medianAbsDistortionRelErr,
      ]),
    ),
);
const file = writeResult('ebrd-scalar', {
  conventions: 'D = ½E‖X−X̂‖², nats, eps = 1/β (EBRD β on ‖x−y‖² = 1/(2 eps))',
  flags: {
    steps,
    seeds,
    backend: String(currentBackend()),
    hidden: [hidden, hidden],
    batchSize,
    learningRate,
    evalBatches,
    evalBatchSize,
  },
  settings: SETTINGS,
  cases: cases.map((c2) => ({ name: c2.name, spec: c2.spec, eigenvalues: c2.eigenvalues, epsList: c2.epsList })),
  summary,
  rows,
});
console.log(`\nwrote ${file}`);
