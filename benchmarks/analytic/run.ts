// Benchmark of the analytic package (one command: `npx tsx benchmarks/analytic/run.ts`):
//  1. the optimal SDE for the Fig. 8 GMM at eps = 0.02, 10⁵ paths × 100 Euler–Maruyama steps, plain TypeScript
//     (core's solveSde64 with the analytic drift);
//  2. Blahut–Arimoto on a 1000-point grid for the same source, gap tolerance 1e-6.
// The same computations in numpy (benchmarks/peers/analytic_numpy.py) run via child_process when python3 with
// numpy is present. Writes benchmarks/results/analytic.json and prints a table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Random, solveSde64, uniformGrid } from '@ratedistortion/core';
import { GaussianMixture, blahutArimotoGrid1d, mixtureOptimalDrift, mixtureRateDistortion } from '@ratedistortion/analytic';

const eps = 0.02;
const paths = 100_000;
const steps = 100;
// The dual gap of BA stalls near 1e-5 on this grid long before 1e-6 (far-tail re-equilibration, see the BA
// module) while R and D are settled to ~1e-9; both sides stop at the same cap so the timing compares equal work.
const BA_MAX_ITERATIONS = 2000;
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
const ba = best(1, () => blahutArimotoGrid1d({ density: (x) => g.density([x])[0], xMin: -2, xMax: 2, points: 1000 }, eps, { tol: 1e-6, maxIterations: BA_MAX_ITERATIONS }));

let peer: Record<string, number | string> | null = null;
let peerNote = '';
try {
  const script = fileURLToPath(new URL('../peers/analytic_numpy.py', import.meta.url));
  peer = JSON.parse(execFileSync('python3', [script, String(paths), String(steps), String(BA_MAX_ITERATIONS)], { encoding: 'utf8', timeout: 600_000 }));
} catch (e) {
  peerNote = `numpy peer unavailable: ${(e as Error).message.split('\n')[0]}`;
}

const rows = [
  { task: `optimal SDE, ${paths} paths × ${steps} EM steps`, tsSeconds: sde.seconds, numpySeconds: peer ? Number(peer.sdeSeconds) : null, result: `D = ${sde.value.toFixed(6)} (exact eps/2 = ${eps / 2})` },
  { task: `Blahut–Arimoto, 1000-point grid, gap 1e-6, ≤ ${BA_MAX_ITERATIONS} it`, tsSeconds: ba.seconds, numpySeconds: peer ? Number(peer.baSeconds) : null, result: `R = ${ba.value.rate.toFixed(8)} (exact ${exact.rate.toFixed(8)}), ${ba.value.iterations} it, gap ${(ba.value.rate - ba.value.lowerBound).toExponential(2)}` },
].map((r) => ({ ...r, speedup: r.numpySeconds ? r.numpySeconds / r.tsSeconds : null }));

const out = {
  date: new Date().toISOString(),
  node: process.version,
  numpy: peer?.numpy ?? null,
  note: peerNote || undefined,
  rows,
  peer,
  ts: { sdeDistortion: sde.value, baRate: ba.value.rate, baDistortion: ba.value.distortion, baLowerBound: ba.value.lowerBound, baIterations: ba.value.iterations, baConverged: ba.value.converged },
};
const dir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}analytic.json`, JSON.stringify(out, null, 2) + '\n');
console.table(rows.map((r) => ({ task: r.task, 'TS (s)': r.tsSeconds.toFixed(3), 'numpy (s)': r.numpySeconds?.toFixed(3) ?? '—', 'numpy/TS': r.speedup?.toFixed(2) ?? '—', result: r.result })));
if (peerNote) console.log(peerNote);
