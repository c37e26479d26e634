// Worker scaling of R2D2 training (issue 16), side by side with the PyTorch peer, in one invocation:
//   (1) what the machine gives independent processes: (a) a fixed wasm matMul loop in one process alone against
//       --max-workers copies at once (throughput factor N·t1/tN; N = perfectly independent); (b) the same with the
//       work of one shard: one-thread R2D2 at the shard's batch (512 / N rows) alone against N such processes at
//       once. (b) gives the bound of data-parallel training here: `bound` = (1 worker's step at the full batch) /
//       (the N concurrent shard processes' step), what N workers would reach with a free exchange;
//   (2) R2D2 steps per second at workers = 1, 2, … --max-workers (benchmarks/speed's d = 1 settings: batch 512,
//       Δt = 1/100, hidden 128×128, Gaussian entropy, and Alg. 1's computation, noise 'fixed' with init 'zero', as
//       the peer and benchmarks/speed/run.ts; --defaults: the library's defaults instead), each a fresh process;
//   (3) the PyTorch peer (benchmarks/peers/r2d2_torch.py, Alg. 1, same settings) at 1 thread and at --max-workers
//       threads.
// Every R2D2 figure is the steady state: one `train` call runs --warmup steps and then --steps timed steps (per-step
// times from its progress callback), so a fresh pool's start and its first, slower steps (each worker's JIT and wasm
// tier-up) are not in it; they are reported on their own as `coldSeconds` (the start and the warm-up steps beyond
// that many steady ones), which a user pays once per `train` call. CPU seconds per step are read per thread
// (Linux /proc): `main` is the main thread, `otherThreads` everything else (the workers and V8's helper threads);
// `scaling.cpuRatio` is all threads' CPU per step at --max-workers over one worker's (1: the split costs nothing), a
// figure that load disturbs far less than wall time.
// (1)–(3) run in --repeats alternating rounds (the order reversed every other round) so the host's swings hit all of
// them; the 1-minute load average is recorded with every figure: on a shared machine, figures taken under load are
// indicative only.
//   npx tsx benchmarks/speed/workers.ts [--steps 10] [--warmup 3] [--repeats 3] [--max-workers 2] [--defaults]
//       [--python /usr/bin/python3] [--out benchmarks/results/speed-workers.json]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
const BATCH = 512;
/** The paper's Alg. 1, which the peer runs (as benchmarks/speed/run.ts's ALG1). */
const ALG1 = { noise: 'fixed', init: 'zero' } as const;
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '3' },
    'max-workers': { type: 'string', default: String(Math.min(availableParallelism(), 8)) },
    defaults: { type: 'boolean', default: false },
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
    out: { type: 'string', default: join(here, '..', 'results', 'speed-workers.json') },
    child: { type: 'string' },
    workers: { type: 'string', default: '1' },
    batch: { type: 'string', default: String(BATCH) },
  },
  strict: true,
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const repeats = Number(values.repeats);
const maxWorkers = Number(values['max-workers']);
for (const [k, v] of [
  ['steps', steps],
  ['warmup', warmup],
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

/** CPU seconds of this process's main thread and of all its other threads (Linux; null elsewhere). */
function threadCpu(): { main: number; others: number } | null {
  if (!existsSync('/proc/self/task')) return null;
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const s = (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100 on Linux)
      if (Number(tid) === process.pid) main = s;
      else others += s;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return { main, others };
}

if (values.child === 'matmul') {
  // A fixed amount of wasm work: 1,000 products [512, 128]·[128, 128] (16.8 GFLOP).
  // One kernel thread: the scaling measured here is the worker threads' (kernel-threads.ts measures the kernels').
  await useBackend('wasm', { wasmThreads: 1 });
  const a = tf.randomUniform([512, 128], -1, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform([128, 128], -1, 1, 'float32', 2) as tf.Tensor2D;
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) tf.matMul(a, b).dispose();
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000 })}\n`);
  process.exit(0);
}
if (values.child === 'r2d2') {
  // One kernel thread: the scaling measured here is the worker threads' (kernel-threads.ts measures the kernels').
  await useBackend('wasm', { wasmThreads: 1 });
  const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: Number(values.batch),
    dt: 1 / 100,
    hidden: [128, 128],
    entropy: 'gaussian',
    seed: 0,
    ...(values.defaults ? {} : ALG1),
  });
  const workers = Number(values.workers);
  const marks: number[] = [];
  let cpuAtWarm: ReturnType<typeof threadCpu> = null;
  let cpuEnd: ReturnType<typeof threadCpu> = null;
  const t0 = performance.now();
  await est.train({
    steps: warmup + steps,
    workers,
    progressEvery: 1,
    onProgress: (p) => {
      marks.push(performance.now());
      // Read while the pool's threads still run (their CPU time leaves /proc with them).
      if (p.step === warmup) cpuAtWarm = threadCpu();
      if (p.step === warmup + steps) cpuEnd = threadCpu();
    },
  });
  est.dispose();
  const stepSeconds = marks.slice(warmup).map((t, i) => (t - marks[warmup - 1 + i]) / 1000);
  const steady = (marks[warmup + steps - 1] - marks[warmup - 1]) / 1000 / steps;
  const warm = cpuAtWarm as ReturnType<typeof threadCpu>;
  const end = cpuEnd as ReturnType<typeof threadCpu>;
  process.stdout.write(
    `${JSON.stringify({
      stepSeconds: steady,
      stepSecondsEach: stepSeconds,
      coldSeconds: (marks[warmup - 1] - t0) / 1000 - warmup * steady,
      cpuSecondsPerStep:
        warm && end ? { main: (end.main - warm.main) / steps, otherThreads: (end.others - warm.others) / steps } : null,
    })}\n`,
  );
  process.exit(0);
}

/** What an `--child r2d2` process reports. */
interface R2D2Run {
  stepSeconds: number;
  stepSecondsEach: number[];
  coldSeconds: number;
  cpuSecondsPerStep: { main: number; otherThreads: number } | null;
}

function runChild<T>(args: string[]): Promise<T> {
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

const r2d2Args = (workers: number, batch: number) => [
  '--child',
  'r2d2',
  '--workers',
  String(workers),
  '--batch',
  String(batch),
  '--steps',
  String(steps),
  '--warmup',
  String(warmup),
  ...(values.defaults ? ['--defaults'] : []),
];

function torchStep(threads: number): { stepSeconds: number; stepCpuSeconds: number; torch: string } {
  const r = spawnSync(
    values.python,
    [
      PEER,
      '--dim',
      '1',
      '--steps',
      String(steps),
      '--warmup',
      String(warmup),
      '--batch',
      String(BATCH),
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
  return { stepSeconds: median(o.stepSeconds), stepCpuSeconds: median(o.stepCpuSeconds), torch: o.torch };
}

const hasTorch = spawnSync(values.python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const shardBatch = Math.ceil(BATCH / maxWorkers);
const workerCounts = Array.from({ length: maxWorkers }, (_, i) => i + 1);
type Timed = { load1Before: number; load1After: number };
const matmul: (Timed & { alone: number; concurrentMax: number; factor: number })[] = [];
const shards: (Timed & { alone: number; concurrentMax: number; factor: number })[] = [];
const ours: Record<number, (Timed & R2D2Run)[]> = {};
const torch: Record<number, (Timed & { stepSeconds: number; stepCpuSeconds: number })[]> = {};
let torchVersion: string | null = null;
const log = (s: string) => process.stderr.write(`${s}\n`);

type Task = () => Promise<void>;
const tasks: Task[] = [
  async () => {
    const load1Before = load1();
    const alone = (await runChild<{ seconds: number }>(['--child', 'matmul'])).seconds;
    const all = await Promise.all(workerCounts.map(() => runChild<{ seconds: number }>(['--child', 'matmul'])));
    const concurrentMax = Math.max(...all.map((x) => x.seconds));
    const factor = (maxWorkers * alone) / concurrentMax;
    matmul.push({ alone, concurrentMax, factor, load1Before, load1After: load1() });
    log(`matmul independence: ${factor.toFixed(2)}× of ${maxWorkers} (load ${load1Before.toFixed(2)})`);
  },
  async () => {
    const load1Before = load1();
    const alone = (await runChild<R2D2Run>(r2d2Args(1, shardBatch))).stepSeconds;
    const all = await Promise.all(workerCounts.map(() => runChild<R2D2Run>(r2d2Args(1, shardBatch))));
    const concurrentMax = Math.max(...all.map((x) => x.stepSeconds));
    const factor = (maxWorkers * alone) / concurrentMax;
    shards.push({ alone, concurrentMax, factor, load1Before, load1After: load1() });
    log(
      `${maxWorkers} one-thread R2D2 processes at batch ${shardBatch}: ${concurrentMax.toFixed(3)} s/step (alone ${alone.toFixed(3)}): ${factor.toFixed(2)}× (load ${load1Before.toFixed(2)})`,
    );
  },
  ...workerCounts.map((w) => async () => {
    const load1Before = load1();
    const o = await runChild<R2D2Run>(r2d2Args(w, BATCH));
    (ours[w] ??= []).push({ ...o, load1Before, load1After: load1() });
    log(`ours workers=${w}: ${o.stepSeconds.toFixed(3)} s/step (load ${load1Before.toFixed(2)})`);
  }),
  ...(hasTorch
    ? [...new Set([1, maxWorkers])].map((threads) => async () => {
        const load1Before = load1();
        const t = torchStep(threads);
        torchVersion = t.torch;
        (torch[threads] ??= []).push({
          stepSeconds: t.stepSeconds,
          stepCpuSeconds: t.stepCpuSeconds,
          load1Before,
          load1After: load1(),
        });
        log(`torch threads=${threads}: ${t.stepSeconds.toFixed(3)} s/step (load ${load1Before.toFixed(2)})`);
      })
    : []),
];
for (let r = 0; r < repeats; r++) for (const t of r % 2 === 0 ? tasks : [...tasks].reverse()) await t();

const med = (rows: { stepSeconds: number }[] | undefined) => (rows ? median(rows.map((x) => x.stepSeconds)) : null);
const one = med(ours[1]) as number;
const all = med(ours[maxWorkers]) as number;
const shardConcurrent = median(shards.map((x) => x.concurrentMax));
/** Median CPU seconds per step of all threads of a run (null where /proc is not there). */
const cpuTotal = (rows: R2D2Run[]) => {
  const c = rows.map((x) => x.cpuSecondsPerStep).filter((x) => x !== null);
  return c.length > 0 ? median(c.map((x) => x.main + x.otherThreads)) : null;
};
const cpuOne = cpuTotal(ours[1]);
const cpuAll = cpuTotal(ours[maxWorkers]);
const result = {
  settings: {
    dim: 1,
    batch: BATCH,
    dt: 0.01,
    hidden: [128, 128],
    entropy: 'gaussian',
    computation: values.defaults ? 'library defaults' : "Alg. 1 (noise 'fixed', init 'zero'), as the peer",
    steps,
    warmup,
    repeats,
    maxWorkers,
    cores: availableParallelism(),
  },
  independence: {
    matmul: { runs: matmul, medianFactor: median(matmul.map((x) => x.factor)) },
    shardProcesses: { batch: shardBatch, runs: shards, medianFactor: median(shards.map((x) => x.factor)) },
  },
  ours: Object.fromEntries(
    workerCounts.map((w) => [
      w,
      {
        runs: ours[w],
        medianStepSeconds: med(ours[w]),
        medianColdSeconds: median(ours[w].map((x) => x.coldSeconds)),
        speedupOverOneWorker: one / (med(ours[w]) as number),
      },
    ]),
  ),
  scaling: {
    speedup: one / all,
    bound: one / shardConcurrent,
    efficiency: one / all / (one / shardConcurrent),
    // CPU of all threads per step at maxWorkers over one worker's: what the split itself costs (1 = nothing).
    cpuRatio: cpuOne !== null && cpuAll !== null ? cpuAll / cpuOne : null,
    note: `bound: 1 worker's step at batch ${BATCH} over the step of ${maxWorkers} concurrent one-thread processes at batch ${shardBatch}`,
  },
  torch: hasTorch
    ? {
        version: torchVersion,
        ...Object.fromEntries(
          Object.entries(torch).map(([t, rows]) => [
            t,
            { runs: rows, medianStepSeconds: med(rows), medianCpuSeconds: median(rows.map((x) => x.stepCpuSeconds)) },
          ]),
        ),
      }
    : 'not installed',
  ratios: hasTorch
    ? {
        oneThread: one / (med(torch[1]) as number),
        oneThreadCpu: cpuOne !== null ? cpuOne / median(torch[1].map((x) => x.stepCpuSeconds)) : null,
        allThreads: all / (med(torch[maxWorkers]) as number),
      }
    : null,
  note: 'figures taken with the 1-minute load average above the core count are indicative only',
};
writeBenchmarkResult(values.out, 'speed-workers', result, 'wasm');
console.log(
  JSON.stringify({
    independence: {
      matmul: result.independence.matmul.medianFactor,
      shards: result.independence.shardProcesses.medianFactor,
    },
    ours: Object.fromEntries(workerCounts.map((w) => [w, med(ours[w])])),
    scaling: result.scaling,
    torch: hasTorch ? Object.fromEntries(Object.entries(torch).map(([t, r]) => [t, med(r)])) : null,
    ratios: result.ratios,
  }),
);
