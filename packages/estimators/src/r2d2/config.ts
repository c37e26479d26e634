// R2D2 settings with their defaults (App. E.2, 1-D Gaussian column, unless noted) and validation. The resolved
// config is stored in checkpoints, so a resumed run trains with exactly the settings it started with.
import { InvalidParameterError, assertInteger, assertPositive, type SdeScheme } from '@ratedistortion/core';
import { epsRange, type EpsRange, type EpsSampling } from '../amortisation/eps-range.js';
import type { InputScalingMode } from '../amortisation/input-scaling.js';
import { validateControllerSpec, type ControllerActivation, type OutputScaling } from './controller.js';
import type { TrainOptions } from '../estimator/types.js';

/**
 * Entropy estimator inside the training loss (App. B): DV negentropy (default up to d = {@link R2D2_DV_MAX_DIM}),
 * the Gaussian plug-in (default above), or KNIFE. The defaults are measured (benchmarks/r2d2/entropy-in-r2d2.ts,
 * results/entropy-in-r2d2.json: each estimator as R2D2 builds it, 300 steps, on the exact X₁ of the optimal chain at
 * d = 5…33): on Gaussian X₁ the plug-in's error is ≤ 0.07 nats at every d, DV's −0.01 (d = 5) to −0.30 (d = 33);
 * on a bimodal X₁ (negentropy 0.19 nats per direction, all of which the plug-in misses) DV recovers 45 % of it at
 * d = 5, 30 % at 8, 24 % at 12, 8 % at 20 and 5 % at 33; KNIFE's mean error reaches 10²–10⁴ nats once a direction is
 * collapsed (the controlled chain's inactive directions) and kNN's 10–140 nats.
 *
 * @example
 * ```ts
 * import type { TrainEntropy } from '@ratedistortion/estimators';
 * const e: TrainEntropy = 'dv';
 * ```
 */
export type TrainEntropy = (typeof R2D2_TRAIN_ENTROPIES)[number];

/**
 * The {@link TrainEntropy} values, in the order `rd curve --help` lists them (`--entropy`).
 *
 * @example
 * ```ts
 * import { R2D2_TRAIN_ENTROPIES } from '@ratedistortion/estimators';
 * console.log(R2D2_TRAIN_ENTROPIES.join('|')); // dv|knife|gaussian
 * ```
 */
export const R2D2_TRAIN_ENTROPIES = ['dv', 'knife', 'gaussian'] as const;

/**
 * Largest dimension whose default training entropy is DV; above it the Gaussian plug-in (see {@link TrainEntropy}
 * for the measurements behind it).
 *
 * @example
 * ```ts
 * import { R2D2_DV_MAX_DIM, resolveR2D2Config } from '@ratedistortion/estimators';
 * console.log(R2D2_DV_MAX_DIM, resolveR2D2Config({ epsMin: 0.01, epsMax: 0.05 }, 33).entropy); // 20 'gaussian'
 * ```
 */
export const R2D2_DV_MAX_DIM = 20;

/**
 * Largest dimension whose default evaluation entropy is the whitened k-NN estimate (see {@link EvalEntropy}).
 *
 * @example
 * ```ts
 * import { R2D2_KNN_EVAL_MAX_DIM, resolveR2D2Config } from '@ratedistortion/estimators';
 * console.log(R2D2_KNN_EVAL_MAX_DIM, resolveR2D2Config({ epsMin: 0.1, epsMax: 0.9 }, 1).evalEntropy); // 5 'knn'
 * ```
 */
export const R2D2_KNN_EVAL_MAX_DIM = 5;

