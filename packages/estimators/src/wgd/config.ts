// WGD settings, their defaults and validation, and the conversion between the authors' multiplier λ on their
// distortion and the library's eps. The resolved config is stored in checkpoints.
//
// Conventions (github:yiboyang/wgd, common/jax_utils.py): `half_sse` = ½‖x−y‖², `sse` = ‖x−y‖², `mse` =
// ‖x−y‖²/d, and the functional uses λ·cost. The library's β multiplies ½‖x−y‖², so β = λ for half_sse, 2λ for
// sse and 2λ/d for mse, and eps = 1/β. λ·cost is therefore the same function whatever the convention: the
// algorithm, its gradients and its read-outs do not change, only how the user names the slope.
import {
  InvalidParameterError,
  assertInteger,
  assertPositive,
  type DistortionConvention,
  epsToMultiplier,
  multiplierToEps,
} from '@ratedistortion/core';

/**
 * Distortion conventions of the WGD code (`half_sse`, `sse`, per-dimension `mse`).
 *
 * @example
 * ```ts
 * import type { WgdDistortion } from '@ratedistortion/estimators';
 * const d: WgdDistortion = 'half_sse';
 * ```
 */
export type WgdDistortion = 'half_sse' | 'sse' | 'mse';

/**
 * The core-units name of a WGD distortion convention (for `convertDistortion`/`toPeerUnits`).
 *
 * @example
 * ```ts
 * import { wgdDistortionConvention } from '@ratedistortion/estimators';
 * console.log(wgdDistortionConvention('half_sse')); // 'half-sse'
 * ```
 */
export function wgdDistortionConvention(distortion: WgdDistortion): DistortionConvention {
  switch (distortion) {
    case 'half_sse':
      return 'half-sse';
    case 'sse':
      return 'sse';
    case 'mse':
      return 'mse';
    default:
      throw new InvalidParameterError('distortion', "'half_sse', 'sse' or 'mse'", distortion);
  }
}

/**
 * The authors' `rd_lambda` (multiplier on their `distortion`) → the library's eps.
 *
 * @example
 * ```ts
 * import { wgdLambdaToEps } from '@ratedistortion/estimators';
 * console.log(wgdLambdaToEps(10, 'half_sse', 2)); // 0.1
 * console.log(wgdLambdaToEps(10, 'mse', 2)); // 0.1 (mse = ½‖·‖² when d = 2)
 * console.log(wgdLambdaToEps(10, 'sse', 2)); // 0.05
 * ```
 */
export function wgdLambdaToEps(lambda: number, distortion: WgdDistortion, dim: number): number {
  assertInteger('dim', dim, 1);
  return multiplierToEps(lambda, wgdDistortionConvention(distortion), dim);
}

/**
 * The library's eps → the authors' `rd_lambda` for their `distortion`.
 *
 * @example
 * ```ts
 * import { epsToWgdLambda } from '@ratedistortion/estimators';
 * console.log(epsToWgdLambda(0.05, 'sse', 1)); // 10
 * ```
 */
export function epsToWgdLambda(eps: number, distortion: WgdDistortion, dim: number): number {
  assertInteger('dim', dim, 1);
  return epsToMultiplier(eps, wgdDistortionConvention(distortion), dim);
}

/**
 * Options of {@link WGD}. Give the slope either as the library's `eps` or as the authors' `rdLambda` with their
 * `distortion` convention (not both).
 *
 * @example
 * ```ts
 * import type { WgdOptions } from '@ratedistortion/estimators';
 * // the authors' deconvolution setting: rd_lambda = 10 on half_sse, n = 1000, SGD 1e-2, inv_sqrt decay to 0.1×
 * const opts: WgdOptions = { rdLambda: 10, distortion: 'half_sse', particles: 1000, learningRate: 1e-2, scheduleSteps: 10000 };
 * ```
 */
