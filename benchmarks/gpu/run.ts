// R2D2 on a GPU through the webgpu backend (Dawn), against wasm on the same machine: one command, a short table,
// a result JSON (benchmarks/results/gpu.json, with the machine and the adapter). Made for a machine with a GPU
// (Linux: the vendor's Vulkan driver; macOS: Metal; Windows: D3D12); on a software adapter (llvmpipe) it runs too,
// but measures the CPU, and `--quick` keeps it short there.
//
// It reports
//   1. the adapter (vendor, architecture, device, description, software or not);
//   2. parity: R2D2's losses of its first three training steps on cpu and on webgpu (same seed, so the same weights
//      and Brownian paths): relative differences (the estimators' webgpu tests check gradients block by block);
//   3. for (a) d = 1, batch 512, MLP 2×128, 100 time steps and (b) the paper's fig5 configuration (33-dim source as
//      FSDD's features, MLP 3×1024, 128 time steps, batch 256; a Gaussian stand-in with the FSDD dimension, so no data
//      file is needed): median seconds per training step after warm-up on webgpu and on wasm, the webgpu dispatches
//      per step (compute passes tfjs-webgpu encodes, counted), and GPU memory (tfjs-webgpu's buffer pool: bytes
//      allocated on the device after the steps, which the pool keeps, i.e. the peak, and the bytes in live tensors).
// Each (config, backend) measurement stops after --max-seconds of steps (default 90) so the whole run stays under
// 8 minutes on a GPU; a failure (e.g. wasm out of memory on (b)) is reported in its row, not fatal. Measured on
// llvmpipe (2 shared cores, load 1.5-1.9): (a) 2.4 s/step webgpu, 0.23 wasm, 3689 dispatches; (b) 150 s/step webgpu,
// 14.3 wasm, 10142 dispatches, 816 MiB pool; whole run with --configs b --steps 1 --warmup 1: 261 s.
//
//   npx tsx benchmarks/gpu/run.ts [--steps 5] [--warmup 2] [--max-seconds 90] [--quick] [--skip-wasm]
//       [--configs a,b] [--out benchmarks/results/gpu.json]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BackendUnavailableError,
  tf,
  useBackend,
  webGpuAdapter,
  type WebGpuAdapterDetails,
} from '@ratedistortion/core';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';

const here = dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    'max-seconds': { type: 'string', default: '90' },
    quick: { type: 'boolean', default: false },
    'skip-wasm': { type: 'boolean', default: false },
    configs: { type: 'string', default: 'a,b' },
    out: { type: 'string', default: join(here, '..', 'results', 'gpu.json') },
  },
  strict: true,
});
const posNum = (name: string, v: string, integer: boolean): number => {
  const n = Number(v);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`--${name} must be a positive number, got ${v}`);
  return n;
};
const quick = values.quick;
const steps = quick ? 2 : posNum('steps', values.steps, true);
const warmup = quick ? 1 : posNum('warmup', values.warmup, true);
const maxSeconds = posNum('max-seconds', values['max-seconds'], false);

interface Config {
  name: string;
  dim: number;
  batch: number;
  hidden: number[];
  timeSteps: number;
}
const CONFIGS: Config[] = [
  { name: '(a) d=1, batch 512, 2x128, 100 steps', dim: 1, batch: 512, hidden: [128, 128], timeSteps: 100 },
  {
    name: '(b) fig5: d=33, batch 256, 3x1024, 128 steps',
    dim: 33,
    batch: 256,
    hidden: [1024, 1024, 1024],
    timeSteps: 128,
  },
];
if (quick) {
  // A software adapter: the same shapes, fewer time steps and a narrower (b), to finish in a few minutes.
  CONFIGS[0] = { ...CONFIGS[0], name: '(a, quick) d=1, batch 512, 2x128, 20 steps', timeSteps: 20 };
  CONFIGS[1] = {
    ...CONFIGS[1],
    name: '(b, quick) d=33, batch 256, 3x256, 16 steps',
    hidden: [256, 256, 256],
    timeSteps: 16,
  };
}

/** Counts the compute programs tfjs-webgpu dispatches (one runWebGPUProgram call encodes one dispatch). */
function dispatchCounter(): { reset(): void; count(): number } {
  const backend = tf.findBackend('webgpu') as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  const run = backend.runWebGPUProgram.bind(backend);
  let n = 0;
  backend.runWebGPUProgram = (...args: unknown[]) => {
    n++;
    return run(...args);
  };
  return {
    reset: () => {
      n = 0;
    },
    count: () => n,
  };
}

/** The training losses of R2D2's first three steps (2-D source, MLP 2×32, 20 time steps) on the current backend. */
async function firstLosses(): Promise<number[]> {
  const est = new R2D2(sourceFromSpec(standardGaussian(2)), {
    epsMin: 0.1,
    epsMax: 0.9,
    batchSize: 128,
    hidden: [32, 32],
    dt: 1 / 20,
    entropy: 'gaussian',
    seed: 3,
  });
  const losses: number[] = [];
  await est.train({ steps: 3, progressEvery: 1, onProgress: (p) => losses.push(p.loss) });
  est.dispose();
  return losses;
}

