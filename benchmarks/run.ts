// Benchmark runner: `pnpm bench` lists the benchmarks, `pnpm bench NAME [flags]` runs one,
// `pnpm bench --profile ci` runs the CI profile (short runs with pass/fail thresholds) and exits non-zero when
// any of them misses its threshold. Each benchmark is one script that writes benchmarks/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  file: string;
  what: string;
  /** Flags used by the CI profile; absent = not in the CI profile. */
  ci?: string[];
}

const BENCHMARKS: Record<string, Benchmark> = {
  'r2d2-ci': { file: 'r2d2/ci.ts', what: 'R2D2 on N(0,1), 1000 steps, loose thresholds on the closed form (CI guard)', ci: [] },
  'r2d2-gaussian-1d': { file: 'r2d2/gaussian-1d.ts', what: 'R2D2, paper Fig. 2/7 settings (App. E.2), budget as --steps' },
  'r2d2-gmm': { file: 'r2d2/gmm.ts', what: 'R2D2 on GMM #1/#2 (--mixture 1|2): rate, KS of X1 vs p1, drift vs u*' },
  'r2d2-high-rate': { file: 'r2d2/high-rate.ts', what: 'R2D2 on a 33-dim Gaussian with rates above 30 nats (Remark 4.1)' },
  'matmul-gradient': { file: 'matmul-gradient/run.ts', what: 'wasm training step with the stock vs explicit-transpose BatchMatMul gradient' },
  analytic: { file: 'analytic/run.ts', what: 'optimal GMM SDE (1e5 paths) and 1-D Blahut–Arimoto, TypeScript vs numpy' },
  'ba-convergence': { file: 'analytic/ba-convergence.ts', what: 'Blahut–Arimoto iterations to tolerance, plain vs SQUAREM' },
  'nerd-gaussian': { file: 'baselines/nerd-gaussian.ts', what: "NERD on its own 20-dim Gaussian (m = 20, r = 0.25) vs water-filling" },
  'high-rate-saturation': { file: 'baselines/high-rate-saturation.ts', what: 'NERD saturating near log M on a 33-dim Gaussian' },
  'wgd-gaussian-1d': { file: 'baselines/wgd-gaussian-1d.ts', what: 'WGD curve on N(0,1)' },
  'wgd-high-rate': { file: 'baselines/wgd-high-rate.ts', what: 'WGD saturating near log(n particles) on a 33-dim Gaussian' },
  speed: { file: 'speed/run.ts', what: 'R2D2 step time, time to |ΔR| <= 0.02 and peak RSS: ours (tfjs) vs the PyTorch peer' },
  'ebrd-scalar': { file: 'baselines/ebrd-scalar.ts', what: "EBRD's scalar cases: N(0,1) and a 2-D Gaussian vs closed forms" },
  fig2: { file: 'baselines/fig2.ts', what: 'paper Fig. 2: R2D2, NERD, WGD, EBRD on N(0,1) at an equal wall-clock budget (--seconds, --seeds)' },
  'nerd-gaussian-all': { file: 'baselines/nerd-gaussian-all.ts', what: "all methods on NERD's 20-dim Gaussian vs water-filling (bits, SSE), equal --seconds" },
};

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');

function run(name: string, flags: string[]): number {
  const b = BENCHMARKS[name];
  console.log(`\n=== ${name}: ${b.what}\n`);
  const r = spawnSync(tsx, [join(here, b.file), ...flags], { stdio: 'inherit' });
  return r.status ?? 1;
}

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === '--help' || args[0] === 'list') {
  console.log('Usage: pnpm bench NAME [flags] | pnpm bench --profile ci\n');
  for (const [name, b] of Object.entries(BENCHMARKS)) console.log(`  ${name.padEnd(22)} ${b.what}${b.ci ? '  [ci]' : ''}`);
} else if (args[0] === '--profile') {
  if (args[1] !== 'ci') {
    console.error(`Unknown profile '${args[1] ?? ''}': the profile is 'ci'.`);
    process.exit(2);
  }
  const failed: string[] = [];
  for (const [name, b] of Object.entries(BENCHMARKS)) if (b.ci && run(name, b.ci) !== 0) failed.push(name);
  console.log(failed.length ? `\nbenchmark profile ci: FAILED (${failed.join(', ')})` : '\nbenchmark profile ci: all passed');
  process.exit(failed.length ? 1 : 0);
} else {
  const [name, ...flags] = args;
  if (!BENCHMARKS[name]) {
    console.error(`Unknown benchmark '${name}'. Run 'pnpm bench' for the list.`);
    process.exit(2);
  }
  process.exit(run(name, flags));
}