/**
 * Entropy estimator of the evaluation read-out: `'train'` (the training estimator, as Alg. 1 line 14),
 * `'knn'` (Kozachenko–Leonenko in float64, on the whitened X1: core's `knnEntropy` with `whiten: true`) or
 * `'gaussian'` (float64 plug-in with its Gaussian-data bias removed; consistent only for Gaussian X1, an upper
 * bound otherwise).
 *
 * Default: `'gaussian'` for a source whose `toSpec()` says it is Gaussian (its optimal X1 is Gaussian, where the
 * plug-in is unbiased and the least noisy), `'knn'` up to d = {@link R2D2_KNN_EVAL_MAX_DIM}, `'train'` above.
 * Measured (benchmarks/r2d2/entropy-in-r2d2.ts, 300 training steps for the learnt estimators, 8 evaluation batches of
 * 1,024, 2 seeds × 3 eps; mean error in nats on Gaussian X1 / on a bimodal X1 of known entropy): d = 1, k-NN
 * −0.001 / +0.004, DV +0.001 / +0.141; d = 2, −0.013 / −0.027 against 0.000 / +0.203; d = 3, −0.046 / −0.061 against
 * −0.006 / +0.234; d = 4, −0.061 / −0.040 against −0.006 / +0.298; d = 5, −0.078 / +0.036 against −0.005 / +0.52.
 * DV learns little of a non-Gaussian X1's negentropy in a few hundred steps, and that bias enters R̂ unscaled; the
 * k-NN estimate's bias is the small-sample one of Kozachenko–Leonenko (negative, shrinking with the batch size).
 * Whitening keeps it there when the noise-controlled chain collapses a direction (unwhitened: +2.0 nats at d = 2,
 * +10.6 at d = 5).
 *
 * @example
 * ```ts
 * import type { EvalEntropy } from '@ratedistortion/estimators';
 * const e: EvalEntropy = 'knn';
 * ```
 */
export type EvalEntropy = 'train' | 'knn' | 'gaussian';

/**
 * The noise of R2D2's rollout: `'fixed'` is the paper's SDE dX = u dt + √eps dW on an Euler–Maruyama (or SRA1)
 * grid; `'controlled'` lets the controller also scale each step's noise per principal direction and pays the
 * exact Gaussian KL of that (the noise-controlled chain of core). Use `'controlled'` when eps reaches or
 * exceeds some of the source's variances (a degenerate reconstruction law, outside the paper's A1), where the
 * fixed-noise read-out has a floor that shrinks only like √Δt; see docs/concepts.md.
 *
 * @example
 * ```ts
 * import type { R2D2Noise } from '@ratedistortion/estimators';
 * const noise: R2D2Noise = 'controlled';
 * ```
 */
export type R2D2Noise = (typeof R2D2_NOISES)[number];

/**
 * The {@link R2D2Noise} values, in the order `rd curve --help` lists them (`--noise`).
 *
 * @example
 * ```ts
 * import { R2D2_NOISES } from '@ratedistortion/estimators';
 * console.log(R2D2_NOISES.join('|')); // auto|fixed|controlled
 * ```
 */
export const R2D2_NOISES = ['auto', 'fixed', 'controlled'] as const;

/**
 * How the controller starts: `'gaussian'` adds the optimal chain of the Gaussian with the source's mean and
 * covariance (exact moments when the source has them, else from 4,096 draws) to the network, whose last layer starts
 * at zero — for a Gaussian source the untrained estimator is already optimal (exactly so with the controlled chain);
 * `'zero'` is the plain network of Alg. 1 (PyTorch's default initialisation).
 *
 * @example
 * ```ts
 * import type { R2D2Init } from '@ratedistortion/estimators';
 * const init: R2D2Init = 'zero';
 * ```
 */
export type R2D2Init = 'gaussian' | 'zero';

/**
 * R2D2's default hidden-layer widths (`R2D2Options.hidden`): two layers of 64.
 *
 * @example
 * ```ts
 * import { R2D2_DEFAULT_HIDDEN } from '@ratedistortion/estimators';
 * console.log(R2D2_DEFAULT_HIDDEN); // [64, 64]
 * ```
 */
export const R2D2_DEFAULT_HIDDEN: readonly number[] = [64, 64];

/**
 * Training options of {@link R2D2}: those of every estimator plus `workers`, the number of worker threads that
 * share each step's batch (data-parallel; default 1 = in this thread). `'auto'` takes the available cores, at most
 * 8. A seed and a worker count give bit-identical runs; different worker counts train on the same batches, eps and
 * Brownian paths and differ only by float32 rounding in the summed gradients; a checkpoint resumes with any count.
 * Workers start at the first `train` call with that count (about a second) and are kept for the estimator's next
 * calls with the same count; they stop when a step fails, on `R2D2.closeWorkers()` or `R2D2.dispose()`, and between
 * calls they do not keep the process alive. Without workers, training still uses every core in Node: the wasm
 * backend runs its matrix products on kernel threads (core's `useBackend` option `wasmThreads`, default the
 * available cores), which change no number; each worker runs one kernel thread.
 *
 * @example
 * ```ts
 * import type { R2D2TrainOptions } from '@ratedistortion/estimators';
 * const opts: R2D2TrainOptions = { steps: 1000, workers: 2 };
 * ```
 */
