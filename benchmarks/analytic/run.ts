// Benchmark of the analytic package (one command: `npx tsx benchmarks/analytic/run.ts [reps]`):
//  1. the optimal SDE for the Fig. 8 GMM at eps = 0.02, 10⁵ paths × 100 Euler–Maruyama steps, plain TypeScript
//     (core's solveSde64 with the analytic drift; X0 sampling included on both sides);
//  2. Blahut–Arimoto on a 1000-point grid for the same source, plain and SQUAREM-accelerated, with the kernel
//     applied densely (banded Toeplitz row dot products / BLAS matvecs in numpy) and by FFT (with exact
//     recomputation of entries below the FFT's error bound, on both sides), stopping when one plain update
//     decreases the Lagrangian by ≤ 1e-6 (the tolerance) and by ≤ 1e-11 (R then within ~1e-7 of exact).
// The numpy peer (benchmarks/peers/analytic_numpy.py) does the same computations, one task per invocation, pinned
// to one BLAS thread. TypeScript and numpy repetitions alternate (TS first on even repetitions, numpy first on
// odd ones) and each side reports its median, so that both see the same machine load; every TypeScript task
// runs once untimed first (JIT warm-up; numpy's import and set-up are not timed either). Both sides must agree
// on R and D to 1e-10. Writes benchmarks/results/analytic.json (with the machine description and load) and
// prints a table. The peer interpreter is `python3` on PATH unless ANALYTIC_PEER_PYTHON names another.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { Random, solveSde64, uniformGrid } from '@ratedistortion/core';
import {
  GaussianMixture,
  blahutArimotoGrid1d,
  mixtureOptimalDrift,
  mixtureRateDistortion,
} from '@ratedistortion/analytic';

const eps = 0.02;
const paths = 100_000;
const steps = 100;
const REPS = Number(process.argv[2] ?? 5);
const ONLY = process.argv[3]; // optional task-id prefix (e.g. 'ba-squarem'), for quick checks
const g = GaussianMixture.fromSpec({
  kind: 'gmm',
  weights: [1 / 3, 1 / 3, 1 / 3],
  means: [-0.4, 0, 0.4],
  variances: [0.04, 0.05, 0.06],
});
const exact = mixtureRateDistortion(g, eps);
const source = { density: (x: number) => g.density([x])[0], xMin: -2, xMax: 2, points: 1000 };
const python = process.env.ANALYTIC_PEER_PYTHON ?? 'python3';
const script = fileURLToPath(new URL('../peers/analytic_numpy.py', import.meta.url));

interface Outcome {
  seconds: number;
  [k: string]: unknown;
}
interface Task {
  id: string;
  label: string;
  ts: () => Outcome;
  peer: string[];
  tol?: number;
  acceleration?: string;
  product?: string;
}

function timed(f: () => Record<string, unknown>): Outcome {
  const t0 = performance.now();
  const r = f();
  return { seconds: (performance.now() - t0) / 1000, ...r };
}

const tasks: Task[] = [
  {
    id: 'sde',
    label: `optimal SDE, ${paths} paths × ${steps} EM steps`,
    peer: ['sde', String(paths), String(steps)],
    ts: () =>
      timed(() => {
        const x0 = g.sample(paths, new Random(0));
        const r = solveSde64({
          drift: mixtureOptimalDrift(g, eps),
          x0,
          sigma: Math.sqrt(eps),
          grid: uniformGrid(steps),
          scheme: 'euler-maruyama',
          rng: new Random(1),
        });
        let s = 0;
        for (let i = 0; i < paths; i++) s += 0.5 * (r.x1.data[i] - x0.data[i]) ** 2;
        return { distortion: s / paths };
      }),
  },
];
for (const tol of [1e-6, 1e-11]) {
  for (const acceleration of ['none', 'squarem'] as const) {
    for (const product of ['dense', 'fft'] as const) {
      tasks.push({
        id: `ba-${acceleration}-${product}-${tol}`,
        label: `BA ${acceleration === 'none' ? 'plain' : 'SQUAREM'}, ${product}, ΔL ≤ ${tol}`,
        tol,
        acceleration,
        product,
        peer: ['ba', product, acceleration, String(tol)],
        ts: () =>
          timed(() => {
            const r = blahutArimotoGrid1d(source, eps, { tol, acceleration, product });
            return {
              rate: r.rate,
              distortion: r.distortion,
              lowerBound: r.lowerBound,
              iterations: r.iterations,
              lagrangianChange: r.lagrangianChange,
            };
          }),
      });
    }
  }
}

