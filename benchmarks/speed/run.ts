// R2D2 training speed, ours (tfjs, in-process) against the PyTorch peer (benchmarks/peers/r2d2_torch.py, a
// child process), back to back in one invocation (issue 6). Reports, for d = 1 and d = 16, batch 512,
// Δt = 1/100, MLP 2×128, Gaussian plug-in entropy (identical settings on both sides):
//   (a) the median seconds per training step after warm-up, the ratio ours/PyTorch, and the fraction of the
//       arithmetic floor each side reaches (floor = the step's matmul FLOPs at ~90 GFLOP/s on one core, ≈ 0.06 s
//       for d = 1; `flopsPerStep` below counts them);
//   (b) the training time (evaluation excluded) until the median |ΔR| over eps ∈ {0.05, 0.15, …, 0.95} on the 1-D
//       Gaussian drops to <= 0.02 nats, checked every --tta-every steps, each side capped at --tta-cap seconds
//       of training; ΔR = R̂ − ½ log(σ²/(2D̂)) (closed form at the estimated distortion). Each side uses its best
//       settings: ours --tta-ours (default SRA1 with Δt = 1/5, MLP 1×64, lr 1e-2, found with tta-sweep.ts), the
//       peer its published ones (Euler Δt = 1/100, 1×128, lr 1e-3) and, for fairness, also --tta-peer-alt
//       (default Euler Δt = 1/10, 1×64, lr 1e-2: our settings with the peer's Euler scheme at the same number of
//       drift evaluations per step);
//   (c) the peak RSS of both processes (ours: process.resourceUsage().maxRSS, a running maximum over the whole
//       invocation, recorded after each phase; PyTorch: getrusage of its own process).
// The machine is shared: the 1-minute load average is recorded around every measurement, (a) is repeated
// --repeats times (ours, peer, ours, peer, …) so the medians are not one unlucky window, and both sides also
// record the CPU time (user + system) of their process per step, which an oversubscribed machine inflates far
// less than wall time; the CPU-time ratio is the better estimate of the quiet-machine ratio.
//
//   npx tsx benchmarks/speed/run.ts [--steps 100] [--repeats 2] [--dims 1,16] [--backend wasm] [--threads 1]
//       [--tta-cap 120] [--tta-every 10] [--tta-ours 'dt=0.2;scheme=sra1;hidden=64;lr=0.01']
//       [--tta-peer-alt 'dt=0.1;hidden=64;lr=0.01'] [--skip-tta] [--skip-steps] [--python /usr/bin/python3]
// Peer install (Debian 12): apt-get install -y python3-torch libopenblas0-pthread; it runs with
// OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentBackend, tf, useBackend, type SdeScheme } from '@ratedistortion/core';
import { writeBenchmarkResult } from '@ratedistortion/benchmarks';
import { sourceFromSpec } from '@ratedistortion/datasets';
import { R2D2 } from '@ratedistortion/estimators/r2d2';
import { standardGaussianSpec } from './standard-gaussian-spec.js';

/**
 * The paper's Alg. 1 as the peer runs it: the fixed-noise SDE from the plain network. The library's defaults
 * (`noise: 'auto'`, `init: 'gaussian'`) would pick the noise-controlled chain on this eps range and start a Gaussian
 * source at the optimum, which is neither the same step nor a time-to-accuracy race.
 */
