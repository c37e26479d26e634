// The benchmark scripts of the repository (benchmarks/<file>, run with tsx inside a checkout): the one list that
// `rd bench` and `pnpm bench` show and run. Each script writes benchmarks/results/<name>.json with the machine.

/**
 * One benchmark script of the repository: its path under `benchmarks/` and one line saying what it measures.
 *
 * @example
 * ```ts
 * import type { RepositoryBenchmark } from '@ratedistortion/benchmarks';
 * const b: RepositoryBenchmark = { file: 'r2d2/gmm.ts', what: 'R2D2 on GMM #1/#2' };
 * ```
 */
export interface RepositoryBenchmark {
  /** Path of the script relative to the checkout's `benchmarks/` folder. */
  readonly file: string;
  readonly what: string;
}

/**
 * The repository's named benchmarks (`rd bench NAME [-- FLAGS]` inside a checkout).
 *
 * @example
 * ```ts
 * import { REPOSITORY_BENCHMARKS } from '@ratedistortion/benchmarks';
 * for (const [name, b] of Object.entries(REPOSITORY_BENCHMARKS)) console.log(name.padEnd(22), b.what);
 * ```
 */
export const REPOSITORY_BENCHMARKS: Readonly<Record<string, RepositoryBenchmark>> = {
  'r2d2-gaussian-1d': {
    file: 'r2d2/gaussian-1d.ts',
    what: 'R2D2, paper Fig. 2/7 settings (App. E.2), budget as --steps',
  },
  'r2d2-gmm': { file: 'r2d2/gmm.ts', what: 'R2D2 on GMM #1/#2 (--mixture 1|2): rate, KS of X1 vs p1, drift vs u*' },
  'r2d2-high-rate': {
    file: 'r2d2/high-rate.ts',
    what: 'R2D2 on a 33-dim Gaussian with rates above 30 nats (Remark 4.1)',
  },
  'r2d2-entropy': {
    file: 'r2d2/entropy-in-r2d2.ts',
    what: 'bias of each H(X1) estimator as R2D2 uses it, d = 5…33, against exact entropies',
  },
  'equal-time': {
    file: 'baselines/equal-time.ts',
    what: 'every method at an equal --seconds on nine sources vs exact/BA references, with SE (JSON + SVG)',
  },
  'matmul-gradient': {
    file: 'matmul-gradient/run.ts',
    what: 'wasm training step with the stock vs explicit-transpose BatchMatMul gradient',
  },
  analytic: {
    file: 'analytic/run.ts',
    what: 'optimal GMM SDE (1e5 paths) and 1-D Blahut–Arimoto, TypeScript vs numpy',
  },
  'ba-convergence': {
    file: 'analytic/ba-convergence.ts',
    what: 'Blahut–Arimoto iterations to tolerance, plain vs SQUAREM',
  },
  'nerd-gaussian': {
    file: 'baselines/nerd-gaussian.ts',
    what: 'NERD on its own 20-dim Gaussian (m = 20, r = 0.25) vs water-filling',
  },
  'high-rate-saturation': {
    file: 'baselines/high-rate-saturation.ts',
    what: 'NERD saturating near log M on a 33-dim Gaussian',
  },
  'wgd-gaussian-1d': { file: 'baselines/wgd-gaussian-1d.ts', what: 'WGD curve on N(0,1)' },
  'wgd-high-rate': {
    file: 'baselines/wgd-high-rate.ts',
    what: 'WGD saturating near log(n particles) on a 33-dim Gaussian',
  },
  gpu: {
    file: 'gpu/run.ts',
    what: 'R2D2 on a GPU (webgpu backend): adapter, cpu-vs-webgpu parity, s/step webgpu vs wasm, dispatches, GPU memory',
  },
  speed: {
    file: 'speed/run.ts',
    what: 'R2D2 step time, time to |ΔR| <= 0.02 and peak RSS: ours (tfjs) vs the PyTorch peer',
  },
  'ebrd-scalar': {
    file: 'baselines/ebrd-scalar.ts',
    what: "EBRD's scalar cases: N(0,1) and a 2-D Gaussian vs closed forms",
  },
  fig2: {
    file: 'baselines/fig2.ts',
    what: 'paper Fig. 2: R2D2, NERD, WGD, EBRD on N(0,1) at an equal wall-clock budget (--seconds, --seeds)',
  },
  'nerd-width-1d': {
    file: 'baselines/nerd-width-1d.ts',
    what: "NERD's generator width on N(0, 1.5): width 1 (the authors' [d, d] at d = 1) collapses, 20 does not",
  },
  'r2d2-bias-gmm2': {
    file: 'baselines/r2d2-bias-gmm2.ts',
    what: "R2D2's bias on GMM #2 / sinc⁴ split: reference, k-NN read-out, Euler floor of u*, trained variants (--steps)",
  },
  'nerd-gaussian-all': {
    file: 'baselines/nerd-gaussian-all.ts',
    what: "all methods on NERD's 20-dim Gaussian vs water-filling (bits, SSE), equal --seconds",
  },
};
