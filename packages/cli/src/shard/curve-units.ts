// Running one unit of a curve sweep with the estimators package's `runCurve`, and assembling unit outputs
// into the normal `rd curve` results. A per-eps unit trains exactly the model the unsharded run trains for that
// eps (same seed, same settings; EBRD's per-eps seed offset is kept), so the assembled points equal the
// unsharded run's. Over several seeds a point is the median over seeds and its IQR spans the seeds' 25–75%.
import { CliUsageError } from '../args/usage-error.js';
import type { CurvePoint, RunCurveOptions, RunCurveResult } from '@ratedistortion/estimators';
import { unitSeed, type SweepUnit } from './sweep-units.js';
import type { SweepConfig, UnitRecord } from './shard-file.js';

/**
 * What one curve unit produced: its points (one per eps it covers), the run's `source` and `train` summary,
 * and optional figure-specific extras.
 *
 * @example
 * ```ts
 * import type { CurveUnitOutput } from '@ratedistortion/cli/shard';
 * const n = (o: CurveUnitOutput) => o.points.length;
 * ```
 */
export interface CurveUnitOutput {
  points: CurvePoint[];
  source: RunCurveResult['source'];
  train: RunCurveResult['train'];
  extras?: Record<string, unknown>;
}

/**
 * The `runCurve` options shared by every unit of a curve sweep (everything but method, eps and seed).
 *
 * @example
 * ```ts
 * import type { CurveUnitSettings } from '@ratedistortion/cli/shard';
 * const s: CurveUnitSettings = { source: { kind: 'gaussian', variance: 1 }, steps: 100, backend: 'cpu' };
 * ```
 */
export type CurveUnitSettings = Omit<
  RunCurveOptions,
  'method' | 'eps' | 'seed' | 'checkpoint' | 'resume' | 'onCheckpoint' | 'signal' | 'onProgress' | 'seconds'
>;

/**
 * The runCurve options of one unit: the unit's eps (all of them for an amortised method), and its seed
 * ({@link unitSeed} of the base seed and the seed index). An EBRD unit at eps index j gets seed + j, the offset
 * the unsharded per-eps EBRD run gives its j-th model.
 *
 * @example
 * ```ts
 * import { curveUnitOptions } from '@ratedistortion/cli/shard';
 * const o = curveUnitOptions({ source: { kind: 'gaussian', variance: 1 }, steps: 10 }, [0.1, 0.5], 3, { method: 'wgd', eps: 1, seed: 0 });
 * console.log(o.eps, o.seed); // [0.5] 3
 * ```
 */
export function curveUnitOptions(
  settings: CurveUnitSettings,
  eps: readonly number[],
  baseSeed: number,
  unit: SweepUnit,
): RunCurveOptions {
  const seed = unitSeed(baseSeed, unit.seed);
  const epsList = unit.eps === 'all' ? [...eps] : [eps[unit.eps]];
  const o: RunCurveOptions = { ...settings, method: unit.method as RunCurveOptions['method'], eps: epsList, seed };
  // The unsharded per-eps run trains model j with epsMin/epsMax unused and (EBRD only) seed + j.
  if (unit.method === 'ebrd' && unit.eps !== 'all')
    o.ebrd = { ...settings.ebrd, seed: (settings.ebrd?.seed ?? seed) + unit.eps };
  return o;
}

/**
 * Run one unit with `runCurve` (imported on demand: tfjs loads only when something trains).
 *
 * @example
 * ```ts
 * import { runCurveUnit } from '@ratedistortion/cli/shard';
 * const out = await runCurveUnit({ source: { kind: 'gaussian', variance: 1 }, ba: { samples: 20000, points: 100 }, backend: 'cpu' }, [0.5], 0, { method: 'ba', eps: 'all', seed: 0 });
 * console.log(out.points[0].rate);
 * ```
 */
export async function runCurveUnit(
  settings: CurveUnitSettings,
  eps: readonly number[],
  baseSeed: number,
  unit: SweepUnit,
  hooks: Pick<RunCurveOptions, 'onProgress' | 'progressEvery' | 'signal' | 'onCheckpoint'> = {},
): Promise<CurveUnitOutput> {
  const { runCurve } = await import('@ratedistortion/estimators');
  const r = await runCurve({ ...curveUnitOptions(settings, eps, baseSeed, unit), ...hooks, evaluateOnAbort: false });
  return { points: r.points, source: r.source, train: r.train };
}

/**
 * The median and the 25%/75% quantiles (linear interpolation between order statistics).
 *
 * @example
 * ```ts
 * import { medianAndIqr } from '@ratedistortion/cli/shard';
 * console.log(medianAndIqr([1, 2, 3, 4, 5])); // { median: 3, iqr: [2, 4] }
 * ```
 */