const ALG1 = { noise: 'fixed', init: 'zero' } as const;

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '..', 'results');
const PEER = join(here, '..', 'peers', 'r2d2_torch.py');
/** The sustained single-core rate for the floor (one core of this machine at ~90 GFLOP/s). */
const GFLOPS = 90;
const EPS_MIN = 0.025;
const EPS_MAX = 0.975;
const EPS_GRID = Array.from({ length: 10 }, (_, i) => 0.05 + 0.1 * i);

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '2' },
    dims: { type: 'string', default: '1,16' },
    backend: { type: 'string', default: 'wasm' },
    // Our kernel threads (wasm); 1 to compare with the peer's one thread (kernel-threads.ts compares all cores).
    threads: { type: 'string', default: '1' },
    hidden: { type: 'string', default: '128,128' },
    entropy: { type: 'string', default: 'gaussian' },
    'tta-cap': { type: 'string', default: '120' },
    'tta-every': { type: 'string', default: '10' },
    'tta-hidden': { type: 'string', default: '128' },
    'tta-target': { type: 'string', default: '0.02' },
    'tta-ours': { type: 'string', default: 'dt=0.2;scheme=sra1;hidden=64;lr=0.01' },
    'tta-peer-alt': { type: 'string', default: 'dt=0.1;hidden=64;lr=0.01' },
    'skip-tta': { type: 'boolean', default: false },
    'skip-steps': { type: 'boolean', default: false },
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
  },
  strict: true,
});
const posInt = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
};
const steps = posInt('steps', values.steps);
const warmup = posInt('warmup', values.warmup);
const repeats = posInt('repeats', values.repeats);
const dims = values.dims.split(',').map((s) => posInt('dims', s));
const hidden = values.hidden.split(',').map((s) => posInt('hidden', s));
const ttaHidden = values['tta-hidden'].split(',').map((s) => posInt('tta-hidden', s));
const ttaCap = Number(values['tta-cap']);
const ttaEvery = posInt('tta-every', values['tta-every']);
const ttaTarget = Number(values['tta-target']);
const entropy = values.entropy as 'gaussian' | 'dv';
if (entropy !== 'gaussian' && entropy !== 'dv') throw new Error(`--entropy must be gaussian or dv, got ${entropy}`);
if (values.backend !== 'cpu' && values.backend !== 'wasm')
  throw new Error(`--backend must be cpu or wasm, got ${values.backend}`);
await useBackend(values.backend, { wasmThreads: Number(values.threads) });
const backend = String(currentBackend());

const BATCH = 512;
const EULER_STEPS = 100;

/**
 * Matmul FLOPs of one training step: forward x·W for every layer at each Euler step (2·B·in·out), backward
 * twice that (gradients w.r.t. the input and the weights); the first layer's input is (x, t, eps), d + 2 wide.
 * Elementwise work, the entropy term and Adam are O(B·h) or O(h²) and left out, so this is a lower bound.
 */
function flopsPerStep(d: number, h: number[]): number {
  const widths = [d + 2, ...h, d];
  let perEuler = 0;
  for (let l = 1; l < widths.length; l++) perEuler += 2 * BATCH * widths[l - 1] * widths[l];
  return 3 * perEuler * EULER_STEPS;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const load1 = (): number => loadavg()[0];
const maxRssMiB = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

interface SideTiming {
  tensorsDelta?: number;
  stepSeconds: number[];
  stepCpuSeconds: number[];
  medianStep: number;
  medianCpuStep: number;
  peakRssMiB: number;
  load1Before: number;
  load1After: number;
}
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

async function oursSteps(d: number, seed: number): Promise<SideTiming> {
  const load1Before = load1();
  const tensorsBefore = tf.memory().numTensors;
  const est = new R2D2(sourceFromSpec(standardGaussianSpec(d)), {
    epsMin: EPS_MIN,
    epsMax: EPS_MAX,
    batchSize: BATCH,
    dt: 1 / EULER_STEPS,
    hidden,
    entropy,
    seed,
    ...ALG1,
  });
  const stepSeconds: number[] = [];
  const stepCpuSeconds: number[] = [];
  try {
    await est.train({ steps: warmup });
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await est.train({ steps: 1 });
      stepCpuSeconds.push(cpuSeconds(process.cpuUsage(c0)));
      stepSeconds.push((performance.now() - t0) / 1000);
    }
  } finally {
    est.dispose();
  }
  return {
    tensorsDelta: tf.memory().numTensors - tensorsBefore,
    stepSeconds,
    stepCpuSeconds,
    medianStep: median(stepSeconds),
    medianCpuStep: median(stepCpuSeconds),
    peakRssMiB: maxRssMiB(),
    load1Before,
    load1After: load1(),
  };
}

interface PeerOutput {
  torch: string;
  threads: number;
  stepSeconds: number[];
  stepCpuSeconds: number[];
  losses: number[];
  checkpoints: Checkpoint[];
  reached: Checkpoint | null;
  peakRssMiB: number;
}
interface Checkpoint {
  step: number;
  trainSeconds: number;
  trainCpuSeconds: number;
  medianAbsErr: number;
}