export interface R2D2TrainOptions extends TrainOptions {
  /** Worker threads per step: a positive integer at most the batch size, or `'auto'` (default 1). */
  workers?: number | 'auto';
}

/**
 * Options of {@link R2D2}. Only `epsMin` and `epsMax` are required.
 *
 * @example
 * ```ts
 * import type { R2D2Options } from '@ratedistortion/estimators';
 * // App. E.2, Gaussian source (Fig. 2)
 * const opts: R2D2Options = { epsMin: 0.025, epsMax: 0.975, batchSize: 512, dt: 0.01, hidden: [128], learningRate: 1e-3 };
 * ```
 */
export interface R2D2Options {
  /** Smallest eps of the amortised range (> 0). */
  epsMin: number;
  /** Largest eps of the range (> epsMin). */
  epsMax: number;
  /** Law of eps per batch (default `'uniform'`, as Alg. 1). */
  epsSampling?: EpsSampling;
  /** Training batch size M (default 512). */
  batchSize?: number;
  /**
   * @deprecated The former name of {@link R2D2Options.batchSize} (the other estimators call it `batchSize`); still
   * accepted. Giving both with different values is refused.
   */
  batch?: number;
  /** Time step Δt; 1/Δt must be an integer, the number of time steps (default 1/100). */
  dt?: number;
  /**
   * Hidden-layer widths of the controller (default [64, 64]; the paper's Gaussian network is [128], App. E.2).
   * Measured with the Gaussian warm start and the default learning rate 1e-3, seed 0 (docs/choosing-an-estimator.md,
   * benchmarks/baselines/r2d2-bias-gmm2.ts and benchmarks/r2d2/warm-start-learning-rate.ts): on GMM #2 after 1,000
   * steps two layers of 64 read +0.011…+0.027 nats above the curve, one layer of 128 +0.036…+0.050 (at 1e-4, the
   * former default, +0.045…+0.073; two layers of 64 at 1e-4 +0.041…+0.064: depth needs the larger step); on NERD's
   * 20-dim Gaussian after 200 steps two layers of 64 stay at the warm start's optimum (+0.001…+0.004) where one layer
   * of 128 walks away (+0.029…+0.45).
   */
  hidden?: readonly number[];
  /** Hidden activation (default `'leaky-relu'`). */
  activation?: ControllerActivation;
  /**
   * Drift parametrisation (default `'capped-eps-score'`: u = min(eps/s, s)·f per direction, identical to
   * `'eps-score'` u = (eps/s)·f wherever eps ≤ s²; see ControllerNetwork).
   */
  outputScaling?: OutputScaling;
  /**
   * Input standardisation (default `'whiten'` for d > 1: PCA whitening from the source's covariance, so the
   * output scaling acts per principal direction; `'diagonal'`: per coordinate, the behaviour before).
   */
  inputScaling?: InputScalingMode;
  /** Adam step size α of the controller (default 1e-3, the paper's; also the DV critic's default). */
  learningRate?: number;
  /** Adam β1 (default 0.9). */
  beta1?: number;
  /** Adam β2 (default 0.999). */
  beta2?: number;
  /** Clip the controller's gradient to this global norm (default: no clipping). */
  clipNorm?: number | null;
  /** SDE scheme (default `'euler-maruyama'`, Alg. 2; `'sra1'` is weak order 2, fixed noise only). */
  scheme?: SdeScheme;
  /**
   * Rollout noise (default `'auto'`: `'controlled'` when some variance of the source along its principal directions
   * (exact or sample covariance) is at or below epsMax — the eps range reaches an inactive direction — or so close
   * above it that the fixed chain's Euler floor there exceeds 0.001 nats; `'fixed'`, the paper's SDE, otherwise and
   * with `scheme: 'sra1'`; see {@link R2D2Noise}). The chain chosen is {@link R2D2.chain}. With
   * `inputScaling: 'diagonal'` in d > 1 the per-coordinate variances stand in for the principal ones (for the choice
   * and for the Gaussian warm start).
   */
  noise?: R2D2Noise;
  /** Controller start (default `'gaussian'`; see {@link R2D2Init}). */
  init?: R2D2Init;
  /** Entropy estimator in the loss (default `'dv'` for d ≤ 20, `'gaussian'` above; see {@link TrainEntropy}). */
  entropy?: TrainEntropy;
  /** Entropy estimator of `evaluate` (default: see {@link EvalEntropy}). */
  evalEntropy?: EvalEntropy;
  /** Hidden widths of the DV critic (default: same as the controller). */
  entropyHidden?: readonly number[];
  /** Learning rate of the entropy model (default: the controller's for DV, 0.01 for KNIFE). */
  entropyLearningRate?: number;
  /** Entropy-model updates per controller step (default 3, App. E.1's 1:3 ratio). */
  entropyStepsPerStep?: number;
  /** KNIFE kernels (default 16). */
  knifeComponents?: number;
  /** k of the kNN evaluation estimator (default 3). */
  knnK?: number;
  /** Seed of every random draw (default 0). */
  seed?: number;
  /**
   * Bytes a training step's rollout may hold for its backward pass (default {@link R2D2_DEFAULT_MEMORY_BUDGET}, 1 GiB),
   * as estimated for the path that runs: the fused rollout's kept layer outputs and backward lists (unsegmented, its
   * layer outputs twice as the gradient tape copies them), or the taped path's gradient tape (other activations, SRA1). When the whole rollout would exceed it, the rollout is
   * checkpointed: segments of time steps are recomputed in the backward pass, the longest segments that fit.
   * Gradients are then equal to float32 rounding, and a step costs about one extra forward pass.
   */
  memoryBudget?: number;
}