export interface WgdOptions {
  /** The library's eps = 1/β (β multiplies ½‖x−y‖²). */
  eps?: number;
  /** The authors' λ on `distortion` (alternative to `eps`). */
  rdLambda?: number;
  /** Convention `rdLambda` refers to and in which {@link WGD.peerPoint} reports (default `'half_sse'`). */
  distortion?: WgdDistortion;
  /** Number of particles n (default 1000, their `nu_support_size`). */
  particles?: number;
  /** Source samples per step m (default 1024). */
  batchSize?: number;
  /**
   * @deprecated The former name of {@link WgdOptions.batchSize} (the other estimators call it `batchSize`); still
   * accepted. Giving both with different values is refused.
   */
  batch?: number;
  /** Reuse one batch of `batchSize` samples at every step (their `fixed_batch`), i.e. estimate the empirical R(D) (default false). */
  fixedBatch?: boolean;
  /** Hybrid variant: a Blahut–Arimoto reweighting of the particles after each move (default false). */
  hybrid?: boolean;
  /** Initial SGD step size (default 1e-2, their setting; scale it with eps, see {@link WGD}). */
  learningRate?: number;
  /** Whether the step size decays (default true). */
  lrDecay?: boolean;
  /** Step-size factor reached after `scheduleSteps` (default 0.1, their `decay_factor`). */
  decayFactor?: number;
  /** Schedule horizon T, their `num_train_steps` (default 2000); the decay continues beyond it. */
  scheduleSteps?: number;
  /** Fraction of T over which the decay runs, at the end (default 1, their `lr_decay_last_steps_ratio`). */
  decayLastStepsRatio?: number;
  /** Jitter of the initial particles in units of their per-coordinate std (default 0.1, as their code). */
  initJitter?: number;
  /** Mean-shift iterations refining the sup in the dual lower bound (default 10; 0 = the authors' particle max). */
  lowerBoundMeanShift?: number;
  /** Seed of the estimator's random streams (default 0). */
  seed?: number;
}

/**
 * Fully resolved WGD settings (as stored in checkpoints).
 *
 * @example
 * ```ts
 * import { resolveWgdConfig } from '@ratedistortion/estimators';
 * const c = resolveWgdConfig({ eps: 0.25 }, 1);
 * console.log(c.rdLambda, c.particles); // 4 1000
 * ```
 */
export interface WgdConfig {
  dim: number;
  eps: number;
  rdLambda: number;
  distortion: WgdDistortion;
  particles: number;
  batchSize: number;
  fixedBatch: boolean;
  hybrid: boolean;
  learningRate: number;
  lrDecay: boolean;
  decayFactor: number;
  scheduleSteps: number;
  decayLastStepsRatio: number;
  initJitter: number;
  lowerBoundMeanShift: number;
  seed: number;
}

/**
 * Fill in defaults and validate (throws `InvalidParameterError` on bad values).
 *
 * @example
 * ```ts
 * import { resolveWgdConfig } from '@ratedistortion/estimators';
 * console.log(resolveWgdConfig({ rdLambda: 10, distortion: 'sse' }, 1).eps); // 0.05
 * ```
 */
export function resolveWgdConfig(options: WgdOptions, dim: number): WgdConfig {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'an options object', options);
  assertInteger('dim', dim, 1);
  const distortion = options.distortion ?? 'half_sse';
  wgdDistortionConvention(distortion);
  let eps: number;
  if (options.eps !== undefined && options.rdLambda !== undefined) {
    throw new InvalidParameterError('eps', 'either eps or rdLambda, not both', {
      eps: options.eps,
      rdLambda: options.rdLambda,
    });
  }
  if (options.eps !== undefined) {
    assertPositive('eps', options.eps);
    eps = options.eps;
  } else if (options.rdLambda !== undefined) eps = wgdLambdaToEps(options.rdLambda, distortion, dim);
  else throw new InvalidParameterError('eps', 'eps (or rdLambda with distortion)', undefined);
  if (options.batch !== undefined && options.batchSize !== undefined && options.batch !== options.batchSize)
    throw new InvalidParameterError(
      'batch',
      `the same value as batchSize (${options.batchSize}); batch is batchSize's former name`,
      options.batch,
    );
  const config: WgdConfig = {
    dim,
    eps,
    rdLambda: epsToWgdLambda(eps, distortion, dim),
    distortion,
    particles: options.particles ?? 1000,
    batchSize: options.batchSize ?? options.batch ?? 1024,
    fixedBatch: options.fixedBatch ?? false,
    hybrid: options.hybrid ?? false,
    learningRate: options.learningRate ?? 1e-2,
    lrDecay: options.lrDecay ?? true,
    decayFactor: options.decayFactor ?? 0.1,
    scheduleSteps: options.scheduleSteps ?? 2000,
    decayLastStepsRatio: options.decayLastStepsRatio ?? 1,
    initJitter: options.initJitter ?? 0.1,
    lowerBoundMeanShift: options.lowerBoundMeanShift ?? 10,
    seed: options.seed ?? 0,
  };
  validateWgdConfig(config);
  return config;
}

