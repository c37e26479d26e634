// Worker scaling of R2D2 training (issue 16), side by side with the PyTorch peer, in one invocation:
//   (1) how independent two heavy processes are on this machine: the wall time of a fixed wasm matMul loop in one
//       process alone against two copies at once (throughput factor 2·t1/t2; 2 = perfectly independent);
//   (2) R2D2 steps per second at workers = 1, 2, … --max-workers (benchmarks/speed's d = 1 settings: batch 512,
//       Δt = 1/100, hidden 128×128, Gaussian entropy, every other option the user default), each a fresh process,
//       the worker counts alternated over --repeats rounds so the host's swings hit all of them;
//   (3) the PyTorch peer (benchmarks/peers/r2d2_torch.py, same settings) at 1 thread and at --max-workers threads,
//       alternated with (2).
// The 1-minute load average is recorded with every figure: on a shared machine, figures taken under load are
// indicative only.
//   npx tsx benchmarks/speed/workers.ts [--steps 10] [--repeats 2] [--max-workers 2] [--python /usr/bin/python3]
//       [--out benchmarks/results/speed-workers.json]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tf, useBackend } from '@ratedistortion/core';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';

const here = dirname(fileURLToPath(import.meta.url));
const PEER = join(here, '..', 'peers', 'r2d2_torch.py');
const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10' },
    repeats: { type: 'string', default: '2' },
    'max-workers': { type: 'string', default: String(Math.min(availableParallelism(), 8)) },
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
    out: { type: 'string', default: join(here, '..', 'results', 'speed-workers.json') },
    child: { type: 'string' },
    workers: { type: 'string', default: '1' },
  },
  strict: true,
});
const steps = Number(values.steps);
const repeats = Number(values.repeats);
const maxWorkers = Number(values['max-workers']);
for (const [k, v] of [
  ['steps', steps],
  ['repeats', repeats],
  ['max-workers', maxWorkers],
] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
}
const load1 = () => loadavg()[0];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

if (values.child === 'matmul') {
  // A fixed amount of wasm work: 1,000 products [512, 128]·[128, 128] (16.8 GFLOP).
  await useBackend('wasm');
  const a = tf.randomUniform([512, 128], -1, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform([128, 128], -1, 1, 'float32', 2) as tf.Tensor2D;
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) tf.matMul(a, b).dispose();
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000 })}\n`);
  process.exit(0);
}
if (values.child === 'r2d2') {
  await useBackend('wasm');
  const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 512,
    dt: 1 / 100,
    hidden: [128, 128],
    entropy: 'gaussian',
    seed: 0,
  });
  const workers = Number(values.workers);
  await est.train({ steps: 2, workers }); // warm-up (its own pool)
  const c0 = process.cpuUsage();
  const r = await est.train({ steps, workers });
  const cpu = process.cpuUsage(c0);
  est.dispose();
  // TrainResult.seconds covers the steps only (the pool starts before the loop's clock).
  process.stdout.write(
    `${JSON.stringify({ stepSeconds: r.seconds / r.steps, mainThreadCpuSecondsPerStep: (cpu.user + cpu.system) / 1e6 / r.steps })}\n`,
  );
  process.exit(0);
}

function runChild(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() as string))
        : reject(new Error(`child ${args.join(' ')} exited ${code}`)),
    );
  });
}

function torchStep(threads: number): { stepSeconds: number; torch: string } {
  const r = spawnSync(
    values.python,
    [
      PEER,
      '--dim',
      '1',
      '--steps',
      String(steps),
      '--warmup',
      '3',
      '--batch',
      '512',
      '--dt',
      '0.01',
      '--hidden',
      '128,128',
      '--entropy',
      'gaussian',
      '--eps-min',
      '0.025',
      '--eps-max',
      '0.975',
      '--seed',
      '1',
      '--threads',
      String(threads),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
      timeout: 600_000,
    },
  );
  if (r.status !== 0) throw new Error(`the PyTorch peer failed (status ${r.status}): ${r.stderr?.slice(-400)}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  return { stepSeconds: median(o.stepSeconds), torch: o.torch };
}