/**
 * Default {@link R2D2Options.memoryBudget}: 1 GiB for the rollout's backward pass, which leaves room for the rest of a
 * training step within the 4 GiB address space of the wasm backend, and checkpoints neither the default settings nor
 * the paper's fig5 network (3×1024, batch 256, 128 steps: ≈ 0.8 GiB, peak resident set 0.9 GiB on wasm).
 *
 * @example
 * ```ts
 * import { R2D2_DEFAULT_MEMORY_BUDGET } from '@ratedistortion/estimators';
 * console.log(R2D2_DEFAULT_MEMORY_BUDGET / 2 ** 30); // 1
 * ```
 */
export const R2D2_DEFAULT_MEMORY_BUDGET = 2 ** 30;

/**
 * {@link R2D2Options} with every default filled in (the form stored in checkpoints).
 *
 * @example
 * ```ts
 * import { resolveR2D2Config } from '@ratedistortion/estimators';
 * const cfg = resolveR2D2Config({ epsMin: 0.1, epsMax: 0.9 }, 1);
 * console.log(cfg.batchSize, cfg.timeSteps, cfg.hidden, cfg.learningRate); // 512 100 [64, 64] 0.001
 * ```
 */
export interface R2D2Config {
  dim: number;
  epsMin: number;
  epsMax: number;
  epsSampling: EpsSampling;
  /** Training batch size M. */
  batchSize: number;
  /** Number of time steps of the SDE grid, 1/Δt (optimiser steps are `train`'s `steps`). */
  timeSteps: number;
  hidden: number[];
  activation: ControllerActivation;
  outputScaling: OutputScaling;
  inputScaling: InputScalingMode;
  learningRate: number;
  beta1: number;
  beta2: number;
  clipNorm: number | null;
  scheme: SdeScheme;
  noise: R2D2Noise;
  init: R2D2Init;
  entropy: TrainEntropy;
  evalEntropy: EvalEntropy;
  entropyHidden: number[];
  entropyLearningRate: number;
  entropyStepsPerStep: number;
  knifeComponents: number;
  knnK: number;
  seed: number;
  /** Bytes for the rollout's gradient tape (see {@link R2D2Options.memoryBudget}). */
  memoryBudget: number;
}