let peerNote: string | null = null;
let peerInfo: { numpy: string; python: string } | null = null;
function runPeer(args: string[]): Outcome | null {
  if (peerNote !== null) return null;
  try {
    const out = JSON.parse(
      execFileSync(python, [script, ...args], {
        encoding: 'utf8',
        timeout: 600_000,
        // One thread on each side: the TypeScript side is single-threaded, so BLAS threads would compare cores, not code.
        env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      }),
    );
    peerInfo = { numpy: out.numpy, python: out.python };
    return out;
  } catch (e) {
    peerNote = `numpy peer unavailable: ${(e as Error).message.split('\n')[0]}`;
    return null;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

if (ONLY) tasks.splice(0, tasks.length, ...tasks.filter((t) => t.id.startsWith(ONLY)));
const load = [loadavg()[0]];
const ts: Record<string, Outcome[]> = {};
const np: Record<string, Outcome[]> = {};
for (const t of tasks) {
  t.ts();
  ts[t.id] = [];
  np[t.id] = [];
} // warm-up
for (let rep = 0; rep < REPS; rep++) {
  for (const t of tasks) {
    if (rep % 2 === 0) {
      ts[t.id].push(t.ts());
      const p = runPeer(t.peer);
      if (p) np[t.id].push(p);
    } else {
      const p = runPeer(t.peer);
      if (p) np[t.id].push(p);
      ts[t.id].push(t.ts());
    }
  }
  load.push(loadavg()[0]);
}

const rows = tasks.map((t) => {
  const tsSeconds = median(ts[t.id].map((o) => o.seconds));
  const numpySeconds = np[t.id].length ? median(np[t.id].map((o) => o.seconds)) : null;
  const a = ts[t.id][0];
  const b = np[t.id][0];
  let result: string;
  let agreement: number | null = null;
  if (t.id === 'sde') {
    result = `D = ${(a.distortion as number).toFixed(6)} (numpy ${b ? (b.distortion as number).toFixed(6) : '—'}; exact eps/2 = ${eps / 2})`;
  } else {
    agreement = b
      ? Math.max(
          Math.abs((a.rate as number) - (b.rate as number)),
          Math.abs((a.distortion as number) - (b.distortion as number)),
        )
      : null;
    result = `R − exact = ${((a.rate as number) - exact.rate).toExponential(2)}, ${a.iterations} it (numpy ${b?.iterations ?? '—'}), |Δ(R, D)| vs numpy ${agreement?.toExponential(1) ?? '—'}`;
  }
  return {
    task: t.label,
    id: t.id,
    tol: t.tol,
    acceleration: t.acceleration,
    product: t.product,
    tsSeconds,
    numpySeconds,
    speedup: numpySeconds !== null ? numpySeconds / tsSeconds : null,
    tsAll: ts[t.id].map((o) => o.seconds),
    numpyAll: np[t.id].map((o) => o.seconds),
    result,
    agreement,
    ts: a,
    numpy: b ?? null,
  };
});
// Best of each side: the faster kernel product on each side, per tolerance and acceleration.
const best = [1e-6, 1e-11].flatMap((tol) =>
  (['none', 'squarem'] as const).flatMap((acceleration) => {
    const group = rows.filter((r) => r.tol === tol && r.acceleration === acceleration);
    if (group.length === 0) return [];
    const bt = group.reduce((x, y) => (y.tsSeconds < x.tsSeconds ? y : x));
    const withPeer = group.filter((r) => r.numpySeconds !== null);
    const bn = withPeer.length
      ? withPeer.reduce((x, y) => ((y.numpySeconds as number) < (x.numpySeconds as number) ? y : x))
      : null;
    return [
      {
        task: `BA ${acceleration === 'none' ? 'plain' : 'SQUAREM'}, best of each side, ΔL ≤ ${tol}`,
        tsSeconds: bt.tsSeconds,
        tsProduct: bt.product,
        numpySeconds: bn?.numpySeconds ?? null,
        numpyProduct: bn?.product ?? null,
        speedup: bn ? (bn.numpySeconds as number) / bt.tsSeconds : null,
      },
    ];
  }),
);

const result = {
  date: new Date().toISOString(),
  repetitions: REPS,
  method:
    'TypeScript and numpy repetitions interleaved (alternating order), medians; TS JIT warm-up run untimed; numpy one BLAS thread',
  numpy: peerInfo,
  note: peerNote ?? undefined,
  loadavg1DuringRun: load,
  exactRate: exact.rate,
  rows: rows.map(({ ts: _a, numpy: _b, ...r }) => r),
  best,
  details: Object.fromEntries(rows.map((r) => [r.id, { ts: r.ts, numpy: r.numpy }])),
};
writeBenchmarkResult(fileURLToPath(new URL('../results/analytic.json', import.meta.url)), 'analytic', result);
console.table(
  [...rows, ...best].map((r) => ({
    task: r.task,
    'TS (s)': r.tsSeconds.toFixed(4),
    'numpy (s)': r.numpySeconds?.toFixed(4) ?? '—',
    'numpy/TS': r.speedup?.toFixed(2) ?? '—',
    result: 'result' in r ? r.result : `TS ${r.tsProduct}, numpy ${r.numpyProduct ?? '—'}`,
  })),
);
if (peerNote) console.log(peerNote);
console.log(`load average (1 min) during the run: ${load.map((x) => x.toFixed(2)).join(' ')}`);
rows.forEach((r) => {
  if (r.agreement !== null && !(r.agreement <= 1e-10))
    console.log(`WARNING: ${r.task}: TS and numpy differ by ${r.agreement}`);
});