const hasTorch = spawnSync(values.python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

// (1) Independence of two heavy processes.
const independence: { alone: number; pairMax: number; factor: number; load1Before: number; load1After: number }[] = [];
for (let r = 0; r < repeats; r++) {
  const load1Before = load1();
  const alone = (await runChild(['--child', 'matmul'])).seconds;
  const pair = await Promise.all([runChild(['--child', 'matmul']), runChild(['--child', 'matmul'])]);
  const pairMax = Math.max(pair[0].seconds, pair[1].seconds);
  independence.push({ alone, pairMax, factor: (2 * alone) / pairMax, load1Before, load1After: load1() });
  process.stderr.write(
    `independence ${r + 1}: alone ${alone.toFixed(2)} s, two at once ${pairMax.toFixed(2)} s → ${((2 * alone) / pairMax).toFixed(2)}× (load ${load1Before.toFixed(2)})\n`,
  );
}

// (2) + (3) alternated.
const workerCounts = Array.from({ length: maxWorkers }, (_, i) => i + 1);
const ours: Record<number, { stepSeconds: number; load1Before: number; load1After: number }[]> = {};
const torch: Record<number, { stepSeconds: number; load1Before: number; load1After: number }[]> = {};
let torchVersion: string | null = null;
for (let r = 0; r < repeats; r++) {
  const order = r % 2 === 0 ? workerCounts : [...workerCounts].reverse();
  for (const w of order) {
    const load1Before = load1();
    const o = await runChild(['--child', 'r2d2', '--workers', String(w), '--steps', String(steps)]);
    (ours[w] ??= []).push({ stepSeconds: o.stepSeconds, load1Before, load1After: load1() });
    process.stderr.write(`ours workers=${w}: ${o.stepSeconds.toFixed(3)} s/step (load ${load1Before.toFixed(2)})\n`);
    if (hasTorch && (w === 1 || w === maxWorkers)) {
      const lb = load1();
      const t = torchStep(w);
      torchVersion = t.torch;
      (torch[w] ??= []).push({ stepSeconds: t.stepSeconds, load1Before: lb, load1After: load1() });
      process.stderr.write(`torch threads=${w}: ${t.stepSeconds.toFixed(3)} s/step (load ${lb.toFixed(2)})\n`);
    }
  }
}

const med = (rows: { stepSeconds: number }[] | undefined) => (rows ? median(rows.map((x) => x.stepSeconds)) : null);
const one = med(ours[1]) as number;
const result = {
  settings: {
    dim: 1,
    batch: 512,
    dt: 0.01,
    hidden: [128, 128],
    entropy: 'gaussian',
    steps,
    repeats,
    maxWorkers,
    cores: availableParallelism(),
  },
  independence: { runs: independence, medianFactor: median(independence.map((x) => x.factor)) },
  ours: Object.fromEntries(
    workerCounts.map((w) => [
      w,
      { runs: ours[w], medianStepSeconds: med(ours[w]), speedupOverOneWorker: one / (med(ours[w]) as number) },
    ]),
  ),
  torch: hasTorch
    ? {
        version: torchVersion,
        ...Object.fromEntries(
          Object.entries(torch).map(([t, rows]) => [t, { runs: rows, medianStepSeconds: med(rows) }]),
        ),
      }
    : 'not installed',
  ratios: hasTorch
    ? {
        oneThread: one / (med(torch[1]) as number),
        allThreads: (med(ours[maxWorkers]) as number) / (med(torch[maxWorkers]) as number),
      }
    : null,
  note: 'figures taken with the 1-minute load average above the core count are indicative only',
};
writeBenchmarkResult(values.out, 'speed-workers', result, 'wasm');
console.log(
  JSON.stringify({
    independence: result.independence.medianFactor,
    ours: Object.fromEntries(workerCounts.map((w) => [w, med(ours[w])])),
    torch: hasTorch ? Object.fromEntries(Object.entries(torch).map(([t, r]) => [t, med(r)])) : null,
    ratios: result.ratios,
  }),
);