const EVAL_ENTROPIES: readonly EvalEntropy[] = ['train', 'knn', 'gaussian'];

/**
 * Fill defaults and validate; throws {@link InvalidParameterError} naming the first bad option.
 *
 * @example
 * ```ts
 * import { resolveR2D2Config } from '@ratedistortion/estimators';
 * try {
 *   resolveR2D2Config({ epsMin: 0.5, epsMax: 0.1 }, 1);
 * } catch (e) {
 *   console.log((e as Error).message); // Invalid epsMin: expected a number < epsMax = 0.1, got 0.5.
 * }
 * ```
 */
export function resolveR2D2Config(options: R2D2Options, dim: number): R2D2Config {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'an object with epsMin and epsMax', options);
  assertInteger('dim', dim, 1);
  const range: EpsRange = epsRange(options.epsMin, options.epsMax, options.epsSampling ?? 'uniform');
  const dt = options.dt ?? 0.01;
  assertPositive('dt', dt);
  const timeSteps = Math.round(1 / dt);
  if (timeSteps < 1 || Math.abs(timeSteps * dt - 1) > 1e-9)
    throw new InvalidParameterError('dt', 'a number with 1/dt an integer >= 1', dt);
  if (options.batch !== undefined && options.batchSize !== undefined && options.batch !== options.batchSize)
    throw new InvalidParameterError(
      'batch',
      `the same value as batchSize (${options.batchSize}); batch is batchSize's former name`,
      options.batch,
    );
  const hidden = options.hidden ?? R2D2_DEFAULT_HIDDEN;
  const entropy = options.entropy ?? (dim <= R2D2_DV_MAX_DIM ? 'dv' : 'gaussian');
  const cfg: R2D2Config = {
    dim,
    epsMin: range.epsMin,
    epsMax: range.epsMax,
    epsSampling: range.sampling,
    batchSize: options.batchSize ?? options.batch ?? 512,
    timeSteps,
    hidden: [...hidden],
    activation: options.activation ?? 'leaky-relu',
    outputScaling: options.outputScaling ?? 'capped-eps-score',
    inputScaling: options.inputScaling ?? (dim > 1 ? 'whiten' : 'diagonal'),
    learningRate: options.learningRate ?? 1e-3,
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    clipNorm: options.clipNorm ?? null,
    scheme: options.scheme ?? 'euler-maruyama',
    noise: options.noise ?? 'auto',
    init: options.init ?? 'gaussian',
    entropy,
    evalEntropy: options.evalEntropy ?? (dim <= R2D2_KNN_EVAL_MAX_DIM ? 'knn' : 'train'),
    entropyHidden: [...(options.entropyHidden ?? hidden)],
    // KNIFE's mixture lives in whitened units where core's default step 0.01 suits; the DV critic follows the controller.
    entropyLearningRate: options.entropyLearningRate ?? (entropy === 'knife' ? 0.01 : (options.learningRate ?? 1e-3)),
    entropyStepsPerStep: options.entropyStepsPerStep ?? 3,
    knifeComponents: options.knifeComponents ?? 16,
    knnK: options.knnK ?? 3,
    seed: options.seed ?? 0,
    memoryBudget: options.memoryBudget ?? R2D2_DEFAULT_MEMORY_BUDGET,
  };
  validateR2D2Config(cfg);
  return cfg;
}

/**
 * Validate a resolved config (also used on configs read from checkpoints).
 *
 * @example
 * ```ts
 * import { resolveR2D2Config, validateR2D2Config } from '@ratedistortion/estimators';
 * validateR2D2Config(resolveR2D2Config({ epsMin: 0.1, epsMax: 0.9 }, 2));
 * ```
 */