function peer(args: string[], timeoutS: number): PeerOutput {
  const r = spawnSync(values.python, [PEER, ...args], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: timeoutS * 1000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0)
    throw new Error(
      `the PyTorch peer failed (status ${r.status}, ${r.error?.message ?? ''}); install python3-torch or pass --python`,
    );
  return JSON.parse(r.stdout) as PeerOutput;
}

function peerSteps(d: number, seed: number): SideTiming & { torch: string; threads: number } {
  const load1Before = load1();
  const out = peer(
    [
      '--dim',
      String(d),
      '--steps',
      String(steps),
      '--warmup',
      String(warmup),
      '--batch',
      String(BATCH),
      '--dt',
      String(1 / EULER_STEPS),
      '--hidden',
      hidden.join(','),
      '--entropy',
      entropy,
      '--eps-min',
      String(EPS_MIN),
      '--eps-max',
      String(EPS_MAX),
      '--seed',
      String(seed),
      '--threads',
      '1',
    ],
    600,
  );
  return {
    stepSeconds: out.stepSeconds,
    stepCpuSeconds: out.stepCpuSeconds,
    medianStep: median(out.stepSeconds),
    medianCpuStep: median(out.stepCpuSeconds),
    peakRssMiB: out.peakRssMiB,
    load1Before,
    load1After: load1(),
    torch: out.torch,
    threads: out.threads,
  };
}

/** 'dt=0.2;scheme=sra1;hidden=64;lr=0.01' → its key/value pairs. */
function parseSetting(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(';')
      .filter((p) => p.length > 0)
      .map((p) => p.split('=') as [string, string]),
  );
}
const oursTta = parseSetting(values['tta-ours']);
const peerAlt = parseSetting(values['tta-peer-alt']);
const oursTtaSettings = {
  dt: Number(oursTta.dt ?? 1 / EULER_STEPS),
  scheme: (oursTta.scheme ?? 'euler-maruyama') as SdeScheme,
  hidden: (oursTta.hidden ?? ttaHidden.join(',')).split(',').map(Number),
  learningRate: Number(oursTta.lr ?? 1e-3),
  batch: Number(oursTta.batch ?? BATCH),
};

async function oursTimeToAccuracy(
  seed: number,
): Promise<{ reached: Checkpoint | null; checkpoints: Checkpoint[]; peakRssMiB: number }> {
  const est = new R2D2(sourceFromSpec(standardGaussianSpec(1)), {
    epsMin: EPS_MIN,
    epsMax: EPS_MAX,
    entropy: 'gaussian',
    seed,
    ...ALG1,
    ...oursTtaSettings,
  });
  const checkpoints: Checkpoint[] = [];
  let reached: Checkpoint | null = null;
  let trainSeconds = 0;
  let trainCpuSeconds = 0;
  let step = 0;
  try {
    while (trainSeconds <= ttaCap) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await est.train({ steps: ttaEvery });
      trainCpuSeconds += cpuSeconds(process.cpuUsage(c0));
      trainSeconds += (performance.now() - t0) / 1000;
      step += ttaEvery;
      const pts = est.curve(EPS_GRID, { batches: 2, batchSize: 4096 });
      const err = median(pts.map((p) => Math.abs(p.rate - 0.5 * Math.log(1 / (2 * p.distortion)))));
      checkpoints.push({ step, trainSeconds, trainCpuSeconds, medianAbsErr: err });
      console.log(
        `ours  step ${step}: median |ΔR| = ${err.toFixed(4)} after ${trainSeconds.toFixed(2)} s (cpu ${trainCpuSeconds.toFixed(2)} s)`,
      );
      if (err <= ttaTarget) {
        reached = checkpoints[checkpoints.length - 1];
        break;
      }
    }
  } finally {
    est.dispose();
  }
  return { reached, checkpoints, peakRssMiB: maxRssMiB() };
}

function peerTimeToAccuracy(seed: number, setting: { dt: number; hidden: number[]; lr: number }) {
  const out = peer(
    [
      '--dim',
      '1',
      '--steps',
      '100000',
      '--warmup',
      '0',
      '--batch',
      String(BATCH),
      '--dt',
      String(setting.dt),
      '--hidden',
      setting.hidden.join(','),
      '--lr',
      String(setting.lr),
      '--entropy',
      'gaussian',
      '--eps-min',
      String(EPS_MIN),
      '--eps-max',
      String(EPS_MAX),
      '--seed',
      String(seed),
      '--eval-every',
      String(ttaEvery),
      '--eval-batch',
      '4096',
      '--eval-batches',
      '2',
      '--target',
      String(ttaTarget),
      '--max-seconds',
      String(ttaCap),
    ],
    Math.ceil(ttaCap * 3 + 120),
  );
  return { settings: setting, reached: out.reached, checkpoints: out.checkpoints, peakRssMiB: out.peakRssMiB };
}

