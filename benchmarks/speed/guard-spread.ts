// The spread of the CI speed guard's ratio (benchmarks/src/speed-checks.ts): runs measureStepMatmulRatio --runs
// times, each in a fresh process (so heap layout and JIT state vary as between CI runs), records the 1-minute load
// average around each, and writes the median, the extremes and the largest excess over the median to
// benchmarks/results/speed-guard.json. R2D2_STEP_MATMUL_RATIO is the median; SPEED_RATIO_TOLERANCE must clear
// maxExcess by a margin.
//   npx tsx benchmarks/speed/guard-spread.ts [--runs 12] [--out benchmarks/results/speed-guard.json]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useBackend } from '@ratedistortion/core';
import {
  measureStepMatmulRatio,
  R2D2_STEP_MATMUL_RATIO,
  SPEED_RATIO_TOLERANCE,
  writeBenchmarkResult,
} from '@ratedistortion/benchmarks';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '12' },
    out: { type: 'string', default: join(here, '..', 'results', 'speed-guard.json') },
    child: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.child) {
  await useBackend('wasm');
  process.stdout.write(`${JSON.stringify(await measureStepMatmulRatio())}\n`);
} else {
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const rows: { step: number; matmul: number; ratio: number; load1Before: number; load1After: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const load1Before = loadavg()[0];
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`run ${i + 1} failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    rows.push({ step: r.step, matmul: r.matmul, ratio: r.ratio, load1Before, load1After: loadavg()[0] });
    process.stderr.write(
      `run ${i + 1}/${runs}: ratio ${r.ratio.toFixed(3)} (step ${r.step.toFixed(3)} s, loop ${r.matmul.toFixed(3)} s CPU; load ${load1Before.toFixed(2)})\n`,
    );
  }
  const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
  const m = ratios.length >> 1;
  const med = ratios.length % 2 ? ratios[m] : 0.5 * (ratios[m - 1] + ratios[m]);
  const result = {
    runs: rows,
    medianRatio: med,
    minRatio: ratios[0],
    maxRatio: ratios[ratios.length - 1],
    maxExcess: ratios[ratios.length - 1] / med - 1,
    committedRatio: R2D2_STEP_MATMUL_RATIO,
    tolerance: SPEED_RATIO_TOLERANCE,
    maxExcessOverCommitted: ratios[ratios.length - 1] / R2D2_STEP_MATMUL_RATIO - 1,
  };
  writeBenchmarkResult(values.out, 'speed-guard', result, 'wasm');
  console.log(
    JSON.stringify({
      medianRatio: med,
      minRatio: result.minRatio,
      maxRatio: result.maxRatio,
      maxExcess: result.maxExcess,
    }),
  );
}
