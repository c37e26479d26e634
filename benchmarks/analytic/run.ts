// Benchmark of the analytic package (one command: `npx tsx benchmarks/analytic/run.ts`):
//  1. the optimal SDE for the Fig. 8 GMM at eps = 0.02, 10⁵ paths × 100 Euler–Maruyama steps, plain TypeScript
//     (core's solveSde64 with the analytic drift);
//  2. Blahut–Arimoto on a 1000-point grid for the same source, plain and SQUAREM-accelerated, stopping when one
//     plain update decreases the Lagrangian by ≤ 1e-11 nats (R then within ~1e-7 of the exact value; the dual
//     gap, reported, stalls far above 1e-6 on this grid — see the BA module). Best of 3 runs each.
// The same computations in numpy (benchmarks/peers/analytic_numpy.py, dense BLAS matvecs) run via
// child_process when python3 with numpy is present; both sides must agree on R and D to 1e-10.
// Writes benchmarks/results/analytic.json and prints a table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Random, solveSde64, uniformGrid } from '@ratedistortion/core';
import { GaussianMixture, blahutArimotoGrid1d, mixtureOptimalDrift, mixtureRateDistortion } from '@ratedistortion/analytic';

const eps = 0.02;
const paths = 100_000;
const steps = 100;
const BA_TOL = 1e-11;
const BA_REPS = 3;
const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });
const exact = mixtureRateDistortion(g, eps);

function best<T>(reps: number, f: () => T): { seconds: number; value: T } {
  let seconds = Infinity;
  let value!: T;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    value = f();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return { seconds, value };
}

const sde = best(3, () => {
  const x0 = g.sample(paths, new Random(0));
  const r = solveSde64({ drift: mixtureOptimalDrift(g, eps), x0, sigma: Math.sqrt(eps), grid: uniformGrid(steps), scheme: 'euler-maruyama', rng: new Random(1) });
  let s = 0;
  for (let i = 0; i < paths; i++) s += 0.5 * (r.x1.data[i] - x0.data[i]) ** 2;
  return s / paths;
});
const accelerations = ['none', 'squarem'] as const;
const ba = accelerations.map((acceleration) =>
  best(BA_REPS, () => blahutArimotoGrid1d({ density: (x) => g.density([x])[0], xMin: -2, xMax: 2, points: 1000 }, eps, { tol: BA_TOL, acceleration })),
);

interface PeerBa { seconds: number; rate: number; distortion: number; lowerBound: number; iterations: number; lagrangianChange: number }
let peer: { sdeSeconds: number; sdeDistortion: number; numpy: string; ba: Record<(typeof accelerations)[number], PeerBa> } | null = null;
let peerNote = '';
try {
  const script = fileURLToPath(new URL('../peers/analytic_numpy.py', import.meta.url));
  peer = JSON.parse(execFileSync('python3', [script, String(paths), String(steps), String(BA_TOL), String(BA_REPS)], {
    encoding: 'utf8', timeout: 900_000,
    // One thread on each side: the TypeScript side is single-threaded, so BLAS threads would compare cores, not code.
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  }));
} catch (e) {
  peerNote = `numpy peer unavailable: ${(e as Error).message.split('\n')[0]}`;
}

const agreement = accelerations.map((acc, i) => (peer ? Math.max(Math.abs(ba[i].value.rate - peer.ba[acc].rate), Math.abs(ba[i].value.distortion - peer.ba[acc].distortion)) : null));
const rows = [
  { task: `optimal SDE, ${paths} paths × ${steps} EM steps`, tsSeconds: sde.seconds, numpySeconds: peer ? peer.sdeSeconds : null, result: `D = ${sde.value.toFixed(6)} (exact eps/2 = ${eps / 2})` },
  ...accelerations.map((acc, i) => {
    const r = ba[i].value;
    return {
      task: `Blahut–Arimoto ${acc === 'none' ? 'plain' : 'SQUAREM'}, 1000-point grid, ΔL ≤ ${BA_TOL}`,
      tsSeconds: ba[i].seconds,
      numpySeconds: peer ? peer.ba[acc].seconds : null,
      result: `R − exact = ${(r.rate - exact.rate).toExponential(2)}, ${r.iterations} it (numpy ${peer?.ba[acc].iterations ?? '—'}), gap ${r.gap.toExponential(2)}, |Δ(R, D)| vs numpy ${agreement[i]?.toExponential(1) ?? '—'}`,
    };
  }),
].map((r) => ({ ...r, speedup: r.numpySeconds ? r.numpySeconds / r.tsSeconds : null }));

const out = {
  date: new Date().toISOString(),
  node: process.version,
  numpy: peer?.numpy ?? null,
  note: peerNote || undefined,
  rows,
  peer,
  ts: {
    sdeDistortion: sde.value,
    ba: Object.fromEntries(accelerations.map((acc, i) => {
      const r = ba[i].value;
      return [acc, { seconds: ba[i].seconds, rate: r.rate, distortion: r.distortion, lowerBound: r.lowerBound, gap: r.gap, iterations: r.iterations, converged: r.converged, stopReason: r.stopReason, lagrangianChange: r.lagrangianChange }];
    })),
    baExactRate: exact.rate,
    baAgreementWithNumpy: agreement,
  },
  load: { loadavg1: loadavg()[0], cpus: cpus().length },
};
const dir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}analytic.json`, JSON.stringify(out, null, 2) + '\n');
console.table(rows.map((r) => ({ task: r.task, 'TS (s)': r.tsSeconds.toFixed(3), 'numpy (s)': r.numpySeconds?.toFixed(3) ?? '—', 'numpy/TS': r.speedup?.toFixed(2) ?? '—', result: r.result })));
if (peerNote) console.log(peerNote);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
agreement.forEach((a, i) => { if (a !== null && !(a <= 1e-10)) console.log(`WARNING: ${accelerations[i]} BA differs from numpy by ${a}`); });