export function validateR2D2Config(cfg: R2D2Config): void {
  if (cfg == null || typeof cfg !== 'object') throw new InvalidParameterError('config', 'an R2D2 config object', cfg);
  assertInteger('dim', cfg.dim, 1);
  epsRange(cfg.epsMin, cfg.epsMax, cfg.epsSampling);
  assertInteger('batchSize', cfg.batchSize, 2);
  assertInteger('timeSteps', cfg.timeSteps, 1);
  validateControllerSpec({
    dim: cfg.dim,
    hidden: cfg.hidden,
    activation: cfg.activation,
    outputScaling: cfg.outputScaling,
  });
  if (cfg.inputScaling !== 'diagonal' && cfg.inputScaling !== 'whiten') {
    throw new InvalidParameterError('inputScaling', "'diagonal' or 'whiten'", cfg.inputScaling);
  }
  assertPositive('learningRate', cfg.learningRate);
  if (!(cfg.beta1 >= 0 && cfg.beta1 < 1)) throw new InvalidParameterError('beta1', 'a number in [0, 1)', cfg.beta1);
  if (!(cfg.beta2 >= 0 && cfg.beta2 < 1)) throw new InvalidParameterError('beta2', 'a number in [0, 1)', cfg.beta2);
  if (cfg.clipNorm !== null) assertPositive('clipNorm', cfg.clipNorm);
  if (cfg.scheme !== 'euler-maruyama' && cfg.scheme !== 'sra1') {
    throw new InvalidParameterError('scheme', "'euler-maruyama' or 'sra1'", cfg.scheme);
  }
  if (!(R2D2_NOISES as readonly string[]).includes(cfg.noise))
    throw new InvalidParameterError('noise', "'fixed', 'controlled' or 'auto'", cfg.noise);
  if (cfg.noise === 'controlled' && cfg.scheme !== 'euler-maruyama') {
    throw new InvalidParameterError(
      'scheme',
      "'euler-maruyama' with noise: 'controlled' (SRA1 needs constant additive noise)",
      cfg.scheme,
    );
  }
  if (cfg.init !== 'gaussian' && cfg.init !== 'zero')
    throw new InvalidParameterError('init', "'gaussian' or 'zero'", cfg.init);
  if (!(R2D2_TRAIN_ENTROPIES as readonly string[]).includes(cfg.entropy))
    throw new InvalidParameterError('entropy', "'dv' | 'knife' | 'gaussian'", cfg.entropy);
  if (!EVAL_ENTROPIES.includes(cfg.evalEntropy))
    throw new InvalidParameterError('evalEntropy', "'train' | 'knn' | 'gaussian'", cfg.evalEntropy);
  if (!Array.isArray(cfg.entropyHidden) || cfg.entropyHidden.length === 0) {
    throw new InvalidParameterError('entropyHidden', 'a non-empty array of layer widths', cfg.entropyHidden);
  }
  cfg.entropyHidden.forEach((h, i) => assertInteger(`entropyHidden[${i}]`, h, 1, 65536));
  assertPositive('entropyLearningRate', cfg.entropyLearningRate);
  assertInteger('entropyStepsPerStep', cfg.entropyStepsPerStep, 0, 1000);
  assertInteger('knifeComponents', cfg.knifeComponents, 1, 4096);
  assertInteger('knnK', cfg.knnK, 1);
  assertInteger('seed', cfg.seed, 0, 0xffffffff);
  assertPositive('memoryBudget', cfg.memoryBudget);
}

/**
 * An R2D2 config as a checkpoint stores it, with the names of earlier versions mapped to today's: `batch` is
 * `batchSize` and `steps` (time steps) is `timeSteps` in checkpoints written before the rename. Other fields are
 * kept as they are (validation comes after, see {@link validateR2D2Config}).
 *
 * @example
 * ```ts
 * import { r2d2ConfigFromCheckpoint } from '@ratedistortion/estimators';
 * const c = r2d2ConfigFromCheckpoint({ dim: 1, batch: 256, steps: 50 });
 * console.log(c.batchSize, c.timeSteps, 'batch' in c, 'steps' in c); // 256 50 false false
 * ```
 */
export function r2d2ConfigFromCheckpoint(stored: object): Partial<R2D2Config> {
  const { batch, steps, ...rest } = stored as Partial<R2D2Config> & { batch?: unknown; steps?: unknown };
  return {
    ...rest,
    ...(rest.batchSize === undefined && batch !== undefined ? { batchSize: batch as number } : {}),
    ...(rest.timeSteps === undefined && steps !== undefined ? { timeSteps: steps as number } : {}),
  };
}
