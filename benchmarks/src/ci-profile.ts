// The CI benchmark profile (`rd bench --profile ci`, run by .ci/run after the tests): the analytic group against
// tight references, then every estimator on a small budget against loose thresholds on Gaussian closed forms.
// About 2 minutes on 2 quiet cores (R2D2's 1000 steps are most of it).
import { currentBackend, useBackend } from '@ratedistortion/core';
import { ANALYTIC_CHECKS } from './analytic-checks.js';
import type { BenchProfile } from './bench-profile.js';
import { ESTIMATOR_CHECKS } from './estimator-checks.js';
import { SPEED_CHECKS } from './speed-checks.js';

/**
 * The CI profile: group `analytic` ({@link ANALYTIC_CHECKS}), group `estimators` ({@link ESTIMATOR_CHECKS}, on the
 * wasm backend) and group `speed` ({@link SPEED_CHECKS}, on wasm). Results go to `ci-analytic.json`,
 * `ci-estimators.json` and `ci-speed.json`.
 *
 * @example
 * ```ts
 * import { CI_PROFILE } from '@ratedistortion/benchmarks';
 * console.log(CI_PROFILE.groups.map((g) => `${g.name}: ${g.checks.length} checks`));
 * ```
 */
export const CI_PROFILE: BenchProfile = {
  name: 'ci',
  description:
    'analytic values against tight references; R2D2, NERD, WGD, EBRD and BA on small budgets against loose thresholds on Gaussian closed forms (a few minutes on 2 cores)',
  groups: [
    {
      name: 'analytic',
      description: 'analytic package: independent routes to the same RD quantity, tight references',
      checks: ANALYTIC_CHECKS,
    },
    {
      name: 'estimators',
      description: 'estimators on small fixed budgets and seeds against Gaussian closed forms, loose thresholds',
      checks: ESTIMATOR_CHECKS,
      async setup() {
        // The thresholds were measured on wasm, the library's default backend (cpu is ~10× slower here), on one kernel
        // thread: the numbers are the same on any count, and the speed group's CPU-time ratio needs one (a waiting
        // pool thread's spinning counts as CPU time). The thread count is fixed for the process by this first call.
        await useBackend('wasm', { wasmThreads: 1 });
        return String(currentBackend());
      },
    },
    {
      name: 'speed',
      description:
        'a default R2D2 training step against a wasm matMul loop of its FLOPs, CPU time, same run: a slowdown guard independent of the machine',
      checks: SPEED_CHECKS,
      async setup() {
        await useBackend('wasm', { wasmThreads: 1 });
        return String(currentBackend());
      },
    },
  ],
};

/**
 * The profiles `rd bench --profile NAME` knows.
 *
 * @example
 * ```ts
 * import { BENCH_PROFILES } from '@ratedistortion/benchmarks';
 * console.log(Object.keys(BENCH_PROFILES)); // ['ci']
 * ```
 */
export const BENCH_PROFILES: Readonly<Record<string, BenchProfile>> = { ci: CI_PROFILE };