/** N(0, I) in `dim` dimensions as a SPEC (the fig5 stand-in for FSDD's 33-dim features). */
function standardGaussian(dim: number) {
  const covariance = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0)));
  return { kind: 'gaussian' as const, mean: new Array<number>(dim).fill(0), covariance };
}

interface Measurement {
  backend: 'webgpu' | 'wasm';
  config: string;
  secondsPerStep?: number;
  stepsTimed?: number;
  dispatchesPerStep?: number;
  gpuBytesAllocated?: number;
  gpuBytesInTensors?: number;
  error?: string;
}

async function measure(config: Config, backend: 'webgpu' | 'wasm', counter: ReturnType<typeof dispatchCounter> | null) {
  await useBackend(backend);
  const out: Measurement = { backend, config: config.name };
  let est: R2D2 | null = null;
  try {
    est = new R2D2(
      sourceFromSpec(config.dim === 1 ? { kind: 'gaussian', variance: 1 } : standardGaussian(config.dim)),
      {
        epsMin: 0.1,
        epsMax: 0.9,
        batchSize: config.batch,
        hidden: config.hidden,
        dt: 1 / config.timeSteps,
        entropy: 'gaussian',
        noise: 'fixed',
        init: 'zero',
        seed: 1,
      },
    );
    await est.train({ steps: warmup });
    const times: number[] = [];
    const start = performance.now();
    for (let i = 0; i < steps && (performance.now() - start) / 1000 < maxSeconds; i++) {
      counter?.reset();
      const t0 = performance.now();
      await est.train({ steps: 1 });
      times.push((performance.now() - t0) / 1000);
      if (counter) out.dispatchesPerStep = counter.count();
    }
    times.sort((a, b) => a - b);
    out.secondsPerStep = times[Math.floor(times.length / 2)];
    out.stepsTimed = times.length;
    if (backend === 'webgpu') {
      const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
      out.gpuBytesAllocated = m.numBytesAllocatedInGPU;
      out.gpuBytesInTensors = m.numBytesInGPU;
    }
  } catch (e) {
    out.error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  } finally {
    est?.dispose();
  }
  return out;
}

const t0 = performance.now();
let adapter: WebGpuAdapterDetails | undefined;
try {
  await useBackend('webgpu');
  adapter = webGpuAdapter();
} catch (e) {
  if (e instanceof BackendUnavailableError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
console.log(
  `adapter: ${adapter?.description || adapter?.device} (vendor ${adapter?.vendor || '?'}, ${adapter?.software ? 'software' : 'hardware'})`,
);
if (adapter?.software && !quick) console.log('note: a software adapter measures the CPU; --quick keeps the run short');

await useBackend('cpu');
const cpu = await firstLosses();
await useBackend('webgpu');
const gpu = await firstLosses();
const relDiffs = cpu.map((l, i) => Math.abs(l - gpu[i]) / Math.abs(l));
// One step's loss to float32 round-off (backend-parity.test.ts: 1e-4); three steps through Adam: 1e-3.
const parity = { lossesCpu: cpu, lossesWebgpu: gpu, relDiffs, ok: relDiffs[0] < 1e-4 && Math.max(...relDiffs) < 1e-3 };
console.log(
  `parity cpu vs webgpu (R2D2 losses of the first 3 steps): rel. diff ${relDiffs.map((d) => d.toExponential(1)).join(', ')} -> ${parity.ok ? 'ok' : 'MISMATCH'}`,
);

const counter = dispatchCounter();
const rows: Measurement[] = [];
const chosen = values.configs.split(',').map((c) => {
  const i = ['a', 'b'].indexOf(c.trim());
  if (i < 0) throw new Error(`--configs takes a, b or a,b; got ${values.configs}`);
  return CONFIGS[i];
});
for (const config of chosen) {
  rows.push(await measure(config, 'webgpu', counter));
  if (!values['skip-wasm']) rows.push(await measure(config, 'wasm', null));
}
await useBackend('webgpu');

const mib = (b?: number) => (b === undefined ? '' : (b / 2 ** 20).toFixed(1));
const header = ['config', 'backend', 's/step', 'steps', 'dispatches/step', 'GPU MiB alloc', 'GPU MiB tensors'];
const table = rows.map((r) => [
  r.config,
  r.backend,
  r.error ? `failed: ${r.error.slice(0, 60)}` : (r.secondsPerStep as number).toFixed(3),
  String(r.stepsTimed ?? ''),
  String(r.dispatchesPerStep ?? ''),
  mib(r.gpuBytesAllocated),
  mib(r.gpuBytesInTensors),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
for (const r of [header, ...table]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
const seconds = (performance.now() - t0) / 1000;
console.log(`total ${seconds.toFixed(0)} s`);

const file = values.out;
writeBenchmarkResult(file, 'gpu', { adapter, parity, steps, warmup, maxSeconds, quick, rows, seconds }, 'webgpu');
console.log(`wrote ${file}`);
