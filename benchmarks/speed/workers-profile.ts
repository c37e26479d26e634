// Where the time of a data-parallel R2D2 step goes (issue 16; the scaling itself: benchmarks/speed/workers.ts).
// In one process, on the user path (`R2D2.train({ workers })`):
//   - one-thread steps at the full batch and at a shard's batch (batch / workers): wall and CPU seconds per step of
//     the main thread and of the other threads (V8's helper threads: garbage collection, compilation);
//   - a data-parallel run: the first steps of the fresh pool one by one, then per step the wall time of each phase
//     of the main thread's side (draw: eps, source batch, increments, posting the requests; toX1: until every
//     worker's X1 is in; cotangent: Ĥ and ∂Ĥ/∂X1; toGrads: until every worker's gradients are in; apply: Adam and
//     the entropy model) and the CPU seconds of the main thread, of each worker and of the other threads.
// The phases are timed by wrapping the step hooks that R2D2 hands to its worker pool (nothing in the library's hot
// path); thread CPU comes from Linux's /proc/self/task. Settings: benchmarks/speed's d = 1 (batch 512, Δt = 1/100,
// hidden 128×128, Gaussian entropy) at Alg. 1's computation (noise 'fixed', init 'zero'); --defaults: the library's
// defaults instead.
//   npx tsx benchmarks/speed/workers-profile.ts [--steps 8] [--workers 2] [--batch 512] [--defaults]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { useBackend } from '@ratedistortion/core';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2, R2D2WorkerPool, type ParallelStepHooks } from '@ratedistortion/estimators/r2d2';
import { threadCpu } from './thread-cpu.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '8' },
    workers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '512' },
    defaults: { type: 'boolean', default: false },
  },
  strict: true,
});
const steps = Number(values.steps);
const workers = Number(values.workers);
const batch = Number(values.batch);
for (const [k, v, min] of [
  ['steps', steps, 1],
  ['workers', workers, 2],
  ['batch', batch, 2],
] as const) {
  if (!Number.isInteger(v) || v < min) throw new Error(`--${k} must be an integer ≥ ${min}`);
}
if (!existsSync('/proc/self/task')) throw new Error('this profile reads thread CPU times from Linux /proc');
await useBackend('wasm');
const WARMUP = 2;
const load = () => loadavg()[0].toFixed(2);

/** Per-step CPU seconds between two readings: the main thread, the given threads each, and all others. */
function cpuPerStep(a: Map<number, number>, b: Map<number, number>, own: number[], n: number) {
  const d = (tid: number) => ((b.get(tid) ?? 0) - (a.get(tid) ?? 0)) / n;
  let others = 0;
  for (const tid of b.keys()) if (tid !== process.pid && !own.includes(tid)) others += d(tid);
  return { main: d(process.pid), own: own.map(d), others };
}

function estimator(b: number): R2D2 {
  return new R2D2(sourceFromSpec({ kind: 'gaussian', variance: 1 }), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: b,
    dt: 1 / 100,
    hidden: [128, 128],
    entropy: 'gaussian',
    seed: 0,
    ...(values.defaults ? {} : ({ noise: 'fixed', init: 'zero' } as const)),
  });
}

async function oneThread(b: number): Promise<void> {
  const est = estimator(b);
  try {
    await est.train({ steps: WARMUP });
    const c0 = threadCpu();
    const t0 = performance.now();
    await est.train({ steps });
    const wall = (performance.now() - t0) / 1000 / steps;
    const c = cpuPerStep(c0, threadCpu(), [], steps);
    console.log(
      `one thread, batch ${b}: ${wall.toFixed(3)} s/step wall; CPU s/step: main ${c.main.toFixed(3)}, other threads ${c.others.toFixed(3)} (load ${load()})`,
    );
  } finally {
    est.dispose();
  }
}

type Phase = 'draw' | 'toX1' | 'cotangent' | 'toGrads' | 'apply';
const phases: Record<Phase, number> = { draw: 0, toX1: 0, cotangent: 0, toGrads: 0, apply: 0 };

/** Time the main thread's phases of every pool step by wrapping the hooks R2D2 passes to its pool. */
function instrumentPool(): void {
  const trainStep = R2D2WorkerPool.prototype.trainStep;
  R2D2WorkerPool.prototype.trainStep = function <T>(this: R2D2WorkerPool, h: ParallelStepHooks<T>): Promise<T> {
    let t = performance.now();
    const lap = (k: Phase) => {
      const now = performance.now();
      phases[k] += now - t;
      t = now;
    };
    return trainStep.call(this, {
      draw: () => {
        t = performance.now();
        const r = h.draw();
        lap('draw');
        return r;
      },
      cotangent: (x1) => {
        lap('toX1');
        const r = h.cotangent(x1);
        lap('cotangent');
        return r;
      },
      apply: (r) => {
        lap('toGrads');
        const out = h.apply(r);
        lap('apply');
        return out;
      },
    }) as Promise<T>;
  };
}

async function pooled(): Promise<void> {
  instrumentPool();
  const est = estimator(batch);
  const before = new Set(threadCpu().keys());
  let poolThreads: number[] = [];
  const marks: number[] = [];
  let c0 = new Map<number, number>();
  let c1 = new Map<number, number>();
  const first = 6;
  try {
    const t0 = performance.now();
    await est.train({
      steps: first + steps,
      workers,
      progressEvery: 1,
      onProgress: (p) => {
        marks.push(performance.now());
        if (p.step === 1) poolThreads = [...threadCpu().keys()].filter((t) => !before.has(t));
        if (p.step === first) {
          for (const k of Object.keys(phases) as Phase[]) phases[k] = 0;
          c0 = threadCpu();
        }
        if (p.step === first + steps) c1 = threadCpu();
      },
    });
    const firstSteps = marks.slice(0, first).map((t, i) => (t - (i === 0 ? t0 : marks[i - 1])) / 1000);
    const wall = (marks[first + steps - 1] - marks[first - 1]) / 1000 / steps;
    // The pool's new threads: its workers (those that ran during the steps) and V8's helpers started with them.
    const c = cpuPerStep(c0, c1, poolThreads, steps);
    console.log(
      `${workers} workers: the first ${first} steps of the fresh pool (s, from the train call): ${firstSteps.map((x) => x.toFixed(3)).join(' ')}`,
    );
    console.log(
      `${workers} workers, steps ${first + 1}–${first + steps}: ${wall.toFixed(3)} s/step wall (load ${load()})`,
    );
    console.log(
      `  main thread's phases (ms/step): ${Object.entries(phases)
        .map(([k, v]) => `${k} ${(v / steps).toFixed(1)}`)
        .join(', ')}`,
    );
    console.log(
      `  CPU s/step: main ${c.main.toFixed(3)}, threads started with the pool ${c.own
        .filter((x) => x > 0)
        .map((x) => x.toFixed(3))
        .join(' ')}, other threads ${c.others.toFixed(3)}`,
    );
  } finally {
    est.dispose();
  }
}

await oneThread(batch);
await oneThread(Math.ceil(batch / workers));
await pooled();
process.exit(0);
