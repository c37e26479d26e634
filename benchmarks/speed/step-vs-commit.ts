// R2D2's training step on this checkout against another checkout (e.g. a worktree of 72bc8ee, the commit of
// results/speed.json), alternating fresh processes (other and this at the defaults, other and this with noise 'fixed',
// other and this with noise 'fixed' and init 'zero', …) so the host's swings hit every variant, in CPU time per step
// (median of --steps steps after 2 warm-up steps; d = --dim (1), batch 512, Δt = 1/100, hidden --hidden (128,128),
// Gaussian entropy; a d-dimensional source is N(0, I)).
// The settings separate what the defaults add (the noise-controlled chain chosen by noise 'auto', the Gaussian warm
// start) from the paper's Alg. 1, and each is timed on both checkouts. The other checkout needs its dependencies installed; the child script is copied
// into its benchmarks/speed folder for the run and removed afterwards.
//   npx tsx benchmarks/speed/step-vs-commit.ts --other /tmp/tp/old [--rounds 3] [--steps 8] [--dim 1]
//       [--hidden 128,128] [--settings defaults,fixed,alg1] [--out benchmarks/results/step-vs-72bc8ee.json]
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { standardGaussianSpec } from './standard-gaussian-spec.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    other: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '8' },
    dim: { type: 'string', default: '1' },
    hidden: { type: 'string', default: '128,128' },
    settings: { type: 'string', default: 'defaults,fixed,alg1' },
    out: { type: 'string', default: join(here, '..', 'results', 'step-vs-72bc8ee.json') },
    child: { type: 'string' },
  },
  strict: true,
});

if (values.child !== undefined) {
  // Child: runs inside either checkout (imports resolve to that checkout's sources).
  const { useBackend } = await import('@ratedistortion/core');
  const { sourceFromSpec } = await import('@ratedistortion/datasets');
  const { R2D2 } = await import('@ratedistortion/estimators/r2d2');
  await useBackend('wasm');
  const extra = JSON.parse(values.child) as Record<string, unknown>;
  const d = Number(values.dim);
  const spec = standardGaussianSpec(d);
  const est = new R2D2(sourceFromSpec(spec), {
    epsMin: 0.025,
    epsMax: 0.975,
    batchSize: 512,
    dt: 1 / 100,
    hidden: values.hidden.split(',').map(Number),
    entropy: 'gaussian',
    seed: 0,
    ...extra,
  });
  await est.train({ steps: 2 });
  const cpu: number[] = [];
  for (let i = 0; i < Number(values.steps); i++) {
    const c = process.cpuUsage();
    await est.train({ steps: 1 });
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1e6);
  }
  cpu.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ cpuSecondsPerStep: cpu[cpu.length >> 1], chain: (est as unknown as { chain?: string }).chain ?? 'fixed' })}\n`,
  );
  est.dispose();
  process.exit(0);
}

if (values.other === undefined) throw new Error('--other DIR (a checkout of the commit to compare with) is required');
const dim = Number(values.dim);
if (!Number.isInteger(dim) || dim < 1) throw new Error(`--dim must be a positive integer, got ${values.dim}`);
const widths = values.hidden.split(',').map(Number);
if (widths.some((w) => !Number.isInteger(w) || w < 1))
  throw new Error(`--hidden must be positive integers separated by commas, got ${values.hidden}`);
const { writeBenchmarkResult } = await import('@ratedistortion/benchmarks');
const other = resolve(values.other);
const self = resolve(here, '..', '..');
const otherChild = join(other, 'benchmarks', 'speed', 'zz-step-vs-commit-child.ts');
copyFileSync(fileURLToPath(import.meta.url), otherChild);
// Each setting on both checkouts, in one round: the other commit and this checkout at the library's defaults, with
// noise 'fixed' (and the defaults' warm start), and at the paper's Alg. 1 (noise 'fixed', init 'zero').
const allSettings: Record<string, [string, Record<string, string>]> = {
  defaults: ['defaults', {}],
  fixed: ["noise 'fixed'", { noise: 'fixed' }],
  alg1: ["noise 'fixed', init 'zero'", { noise: 'fixed', init: 'zero' }],
};
const settings = values.settings.split(',').map((key) => {
  const found = allSettings[key];
  if (!found) throw new Error(`--settings takes defaults, fixed and alg1 separated by commas, got ${values.settings}`);
  return found;
});
const variants = settings.flatMap(([label, extra]) => [
  { name: `other commit, ${label}`, root: other, script: otherChild, extra },
  { name: `this checkout, ${label}`, root: self, script: fileURLToPath(import.meta.url), extra },
]);
const rows: Record<string, { cpuSecondsPerStep: number; chain: string; load1: number; utc: string }[]> = {};
try {
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const v of variants) {
      const load1 = loadavg()[0];
      const utc = new Date().toISOString();
      const args = ['--child', JSON.stringify(v.extra), '--steps', values.steps, '--dim', values.dim];
      const out = execFileSync('npx', ['tsx', v.script, ...args, '--hidden', values.hidden], {
        cwd: v.root,
        encoding: 'utf8',
      });
      const o = JSON.parse(out.trim().split('\n').pop() as string);
      (rows[v.name] ??= []).push({ ...o, load1, utc });
      process.stderr.write(
        `${v.name}: ${o.cpuSecondsPerStep.toFixed(3)} s CPU/step (${o.chain}; load ${load1.toFixed(2)}, ${utc})\n`,
      );
    }
  }
} finally {
  rmSync(otherChild, { force: true });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const medians = Object.fromEntries(
  Object.entries(rows).map(([k, v]) => [k, median(v.map((x) => x.cpuSecondsPerStep))]),
);
writeBenchmarkResult(
  values.out,
  'step-vs-commit',
  {
    other,
    rounds: Number(values.rounds),
    steps: Number(values.steps),
    dim,
    hidden: widths,
    runs: rows,
    medianCpuSecondsPerStep: medians,
  },
  'wasm',
);
console.log(JSON.stringify(medians));
