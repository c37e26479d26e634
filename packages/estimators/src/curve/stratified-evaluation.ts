// Stratified evaluation for the per-eps curve methods (NERD, WGD, EBRD): their `evaluate` draws source batches with
// `source.sample`; while an evaluation runs, the view below answers `sample` with the source's `sampleStratified`
// (datasets' GaussianSource: Latin-hypercube draws, each still exactly from the source law) when it has one, so the
// read-outs lose the sampling noise of the batch's second moment, as benchmarks/baselines/fig2 does. Training
// draws stay i.i.d. Sources without `sampleStratified` are passed through unchanged.
import type { Random, Samples } from '@ratedistortion/core';

/**
 * A source view whose `sample` is stratified inside {@link StratifiedEvaluation.evaluating}, and the switch.
 *
 * @example
 * ```ts
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import { stratifiedEvaluation } from '@ratedistortion/estimators';
 * const view = stratifiedEvaluation(sourceFromSpec({ kind: 'gaussian', variance: 1 }));
 * console.log(view.stratified); // true: a Gaussian has Latin-hypercube draws
 * ```
 */
export interface StratifiedEvaluation<S> {
  /** The view to give the estimator (the source itself when it has no `sampleStratified`). */
  readonly source: S;
  /** Whether the source has stratified draws. */
  readonly stratified: boolean;
  /** Run `read` with `source.sample` answering stratified draws. */
  evaluating<T>(read: () => T): T;
}

/**
 * Wrap `source` for stratified evaluation (see the file header).
 *
 * @param source - a source; its `sampleStratified(n, rng)`, when present, must draw from the same law as `sample`.
 *
 * @example
 * ```ts
 * import { Random } from '@ratedistortion/core';
 * import { sourceFromSpec } from '@ratedistortion/datasets';
 * import { stratifiedEvaluation } from '@ratedistortion/estimators';
 * const view = stratifiedEvaluation(sourceFromSpec({ kind: 'gaussian', variance: 1 }));
 * const x = view.evaluating(() => view.source.sample(1000, new Random(1)));
 * console.log(x.n); // 1000
 * ```
 */
export function stratifiedEvaluation<S extends { sample(n: number, rng: Random): Samples }>(
  source: S,
): StratifiedEvaluation<S> {
  const strat = (source as { sampleStratified?: (n: number, rng: Random) => Samples }).sampleStratified;
  if (typeof strat !== 'function') return { source, stratified: false, evaluating: (read) => read() };
  let on = false;
  const view = new Proxy(source, {
    get(target, key) {
      if (key === 'sample' && on) return (n: number, rng: Random) => strat.call(target, n, rng);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    source: view,
    stratified: true,
    evaluating<T>(read: () => T): T {
      on = true;
      try {
        return read();
      } finally {
        on = false;
      }
    },
  };
}
