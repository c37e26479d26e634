// The wasm backend's kernel threads (core's wasmThreads; the threaded build in Node) against one thread, and both
// against the PyTorch peer (benchmarks/peers/r2d2_torch.py) at the same thread counts: seconds per R2D2 training
// step, the path users take (R2D2.train with its defaults but Alg. 1's chain, as benchmarks/speed/run.ts times it).
// Every measurement is a fresh process, alternating ours 1 thread / ours N / PyTorch 1 / PyTorch N within each round
// so the host's swings hit all four; each process trains --warmup steps, then --steps timed ones, and reports the
// median wall and CPU seconds per step; ours also a hash of the trained weights, which must be the same for 1 and
// N threads (the threaded kernels change no number). Configurations: d:widths, e.g. '1:128,128;1:256,256;16:128,128'.
//   npx tsx benchmarks/speed/kernel-threads.ts [--threads N] [--rounds 2] [--steps 10] [--warmup 3]
//       [--configs '1:128,128;1:256,256;16:128,128'] [--python /usr/bin/python3] [--out speed-kernel-threads]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const PEER = join(here, '..', 'peers', 'r2d2_torch.py');
const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: String(Math.min(availableParallelism(), 8)) },
    rounds: { type: 'string', default: '2' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    configs: { type: 'string', default: '1:128,128;1:256,256;16:128,128' },
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
    out: { type: 'string', default: 'speed-kernel-threads' },
    child: { type: 'string' },
  },
  strict: true,
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

interface Side {
  wall: number;
  cpu: number;
  hash?: string;
}

if (values.child !== undefined) {
  // --child 'threads:d:widths': one of our measurements, in this fresh process.
  const [threads, dim, widths] = values.child.split(':');
  const { tf, useBackend } = await import('@ratedistortion/core');
  const { sourceFromSpec } = await import('@ratedistortion/datasets');
  const { R2D2 } = await import('@ratedistortion/estimators/r2d2');
  await useBackend('wasm', { wasmThreads: Number(threads) });
  const d = Number(dim);
  const spec = d === 1 ? { kind: 'gaussian', variance: 1 } : { kind: 'gaussian', variance: 1, dim: d };
  const est = new R2D2(sourceFromSpec(spec as never), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 512,
    dt: 0.01,
    hidden: widths.split(',').map(Number),
    entropy: 'gaussian',
    noise: 'fixed',
    init: 'zero',
    seed: 0,
  });
  const wall: number[] = [];
  const cpu: number[] = [];
  let t = performance.now();
  let c = process.cpuUsage();
  await est.train({
    steps: warmup + steps,
    progressEvery: 1,
    onProgress: (p) => {
      const now = performance.now();
      const used = process.cpuUsage(c);
      if (p.step > warmup) {
        wall.push((now - t) / 1000);
        cpu.push((used.user + used.system) / 1e6);
      }
      t = now;
      c = process.cpuUsage();
    },
  });
  const ck = est.toJSON();
  const hash = createHash('sha256')
    .update(JSON.stringify([ck.weights, ck.entropyModel]))
    .digest('hex')
    .slice(0, 16);
  est.dispose();
  tf.disposeVariables();
  console.log(JSON.stringify({ wall: median(wall), cpu: median(cpu), hash } satisfies Side));
  process.exit(0);
}

const { writeBenchmarkResult } = await import('@ratedistortion/benchmarks');
const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');
const threadsN = Number(values.threads);
const hasTorch = spawnSync(values.python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const log = (s: string) => process.stderr.write(`${s}\n`);

function ours(threads: number, dim: number, widths: string): Side {
  const r = spawnSync(tsx, [fileURLToPath(import.meta.url), '--child', `${threads}:${dim}:${widths}`], {
    encoding: 'utf8',
    timeout: 1_800_000,
    env: { ...process.env, RATEDISTORTION_WASM_THREADS: undefined } as NodeJS.ProcessEnv,
  });
  if (r.status !== 0) throw new Error(`our child failed (status ${r.status}): ${r.stderr?.slice(-600)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Side;
}

function peer(threads: number, dim: number, widths: string): Side {
  const r = spawnSync(
    values.python,
    [PEER, '--dim', String(dim), '--steps', String(steps), '--warmup', String(warmup), '--batch', '512'].concat(
      ['--dt', '0.01', '--hidden', widths, '--entropy', 'gaussian', '--eps-min', '0.025', '--eps-max', '0.975'],
      ['--seed', '1', '--threads', String(threads)],
    ),
    {
      encoding: 'utf8',
      timeout: 1_800_000,
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    },
  );
  if (r.status !== 0) throw new Error(`the PyTorch peer failed (status ${r.status}): ${r.stderr?.slice(-400)}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  return { wall: median(o.stepSeconds), cpu: median(o.stepCpuSeconds) };
}

type Row = { round: number; load1Before: number; load1After: number } & Record<string, Side | number>;
const configs = values.configs.split(';').map((c) => {
  const [dim, widths] = c.split(':');
  return { dim: Number(dim), widths };
});
const rows: Record<string, Row[]> = {};
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const { dim, widths } of configs) {
    const key = `d=${dim} ${widths}`;
    const load1Before = loadavg()[0];
    const row: Row = { round, load1Before, load1After: 0 };
    row.ours1 = ours(1, dim, widths);
    row[`ours${threadsN}`] = ours(threadsN, dim, widths);
    if (hasTorch) {
      row.torch1 = peer(1, dim, widths);
      row[`torch${threadsN}`] = peer(threadsN, dim, widths);
    }
    row.load1After = loadavg()[0];
    (rows[key] ??= []).push(row);
    const f = (s: unknown) => (s === undefined ? '—' : (s as Side).wall.toFixed(3));
    log(
      `round ${round} ${key}: ours 1 ${f(row.ours1)} s, ${threadsN} ${f(row[`ours${threadsN}`])} s; torch 1 ${f(row.torch1)} s, ${threadsN} ${f(row[`torch${threadsN}`])} s (load ${load1Before.toFixed(2)}→${row.load1After.toFixed(2)})`,
    );
  }
}
const summary = Object.fromEntries(
  Object.entries(rows).map(([key, rs]) => {
    const m = (name: string, field: 'wall' | 'cpu') =>
      rs[0][name] === undefined ? null : median(rs.map((r) => (r[name] as Side)[field]));
    const o1 = m('ours1', 'wall') as number;
    const oN = m(`ours${threadsN}`, 'wall') as number;
    const t1 = m('torch1', 'wall');
    const tN = m(`torch${threadsN}`, 'wall');
    const hashes = new Set(rs.flatMap((r) => [(r.ours1 as Side).hash, (r[`ours${threadsN}`] as Side).hash]));
    return [
      key,
      {
        oursOneThread: o1,
        oursAllThreads: oN,
        oursSpeedup: o1 / oN,
        torchOneThread: t1,
        torchAllThreads: tN,
        torchSpeedup: t1 !== null && tN !== null ? t1 / tN : null,
        ratioOneThread: t1 !== null ? o1 / t1 : null,
        ratioAllThreads: tN !== null ? oN / tN : null,
        sameWeightsOnEveryCount: hashes.size === 1,
      },
    ];
  }),
);
console.table(summary);
writeBenchmarkResult(
  join(here, '..', 'results', `${values.out}.json`),
  'kernel-threads',
  { threads: threadsN, steps, warmup, rounds: rows, summary },
  'wasm',
);
