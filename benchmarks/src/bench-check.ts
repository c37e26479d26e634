// One benchmark check: a computation that yields measured values, each compared with its reference under a
// stated threshold. A check that throws is a failed check (never a crashed profile), so CI reports every miss.
import { performance } from 'node:perf_hooks';

/**
 * How a measurement's error is formed (see {@link BenchMeasurement}).
 *
 * @example
 * ```ts
 * import type { BenchErrorKind } from '@ratedistortion/benchmarks';
 * const kind: BenchErrorKind = 'excess';
 * ```
 */
export type BenchErrorKind = 'absolute' | 'relative' | 'excess';

/**
 * One measured value of a check against its reference. `error` is `|value − reference|` (`'absolute'`, the
 * default), `|value − reference| / |reference|` (`'relative'`) or, for a quantity that may only shrink (a time
 * ratio), `max(0, value − reference) / |reference|` (`'excess'`); the measurement passes when the error is finite
 * and at most `threshold`.
 *
 * @example
 * ```ts
 * import type { BenchMeasurement } from '@ratedistortion/benchmarks';
 * const m: BenchMeasurement = { name: 'rate at eps = 0.5', reference: 0.5 * Math.log(2), value: 0.3467, threshold: 1e-3 };
 * ```
 */
export interface BenchMeasurement {
  /** What was measured, e.g. `rate at eps = 0.5`. */
  readonly name: string;
  /** The reference value (closed form, exact solution, ...). */
  readonly reference: number;
  /** The measured value. */
  readonly value: number;
  /** Largest error that passes. */
  readonly threshold: number;
  /** How the error is measured (default `'absolute'`). */
  readonly error?: BenchErrorKind;
}

/**
 * A named check of a benchmark profile: `run` computes its measurements (one training run or solve may yield
 * several). Throwing counts as a failure of the check.
 *
 * @example
 * ```ts
 * import type { BenchCheck } from '@ratedistortion/benchmarks';
 * const check: BenchCheck = {
 *   name: 'log 2',
 *   description: 'Math.log against its value',
 *   run: () => [{ name: 'log(2)', reference: 0.6931471805599453, value: Math.log(2), threshold: 1e-15 }],
 * };
 * ```
 */
export interface BenchCheck {
  readonly name: string;
  /** One line: what is computed and against which reference (how the thresholds were chosen is in the source). */
  readonly description: string;
  run(): readonly BenchMeasurement[] | Promise<readonly BenchMeasurement[]>;
}

/**
 * The outcome of one measurement of a check: reference, value, error, threshold, pass/fail and the seconds
 * the whole check took (shared by its measurements). `failure` says why a check that threw has no value.
 *
 * @example
 * ```ts
 * import type { BenchCheckResult } from '@ratedistortion/benchmarks';
 * const show = (r: BenchCheckResult) => `${r.check}: ${r.measurement} ${r.pass ? 'ok' : 'FAIL'}`;
 * ```
 */
export interface BenchCheckResult {
  readonly check: string;
  readonly measurement: string;
  readonly reference: number;
  readonly value: number;
  readonly error: number;
  readonly errorKind: BenchErrorKind;
  readonly threshold: number;
  readonly pass: boolean;
  readonly seconds: number;
  readonly failure?: string;
}

/**
 * Judge one measurement: its error against the threshold (a non-finite error fails).
 *
 * @example
 * ```ts
 * import { judgeMeasurement } from '@ratedistortion/benchmarks';
 * const r = judgeMeasurement('demo', { name: 'x', reference: 1, value: 1.1, threshold: 0.05, error: 'relative' }, 0.2);
 * console.log(r.error.toFixed(3), r.pass); // 0.100 false
 * ```
 */
export function judgeMeasurement(check: string, m: BenchMeasurement, seconds: number): BenchCheckResult {
  const errorKind = m.error ?? 'absolute';
  const diff = Math.abs(m.value - m.reference);
  const error =
    errorKind === 'relative'
      ? diff / Math.abs(m.reference)
      : errorKind === 'excess'
        ? Math.max(0, m.value - m.reference) / Math.abs(m.reference)
        : diff;
  return {
    check,
    measurement: m.name,
    reference: m.reference,
    value: m.value,
    error,
    errorKind,
    threshold: m.threshold,
    pass: Number.isFinite(error) && error <= m.threshold,
    seconds,
  };
}

/**
 * Run one check and judge its measurements. A check that throws, or returns no measurement, yields one
 * failed result carrying the reason.
 *
 * @example
 * ```ts
 * import { runBenchCheck } from '@ratedistortion/benchmarks';
 * const results = await runBenchCheck({ name: 'sqrt', description: 'Math.sqrt(2)', run: () => [{ name: '√2', reference: 1.4142135623730951, value: Math.sqrt(2), threshold: 0 }] });
 * console.log(results[0].pass); // true
 * ```
 */
export async function runBenchCheck(check: BenchCheck): Promise<BenchCheckResult[]> {
  const t0 = performance.now();
  let measurements: readonly BenchMeasurement[];
  try {
    measurements = await check.run();
    if (measurements.length === 0) throw new Error('the check produced no measurement');
  } catch (e) {
    const seconds = (performance.now() - t0) / 1000;
    const failure = e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e);
    return [
      {
        check: check.name,
        measurement: 'run',
        reference: NaN,
        value: NaN,
        error: NaN,
        errorKind: 'absolute',
        threshold: NaN,
        pass: false,
        seconds,
        failure,
      },
    ];
  }
  const seconds = (performance.now() - t0) / 1000;
  return measurements.map((m) => judgeMeasurement(check.name, m, seconds));
}

/**
 * One line saying why a result failed: which check and measurement, and by how much it missed.
 *
 * @example
 * ```ts
 * import { describeFailure, judgeMeasurement } from '@ratedistortion/benchmarks';
 * const r = judgeMeasurement('wgd N(0,1)', { name: 'rate at eps = 0.1', reference: 1.1513, value: 1.30, threshold: 0.05 }, 3);
 * console.log(describeFailure(r)); // wgd N(0,1), rate at eps = 0.1: |1.3 − 1.1513| = 0.1487 > 0.05 (missed by 0.0987)
 * ```
 */
export function describeFailure(r: BenchCheckResult): string {
  if (r.failure !== undefined) return `${r.check}: failed to run (${r.failure})`;
  const g = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(5)).toString() : String(x));
  const err =
    r.errorKind === 'relative'
      ? `|${g(r.value)} − ${g(r.reference)}|/|${g(r.reference)}|`
      : r.errorKind === 'excess'
        ? `(${g(r.value)} − ${g(r.reference)})/${g(r.reference)}`
        : `|${g(r.value)} − ${g(r.reference)}|`;
  const by = Number.isFinite(r.error) ? ` (missed by ${g(r.error - r.threshold)})` : ' (not a finite number)';
  return `${r.check}, ${r.measurement}: ${err} = ${g(r.error)} > ${g(r.threshold)}${by}`;
}