export function medianAndIqr(values: readonly number[]): { median: number; iqr: [number, number] } {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  };
  return { median: q(0.5), iqr: [q(0.25), q(0.75)] };
}

/** Standard error of the median of n ≥ 2 values: √(π/2)·s/√n (its large-n value for a normal spread). */
function medianSe(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const s2 = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(((Math.PI / 2) * s2) / n);
}

/**
 * One point from the same eps over several seeds: median rate and distortion over seeds, their standard errors
 * over seeds (√(π/2)·s/√n, the median's for a normal spread), IQRs over seeds, the
 * shared analytic reference, and `perSeed` values (so the spread can be redrawn). One seed: that point as is.
 *
 * @example
 * ```ts
 * import { pointOverSeeds } from '@ratedistortion/cli/shard';
 * const p = pointOverSeeds([0.9, 1, 1.2].map((rate) => ({
 *   eps: 0.5, rate, distortion: 0.25, rateSe: 0.01, distortionSe: 0.001, rateIqr: [rate, rate] as [number, number], distortionIqr: [0.25, 0.25] as [number, number],
 * })));
 * console.log(p.rate, p.rateIqr); // 1 [0.95, 1.1]
 * ```
 */
export function pointOverSeeds(
  points: readonly CurvePoint[],
): CurvePoint & { perSeed?: { rate: number[]; distortion: number[] } } {
  if (points.length === 1) return points[0];
  const rate = medianAndIqr(points.map((p) => p.rate));
  const distortion = medianAndIqr(points.map((p) => p.distortion));
  const out: CurvePoint & { perSeed?: { rate: number[]; distortion: number[] } } = {
    eps: points[0].eps,
    rate: rate.median,
    distortion: distortion.median,
    rateSe: medianSe(points.map((p) => p.rate)),
    distortionSe: medianSe(points.map((p) => p.distortion)),
    rateIqr: rate.iqr,
    distortionIqr: distortion.iqr,
  };
  const ref = points[0].reference;
  if (ref) {
    out.reference = ref;
    out.rateError = rate.median - ref.rate;
  }
  out.perSeed = { rate: points.map((p) => p.rate), distortion: points.map((p) => p.distortion) };
  return out;
}

/**
 * The normal `rd curve` results (one per method, in plan order) from every unit's record: points in eps order,
 * over seeds as {@link pointOverSeeds}; `train` sums the units' steps and seconds (`models` counts per-eps models
 * per seed, as the unsharded run reports them).
 *
 * @example
 * ```ts
 * import { assembleCurveResults } from '@ratedistortion/cli/shard';
 * import { type SweepConfig, type UnitRecord } from '@ratedistortion/cli';
 * const show = (config: SweepConfig, records: UnitRecord[]) => assembleCurveResults(config, records).map((r) => r.method);
 * ```
 */
export function assembleCurveResults(config: SweepConfig, records: readonly UnitRecord[]): RunCurveResult[] {
  const { plan } = config;
  const results: RunCurveResult[] = [];
  for (const m of plan.methods) {
    const mine = records.filter((r) => r.unit.method === m.name) as UnitRecord<CurveUnitOutput>[];
    const bySeed = (s: number) => mine.filter((r) => r.unit.seed === s);
    const points: CurvePoint[] = [];
    for (let e = 0; e < plan.eps.length; e++) {
      const perSeed: CurvePoint[] = [];
      for (let s = 0; s < plan.seeds; s++) {
        const rs = bySeed(s);
        const r = m.amortised ? rs.find((x) => x.unit.eps === 'all') : rs.find((x) => x.unit.eps === e);
        const p = r && (m.amortised ? r.output.points[e] : r.output.points[0]);
        if (!p) {
          throw new CliUsageError(
            `the shard holding unit ${r?.key ?? `${m.name} eps index ${e} seed index ${s}`} has no point at eps ${plan.eps[e]}`,
            'merge',
            'Run that shard again.',
          );
        }
        perSeed.push(p);
      }
      points.push(pointOverSeeds(perSeed));
    }
    const first = mine[0].output;
    let train: RunCurveResult['train'];
    if (m.amortised && plan.seeds === 1) {
      train = first.train;
    } else {
      const sum = (f: (t: RunCurveResult['train']) => number) => mine.reduce((a, r) => a + f(r.output.train), 0);
      train = {
        steps: sum((t) => t.steps),
        totalSteps: sum((t) => t.totalSteps),
        seconds: sum((t) => t.seconds),
        backend: first.train.backend,
        aborted: mine.some((r) => r.output.train.aborted),
        ...(m.amortised && first.train.models === undefined
          ? {}
          : { models: m.amortised ? sum((t) => t.models ?? 1) : plan.eps.length * plan.seeds }),
      };
    }
    results.push({ method: m.name as RunCurveResult['method'], source: first.source, points, train });
  }
  return results;
}
