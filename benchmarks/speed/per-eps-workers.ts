// Eps-level parallelism of the per-eps methods (issue 16 item 2): a NERD curve of four eps at workers = 1 and 2
// (`runCurve({ method: 'nerd', workers })`, the path `rd curve --method nerd --workers N` takes), each run a fresh
// process, the two counts alternated over --repeats rounds so the host's swings hit both. Each run reports its wall
// seconds from the call to the result (worker start-up and every model's read-out included) and the job's steps
// per wall second; the 1-minute load average is recorded before each run: on a shared machine, figures taken
// under load are indicative only. Both counts give the same curve bit for bit (checked here on every run).
//   npx tsx benchmarks/speed/per-eps-workers.ts [--steps 300] [--repeats 3] [--dim 1]
//       [--out benchmarks/results/speed-per-eps-workers.json]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { runCurve } from '@ratedistortion/estimators';

const here = dirname(fileURLToPath(import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    repeats: { type: 'string', default: '3' },
    dim: { type: 'string', default: '1' },
    out: { type: 'string', default: join(here, '..', 'results', 'speed-per-eps-workers.json') },
    child: { type: 'string' },
  },
  strict: true,
});
const steps = Number(values.steps);
const repeats = Number(values.repeats);
const dim = Number(values.dim);
for (const [k, v] of [
  ['steps', steps],
  ['repeats', repeats],
  ['dim', dim],
] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
}
const EPS = [0.1, 0.25, 0.5, 0.75];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

if (values.child !== undefined) {
  const workers = Number(values.child);
  const t0 = performance.now();
  const r = await runCurve({
    source: { kind: 'gaussian', variance: 1, dim },
    method: 'nerd',
    eps: EPS,
    steps,
    seed: 0,
    backend: 'wasm',
    // One kernel thread for the one-worker runs too: the scaling measured is the worker threads'.
    wasmThreads: 1,
    workers,
  });
  const wall = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ wall, steps: r.train.steps, rates: r.points.map((p) => p.rate), distortions: r.points.map((p) => p.distortion) })}\n`,
  );
  process.exit(0);
}

interface ChildResult {
  wall: number;
  steps: number;
  rates: number[];
  distortions: number[];
}

function runChild(workers: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [...process.execArgv, SELF, '--child', String(workers), '--steps', String(steps), '--dim', String(dim)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as ChildResult)
        : reject(new Error(`child --workers ${workers} exited ${code}`)),
    );
  });
}

const runs: { workers: number; wallSeconds: number; stepsPerSecond: number; load1: number }[] = [];
let reference: ChildResult | undefined;
for (let round = 0; round < repeats; round++) {
  for (const workers of [1, 2]) {
    const load1 = loadavg()[0];
    const r = await runChild(workers);
    reference ??= r;
    if (JSON.stringify([r.rates, r.distortions]) !== JSON.stringify([reference.rates, reference.distortions]))
      throw new Error(`workers ${workers} gave another curve than workers 1: ${r.rates} vs ${reference.rates}`);
    runs.push({ workers, wallSeconds: r.wall, stepsPerSecond: r.steps / r.wall, load1 });
    console.log(
      `round ${round + 1} workers ${workers}: ${r.wall.toFixed(2)} s wall, ${(r.steps / r.wall).toFixed(1)} steps/s (load ${load1.toFixed(2)})`,
    );
  }
}
const of = (w: number) => runs.filter((r) => r.workers === w);
const summary = {
  wallSeconds: { workers1: median(of(1).map((r) => r.wallSeconds)), workers2: median(of(2).map((r) => r.wallSeconds)) },
  stepsPerSecond: {
    workers1: median(of(1).map((r) => r.stepsPerSecond)),
    workers2: median(of(2).map((r) => r.stepsPerSecond)),
  },
  load1: { min: Math.min(...runs.map((r) => r.load1)), max: Math.max(...runs.map((r) => r.load1)) },
};
const speedup = summary.stepsPerSecond.workers2 / summary.stepsPerSecond.workers1;
console.log(
  `median steps/s: 1 worker ${summary.stepsPerSecond.workers1.toFixed(1)}, 2 workers ${summary.stepsPerSecond.workers2.toFixed(1)} (${speedup.toFixed(2)}×)`,
);
writeBenchmarkResult(
  values.out,
  'per-eps-workers',
  {
    description:
      "NERD curve of 4 eps (N(0, I_dim), NERD defaults, seed 0, wasm) via runCurve at workers 1 and 2, a fresh process per run, alternated; wall seconds from the call to the result; steps/s = the job's steps / wall seconds",
    settings: { eps: EPS, stepsPerModel: steps, dim, repeats },
    runs,
    summary: { ...summary, speedup },
  },
  'wasm',
);