const f = (x: number, p = 3) => (Number.isFinite(x) ? x.toFixed(p) : String(x));
const rssStart = maxRssMiB();
console.log(
  `backend ${backend}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${steps} timed steps after ${warmup} warm-up, ${repeats} repeat(s)`,
);

const perDim: Record<string, unknown>[] = [];
for (const d of values['skip-steps'] ? [] : dims) {
  const ours: SideTiming[] = [];
  const torch: ReturnType<typeof peerSteps>[] = [];
  for (let r = 0; r < repeats; r++) {
    ours.push(await oursSteps(d, 1 + r));
    console.log(
      `d=${d} repeat ${r}: ours  median ${f(ours[r].medianStep)} s/step, cpu ${f(ours[r].medianCpuStep)} s/step (load ${f(ours[r].load1Before, 2)}→${f(ours[r].load1After, 2)})`,
    );
    torch.push(peerSteps(d, 1 + r));
    console.log(
      `d=${d} repeat ${r}: torch median ${f(torch[r].medianStep)} s/step, cpu ${f(torch[r].medianCpuStep)} s/step (load ${f(torch[r].load1Before, 2)}→${f(torch[r].load1After, 2)})`,
    );
  }
  const oursMed = median(ours.flatMap((o) => o.stepSeconds));
  const torchMed = median(torch.flatMap((o) => o.stepSeconds));
  const oursCpu = median(ours.flatMap((o) => o.stepCpuSeconds));
  const torchCpu = median(torch.flatMap((o) => o.stepCpuSeconds));
  const flops = flopsPerStep(d, hidden);
  const floor = flops / (GFLOPS * 1e9);
  perDim.push({
    dim: d,
    oursMedianStepSeconds: oursMed,
    torchMedianStepSeconds: torchMed,
    ratio: oursMed / torchMed,
    oursMedianStepCpuSeconds: oursCpu,
    torchMedianStepCpuSeconds: torchCpu,
    cpuRatio: oursCpu / torchCpu,
    oursCpuFractionOfFloor: floor / oursCpu,
    torchCpuFractionOfFloor: floor / torchCpu,
    flopsPerStep: flops,
    floorSeconds: floor,
    oursFractionOfFloor: floor / oursMed,
    torchFractionOfFloor: floor / torchMed,
    oursPeakRssMiB: Math.max(...ours.map((o) => o.peakRssMiB)),
    torchPeakRssMiB: Math.max(...torch.map((o) => o.peakRssMiB)),
    repeats: { ours, torch },
  });
}

let tta: Record<string, unknown> | null = null;
if (!values['skip-tta']) {
  const load1Before = load1();
  const ours = await oursTimeToAccuracy(11);
  const loadMid = load1();
  const published = peerTimeToAccuracy(11, { dt: 1 / EULER_STEPS, hidden: ttaHidden, lr: 1e-3 });
  const alt = peerTimeToAccuracy(11, {
    dt: Number(peerAlt.dt ?? 1 / EULER_STEPS),
    hidden: (peerAlt.hidden ?? ttaHidden.join(',')).split(',').map(Number),
    lr: Number(peerAlt.lr ?? 1e-3),
  });
  const ratio = (a: Checkpoint | null, b: Checkpoint | null, key: 'trainSeconds' | 'trainCpuSeconds') =>
    a && b ? a[key] / b[key] : null;
  tta = {
    settings: {
      dim: 1,
      entropy: 'gaussian',
      every: ttaEvery,
      cap: ttaCap,
      target: ttaTarget,
      evalSamplesPerEps: 8192,
      ours: oursTtaSettings,
    },
    ours: { ...ours },
    torch: published,
    torchAtOurSettings: alt,
    ratio: ratio(ours.reached, published.reached, 'trainSeconds'),
    cpuRatio: ratio(ours.reached, published.reached, 'trainCpuSeconds'),
    ratioAgainstTorchAtOurSettings: ratio(ours.reached, alt.reached, 'trainSeconds'),
    cpuRatioAgainstTorchAtOurSettings: ratio(ours.reached, alt.reached, 'trainCpuSeconds'),
    load1: [load1Before, loadMid, load1()],
  };
}

