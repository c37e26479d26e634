// What R2D2, NERD, WGD and EBRD share as classes: the resolved config with its dimension, the life totals that
// checkpoints carry (steps, seconds), the disposed guard, and `curve` as `evaluate` at every eps of a list with the
// whole list checked first. Each estimator supplies its training, its read-out (`evaluate`) and which eps it can
// read out (`checkEps`: one eps for per-eps models, a range for R2D2's amortised one).
import { DimensionMismatchError, InvalidParameterError } from '@ratedistortion/core';
import { evaluateEach } from './evaluation.js';
import type { EvaluateOptions, RdPointEstimate } from './types.js';

/**
 * The base class of the trained estimators (R2D2, NERD, WGD, EBRD): `dim`, `steps`, `curve` and the disposed
 * guard, on top of each estimator's `evaluate` and `checkEps`.
 *
 * @example
 * ```ts
 * import { EstimatorBase, NERD, R2D2 } from '@ratedistortion/estimators';
 * const trained = (e: unknown): e is EstimatorBase<{ dim: number }> => e instanceof EstimatorBase;
 * console.log(trained(NERD.prototype), trained(R2D2.prototype)); // true true
 * ```
 */
export abstract class EstimatorBase<
  C extends { readonly dim: number },
  O extends EvaluateOptions = EvaluateOptions,
  P extends RdPointEstimate = RdPointEstimate,
> {
  /** Name of the method, e.g. `'r2d2'`. */
  abstract readonly method: string;
  /** The resolved configuration (what a checkpoint records). */
  abstract readonly config: C;
  /** Optimiser steps and seconds over the estimator's life (a resumed estimator counts its earlier ones). */
  protected totalSteps = 0;
  protected totalSeconds = 0;
  protected disposed = false;

  /** Dimension of the source. */
  get dim(): number {
    return this.config.dim;
  }

  /** Optimiser steps taken so far (including those before a resume). */
  get steps(): number {
    return this.totalSteps;
  }

  /** Rate and distortion at one eps (see each estimator's read-out). */
  abstract evaluate(eps: number, options?: O): P;

  /** Throws when this estimator cannot read out at `eps` (`name` is the parameter named in the error). */
  protected abstract checkEps(eps: number, extrapolate: boolean, name?: string): void;

  /**
   * {@link EstimatorBase.evaluate} at each eps of the list, every eps checked before any read-out. Per-eps models
   * (NERD, WGD, EBRD) read out only at their own eps unless `extrapolate` is set; R2D2 anywhere in its trained
   * range. R2D2's read-outs share their noise across the list (common random numbers).
   */
  curve(epsList: ArrayLike<number>, options: O = {} as O): P[] {
    this.assertLive();
    const extrapolate = options.extrapolate ?? false;
    return evaluateEach(
      epsList,
      (eps, name) => this.checkEps(eps, extrapolate, name),
      (eps) => this.evaluate(eps, options),
    );
  }

  /** Throws once the estimator has been disposed. */
  protected assertLive(): void {
    if (this.disposed)
      throw new InvalidParameterError('estimator', 'an estimator that has not been disposed', 'disposed');
  }
}

/**
 * A configuration read from a checkpoint, validated and checked against the source it is restored for (a
 * `DimensionMismatchError` for a source of another dimension).
 *
 * @example
 * ```ts
 * import { checkRestoredConfig } from '@ratedistortion/estimators';
 * const config = checkRestoredConfig({ dim: 2, eps: 0.5 }, () => {}, 2);
 * console.log(config.eps); // 0.5
 * ```
 */
export function checkRestoredConfig<C extends { readonly dim: number }>(
  config: C,
  validate: (c: C) => void,
  sourceDim: number,
): C {
  validate(config);
  if (config.dim !== sourceDim)
    throw new DimensionMismatchError(
      'source',
      config.dim,
      sourceDim,
      'the checkpoint was trained on another dimension',
    );
  return config;
}