/**
 * Validate a resolved config (also run on checkpoints).
 *
 * @example
 * ```ts
 * import { resolveWgdConfig, validateWgdConfig } from '@ratedistortion/estimators';
 * validateWgdConfig(resolveWgdConfig({ eps: 0.5 }, 2)); // passes
 * ```
 */
export function validateWgdConfig(c: WgdConfig): void {
  assertInteger('dim', c.dim, 1);
  assertPositive('eps', c.eps);
  wgdDistortionConvention(c.distortion);
  assertInteger('particles', c.particles, 1);
  assertInteger('batchSize', c.batchSize, 1);
  if (typeof c.fixedBatch !== 'boolean') throw new InvalidParameterError('fixedBatch', 'a boolean', c.fixedBatch);
  if (typeof c.hybrid !== 'boolean') throw new InvalidParameterError('hybrid', 'a boolean', c.hybrid);
  if (typeof c.lrDecay !== 'boolean') throw new InvalidParameterError('lrDecay', 'a boolean', c.lrDecay);
  assertPositive('learningRate', c.learningRate);
  if (!(c.decayFactor > 0 && c.decayFactor <= 1))
    throw new InvalidParameterError('decayFactor', 'a number in (0, 1]', c.decayFactor);
  assertInteger('scheduleSteps', c.scheduleSteps, 1);
  if (!(c.decayLastStepsRatio > 0 && c.decayLastStepsRatio <= 1)) {
    throw new InvalidParameterError('decayLastStepsRatio', 'a number in (0, 1]', c.decayLastStepsRatio);
  }
  if (!(c.initJitter >= 0 && Number.isFinite(c.initJitter)))
    throw new InvalidParameterError('initJitter', 'a finite number >= 0', c.initJitter);
  assertInteger('lowerBoundMeanShift', c.lowerBoundMeanShift, 0);
  assertInteger('seed', c.seed);
}

/**
 * Step size of optimiser step `t` (0-based), as the authors' `get_lr_schedule` with `decay_type = 'inv_sqrt'`:
 * constant until T·(1 − ratio), then lr/√(1 + r·τ) with τ the steps since and r = (factor⁻² − 1)/(ratio·T), so
 * the factor is reached at T and the decay goes on ∝ 1/√t afterwards.
 *
 * @example
 * ```ts
 * import { resolveWgdConfig, wgdLearningRate } from '@ratedistortion/estimators';
 * const c = resolveWgdConfig({ eps: 0.1, learningRate: 0.01, scheduleSteps: 100 }, 1);
 * console.log(wgdLearningRate(c, 0), wgdLearningRate(c, 100)); // 0.01 0.001
 * ```
 */
export function wgdLearningRate(
  c: Pick<WgdConfig, 'learningRate' | 'lrDecay' | 'decayFactor' | 'scheduleSteps' | 'decayLastStepsRatio'>,
  t: number,
): number {
  if (!c.lrDecay) return c.learningRate;
  const decaySteps = c.decayLastStepsRatio * c.scheduleSteps;
  const start = c.scheduleSteps - decaySteps;
  if (t < start) return c.learningRate;
  const rate = (c.decayFactor ** -2 - 1) / decaySteps;
  return c.learningRate / Math.sqrt((t - start) * rate + 1);
}