console.log(
  `\n(a) seconds per training step (median), batch ${BATCH}, Δt = 1/${EULER_STEPS}, MLP ${hidden.join('×')}, entropy ${entropy}`,
);
console.log(
  ' d   ours (s)  torch (s)  ours/torch | cpu: ours (s)  torch (s)  ours/torch | floor (s)  ours %floor (cpu)  torch %floor (cpu) | peak RSS ours/torch (MiB)',
);
type PerDim = {
  dim: number;
  oursMedianStepSeconds: number;
  torchMedianStepSeconds: number;
  ratio: number;
  oursMedianStepCpuSeconds: number;
  torchMedianStepCpuSeconds: number;
  cpuRatio: number;
  floorSeconds: number;
  oursCpuFractionOfFloor: number;
  torchCpuFractionOfFloor: number;
  oursPeakRssMiB: number;
  torchPeakRssMiB: number;
};
for (const p of perDim as PerDim[]) {
  console.log(
    `${String(p.dim).padStart(2)}  ${f(p.oursMedianStepSeconds).padStart(8)}  ${f(p.torchMedianStepSeconds).padStart(9)}  ${f(p.ratio, 2).padStart(10)} | ${f(p.oursMedianStepCpuSeconds).padStart(13)}  ${f(p.torchMedianStepCpuSeconds).padStart(9)}  ${f(p.cpuRatio, 2).padStart(10)} | ${f(p.floorSeconds).padStart(9)}  ${f(100 * p.oursCpuFractionOfFloor, 1).padStart(16)}%  ${f(100 * p.torchCpuFractionOfFloor, 1).padStart(17)}% | ${f(p.oursPeakRssMiB, 0)}/${f(p.torchPeakRssMiB, 0)}`,
  );
}
if (tta) {
  const t = tta as {
    ours: { reached: Checkpoint | null };
    torch: { reached: Checkpoint | null };
    torchAtOurSettings: { reached: Checkpoint | null };
    ratio: number | null;
    cpuRatio: number | null;
    ratioAgainstTorchAtOurSettings: number | null;
    cpuRatioAgainstTorchAtOurSettings: number | null;
  };
  const s = (c: Checkpoint | null) =>
    c
      ? `${f(c.trainSeconds, 2)} s, cpu ${f(c.trainCpuSeconds, 2)} s (${c.step} steps, |ΔR| ${f(c.medianAbsErr, 4)})`
      : `not reached within ${ttaCap} s`;
  const r = (x: number | null) => (x === null ? 'n/a' : f(x, 2));
  console.log(
    `\n(b) time to median |ΔR| <= ${ttaTarget} nats on N(0,1): ours (${values['tta-ours']}) ${s(t.ours.reached)}`,
  );
  console.log(`    torch, published settings: ${s(t.torch.reached)}; ratio ${r(t.ratio)} (cpu ${r(t.cpuRatio)})`);
  console.log(
    `    torch at our settings (${values['tta-peer-alt']}, Euler): ${s(t.torchAtOurSettings.reached)}; ratio ${r(t.ratioAgainstTorchAtOurSettings)} (cpu ${r(t.cpuRatioAgainstTorchAtOurSettings)})`,
  );
}
console.log(
  `(c) peak RSS: see the table (ours is the running maximum of this process; ${f(rssStart, 0)} MiB before training)`,
);

const file = join(RESULTS, 'speed.json');
writeBenchmarkResult(
  file,
  'speed',
  {
    settings: {
      steps,
      warmup,
      repeats,
      dims,
      backend,
      batch: BATCH,
      eulerSteps: EULER_STEPS,
      hidden,
      entropy,
      gflopsForFloor: GFLOPS,
    },
    targets: { stepRatio: 1.5, timeToAccuracyRatio: 1.0 },
    perStep: perDim,
    timeToAccuracy: tta,
    rssBeforeTrainingMiB: rssStart,
    load1End: load1(),
  },
  backend,
);
console.log(`wrote ${file}`);
