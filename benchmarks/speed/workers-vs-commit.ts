// R2D2's data-parallel step on this checkout against another checkout (e.g. a copy of the commit before a change to
// r2d2-workers.ts), in CPU seconds per step of each worker thread (a shard's cost), of the main thread and of the
// other threads started with the pool (V8's helpers: GC, compilation), with the number of garbage collections per
// step in the worker isolates and how many of them V8 started for "external memory pressure" (ArrayBuffers).
// Fresh processes alternate other / this for --rounds rounds, so the host's swings hit both; each runs --warmup
// steps and then --steps timed steps of one `train({ workers })` call (d = 1, batch 512, Δt = 1/100, hidden
// 128×128, Gaussian entropy, Alg. 1's computation: noise 'fixed', init 'zero'; wasm) under `node --trace-gc`.
// Also prints a hash of the trained weights: equal on both checkouts when the change keeps the numbers.
// Thread CPU comes from Linux's /proc/self/task. The other checkout needs its dependencies installed; the child
// script is copied into its benchmarks/speed folder for the run and removed afterwards.
//   npx tsx benchmarks/speed/workers-vs-commit.ts --other /tmp/base [--rounds 3] [--steps 10] [--warmup 4]
//       [--workers 2] [--batch 512]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { threadCpu } from './thread-cpu.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    other: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '512' },
    child: { type: 'boolean', default: false },
  },
  strict: true,
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
const workers = Number(values.workers);
const batch = Number(values.batch);

if (values.child) {
  const { useBackend } = await import('@ratedistortion/core');
  const { sourceFromSpec } = await import('@ratedistortion/datasets');
  const { R2D2 } = await import('@ratedistortion/estimators/r2d2');
  await useBackend('wasm');
  const est = new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: batch,
    dt: 1 / 100,
    hidden: [128, 128],
    entropy: 'gaussian',
    noise: 'fixed',
    init: 'zero',
    seed: 0,
  });
  const before = new Set(threadCpu().keys());
  let c0 = new Map<number, number>();
  let c1 = new Map<number, number>();
  let t0 = 0;
  let t1 = 0;
  await est.train({
    steps: warmup + steps,
    workers,
    progressEvery: 1,
    onProgress: (p) => {
      if (p.step === warmup) {
        console.log('TIMED-START');
        c0 = threadCpu();
        t0 = performance.now();
      }
      if (p.step === warmup + steps) {
        c1 = threadCpu();
        t1 = performance.now();
        console.log('TIMED-END');
      }
    },
  });
  const per = (tid: number) => ((c1.get(tid) ?? 0) - (c0.get(tid) ?? 0)) / steps;
  // The workers: the busiest threads started with the pool; the helpers: every other thread but the main one.
  const fresh = [...c1.keys()].filter((t) => !before.has(t) && t !== process.pid);
  const ranked = fresh.map(per).sort((a, b) => b - a);
  const busiest = new Set(fresh.sort((a, b) => per(b) - per(a)).slice(0, workers));
  const helpers = [...c1.keys()].filter((t) => t !== process.pid && !busiest.has(t)).reduce((a, t) => a + per(t), 0);
  const hash = createHash('sha256');
  for (const w of est.getWeights()) hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  console.log(
    `RESULT ${JSON.stringify({
      wall: (t1 - t0) / 1000 / steps,
      main: per(process.pid),
      workers: ranked.slice(0, workers),
      helpers,
      weights: hash.digest('hex').slice(0, 16),
    })}`,
  );
  process.exit(0);
}

if (values.other === undefined) throw new Error('--other DIR (a checkout with its dependencies installed) is required');
const other = resolve(values.other);
const self = fileURLToPath(import.meta.url);
const copy = join(other, 'benchmarks', 'speed', 'workers-vs-commit.child.ts');
copyFileSync(self, copy);

interface Run {
  wall: number;
  main: number;
  workers: number[];
  helpers: number;
  weights: string;
  gcPerStep: number;
  /** Pause milliseconds of those GCs (with a mark-compact's incremental steps) per step and worker. */
  gcMsPerStep: number;
  externalPerStep: number;
  load: number;
}

function run(cwd: string, file: string): Run {
  const load = loadavg()[0];
  const args = ['tsx', '--trace-gc', file, '--child', '--steps', String(steps), '--warmup', String(warmup)];
  args.push('--workers', String(workers), '--batch', String(batch));
  const out = execFileSync('npx', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = out.split('\n');
  const a = lines.findIndex((l) => l.includes('TIMED-START'));
  const b = lines.findIndex((l) => l.includes('TIMED-END'));
  // --trace-gc lines name their isolate ([pid:0xADDR:…]); the main isolate is the one that printed before the pool.
  const gcLines = lines.slice(a, b).filter((l) => /Scavenge|Mark-Compact|Mark-sweep/i.test(l));
  const mainIsolate = /\[\d+:(0x[0-9a-f]+)\]/.exec(lines.slice(0, a).find((l) => /\[\d+:0x/.test(l)) ?? '')?.[1];
  const workerGc = gcLines.filter((l) => !mainIsolate || !l.includes(mainIsolate));
  const result = JSON.parse((lines.find((l) => l.startsWith('RESULT ')) as string).slice(7));
  return {
    ...result,
    gcPerStep: workerGc.length / steps / workers,
    gcMsPerStep:
      workerGc.reduce((a, l) => {
        const pause = Number(/MB, ([\d.]+) \/ [\d.]+ ms/.exec(l)?.[1] ?? 0);
        const incremental = Number(/\(\+ ([\d.]+) ms in/.exec(l)?.[1] ?? 0);
        return a + pause + incremental;
      }, 0) /
      steps /
      workers,
    externalPerStep: workerGc.filter((l) => /external/i.test(l)).length / steps / workers,
    load,
  };
}

const variants: [string, string, string][] = [
  ['other', other, copy],
  ['this', resolve(here, '..', '..'), self],
];
const results: Record<string, Run[]> = Object.fromEntries(variants.map(([name]) => [name, []]));
try {
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const [name, cwd, file] of variants) {
      const x = run(cwd, file);
      results[name].push(x);
      console.log(
        `round ${r + 1} ${name}: wall ${x.wall.toFixed(3)} s/step; CPU s/step main ${x.main.toFixed(3)}, workers ${x.workers.map((w) => w.toFixed(3)).join(' ')}, helpers ${x.helpers.toFixed(3)}; worker GCs/step ${x.gcPerStep.toFixed(2)} (${x.gcMsPerStep.toFixed(1)} ms; external-memory ${x.externalPerStep.toFixed(2)}); weights ${x.weights}; load ${x.load.toFixed(2)} (${new Date().toISOString()})`,
      );
    }
  }
} finally {
  rmSync(copy, { force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name] of variants) {
  const rs = results[name];
  console.log(
    `${name}: median CPU s/step per worker ${median(rs.flatMap((x) => x.workers)).toFixed(3)}, helpers ${median(rs.map((x) => x.helpers)).toFixed(3)}, main ${median(rs.map((x) => x.main)).toFixed(3)}, wall ${median(rs.map((x) => x.wall)).toFixed(3)}; worker GCs/step ${median(rs.map((x) => x.gcPerStep)).toFixed(2)} (${median(rs.map((x) => x.gcMsPerStep)).toFixed(1)} ms; external ${median(rs.map((x) => x.externalPerStep)).toFixed(2)})`,
  );
}
