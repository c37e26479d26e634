// NERD settings. Defaults are those of the authors' Gaussian experiment (github.com/leieric/NERD-RCC):
// scripts/NERD_Gaussian.sh (lr 1e-3, batch 100, latent 100, 10 epochs), NERDlagr.py (Adam betas (0.5, 0.999),
// 40,000 generated points per step, no learning-rate schedule), models.py `Decoder_FC` (latent → d → d → d with
// ReLU, PyTorch's default Linear initialisation; widths floored at 20, see NERD_MIN_HIDDEN_WIDTH), plotRDcurves_release.ipynb `calc_RDlagr` (40,000 generated
// points per evaluation batch). The resolved config is stored in checkpoints.
import { InvalidParameterError, assertInteger, assertPositive, type MlpActivation } from '@ratedistortion/core';

/**
 * Initialisation of the generator: `'pytorch'` is `torch.nn.Linear`'s default (weights and biases
 * `U(−1/√fan_in, 1/√fan_in)`), as in the authors' code; `'kaiming'` is core `createMlp`'s (Kaiming-uniform,
 * zero biases).
 *
 * @example
 * ```ts
 * import type { NerdInit } from '@ratedistortion/estimators';
 * const init: NerdInit = 'pytorch';
 * ```
 */
export type NerdInit = 'pytorch' | 'kaiming';

/**
 * Options of {@link NERD}. Only `eps` is required (NERD's λ is `−1/(2·eps)`; convert with core's
 * `nerdLambdaToEps`).
 *
 * @example
 * ```ts
 * import { nerdLambdaToEps } from '@ratedistortion/core';
 * import type { NerdOptions } from '@ratedistortion/estimators';
 * // The authors' λ = −10 on their m = 20 Gaussian: eps = 0.05, their 50,000-sample training set.
 * const opts: NerdOptions = { eps: nerdLambdaToEps(-10), datasetSize: 50_000, seed: 1 };
 * ```
 */
export interface NerdOptions {
  /** The one eps = 1/β this model is trained for (> 0). */
  eps: number;
  /** Latent dimension of the generator input z ~ N(0, I) (default 100). */
  latentDim?: number;
  /**
   * Hidden widths of the generator (default `[w, w]` with w = max(d, {@link NERD_MIN_HIDDEN_WIDTH}): the authors'
   * `Decoder_FC` is `[d, d]` and ran at d = 20, 40 and 1024 only; at d = 1 its width-1 ReLU layers map about half
   * of the latent space to one point and often die altogether, collapsing Q to an atom (R̂ = 0)).
   */
  hidden?: readonly number[];
  /** Hidden activation (default `'relu'`). */
  activation?: MlpActivation;
  /** Initialisation (default `'pytorch'`). */
  init?: NerdInit;
  /** Source samples per step (default 100). */
  batchSize?: number;
  /** Generated reconstructions y per training step (default 40,000). Rates cannot exceed log of it. */
  ySamples?: number;
  /** Generated reconstructions y per evaluation batch (default 40,000). Read-outs cannot exceed log of it. */
  evalYSamples?: number;
  /** y processed at once in the loss and its gradient (default 4096); bounds memory. */
  chunkSize?: number;
  /** Adam step size (default 1e-3). */
  learningRate?: number;
  /** Adam β1 (default 0.5). */
  beta1?: number;
  /** Adam β2 (default 0.999). */
  beta2?: number;
  /**
   * Train on a fixed set of this many source samples, reshuffled every epoch (the authors used 50,000 for their
   * Gaussian); `null` (default) draws fresh samples every step.
   */
  datasetSize?: number | null;
  /** Seed of all random streams (default 0). */
  seed?: number;
}

/**
 * The resolved NERD settings (every field set), as stored in checkpoints.
 *
 * @example
 * ```ts
 * import { resolveNerdConfig, type NerdConfig } from '@ratedistortion/estimators';
 * const c: NerdConfig = resolveNerdConfig({ eps: 0.05 }, 20);
 * console.log(c.hidden, c.ySamples); // [20, 20] 40000
 * ```
 */
export interface NerdConfig {
  dim: number;
  eps: number;
  latentDim: number;
  hidden: number[];
  activation: MlpActivation;
  init: NerdInit;
  batchSize: number;
  ySamples: number;
  evalYSamples: number;
  chunkSize: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  datasetSize: number | null;
  seed: number;
}

/**
 * Smallest default hidden width of NERD's generator: the width of the authors' smallest Gaussian experiment
 * (`Decoder_FC` at d = 20). Measured on N(0, 1.5), 300 steps, seeds 0–2: width 1 (the authors' rule `[d, d]` at
 * d = 1) ends with atoms of 46–100 % of Q and R̂ 0.00–0.86 against 1.151 (eps 0.15) and 0.000–0.304 against 0.458
 * (eps 0.6); width 20 gives 1.147–1.158 and 0.447–0.467 with no atom.
 *
 * @example
 * ```ts
 * import { NERD_MIN_HIDDEN_WIDTH, resolveNerdConfig } from '@ratedistortion/estimators';
 * console.log(NERD_MIN_HIDDEN_WIDTH, resolveNerdConfig({ eps: 0.5 }, 1).hidden); // 20 [20, 20]
 * ```
 */
export const NERD_MIN_HIDDEN_WIDTH = 20;

const ACTIVATIONS: readonly MlpActivation[] = ['relu', 'leaky-relu', 'tanh', 'silu'];
const INITS: readonly NerdInit[] = ['pytorch', 'kaiming'];

/**
 * Check a resolved config (also used on checkpoints); throws `InvalidParameterError` naming the field.
 *
 * @example
 * ```ts
 * import { resolveNerdConfig, validateNerdConfig } from '@ratedistortion/estimators';
 * validateNerdConfig(resolveNerdConfig({ eps: 0.5 }, 1)); // passes
 * ```
 */
export function validateNerdConfig(c: NerdConfig): void {
  if (c == null || typeof c !== 'object') throw new InvalidParameterError('config', 'a NERD config object', c);
  assertInteger('dim', c.dim, 1);
  assertPositive('eps', c.eps);
  assertInteger('latentDim', c.latentDim, 1);
  if (!Array.isArray(c.hidden)) throw new InvalidParameterError('hidden', 'an array of layer widths', c.hidden);
  c.hidden.forEach((h, i) => assertInteger(`hidden[${i}]`, h, 1));
  if (!ACTIVATIONS.includes(c.activation))
    throw new InvalidParameterError('activation', `one of ${ACTIVATIONS.join(', ')}`, c.activation);
  if (!INITS.includes(c.init)) throw new InvalidParameterError('init', `one of ${INITS.join(', ')}`, c.init);
  assertInteger('batchSize', c.batchSize, 1);
  assertInteger('ySamples', c.ySamples, 1);
  assertInteger('evalYSamples', c.evalYSamples, 1);
  assertInteger('chunkSize', c.chunkSize, 1);
  assertPositive('learningRate', c.learningRate);
  if (!(c.beta1 >= 0 && c.beta1 < 1)) throw new InvalidParameterError('beta1', 'a number in [0, 1)', c.beta1);
  if (!(c.beta2 >= 0 && c.beta2 < 1)) throw new InvalidParameterError('beta2', 'a number in [0, 1)', c.beta2);
  if (c.datasetSize !== null) {
    assertInteger('datasetSize', c.datasetSize, 1);
    if (c.datasetSize < c.batchSize)
      throw new InvalidParameterError('datasetSize', `null or an integer >= batchSize (${c.batchSize})`, c.datasetSize);
  }
  assertInteger('seed', c.seed, 0, 2 ** 32 - 1);
}

/**
 * Fill in the defaults of {@link NerdOptions} for a source of dimension `dim` and validate the result.
 *
 * @example
 * ```ts
 * import { resolveNerdConfig } from '@ratedistortion/estimators';
 * console.log(resolveNerdConfig({ eps: 0.1, ySamples: 5000 }, 2));
 * ```
 */
export function resolveNerdConfig(options: NerdOptions, dim: number): NerdConfig {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'a NerdOptions object with eps', options);
  assertInteger('dim', dim, 1);
  const c: NerdConfig = {
    dim,
    eps: options.eps,
    latentDim: options.latentDim ?? 100,
    hidden: options.hidden
      ? [...options.hidden]
      : [Math.max(dim, NERD_MIN_HIDDEN_WIDTH), Math.max(dim, NERD_MIN_HIDDEN_WIDTH)],
    activation: options.activation ?? 'relu',
    init: options.init ?? 'pytorch',
    batchSize: options.batchSize ?? 100,
    ySamples: options.ySamples ?? 40_000,
    evalYSamples: options.evalYSamples ?? 40_000,
    chunkSize: options.chunkSize ?? 4096,
    learningRate: options.learningRate ?? 1e-3,
    beta1: options.beta1 ?? 0.5,
    beta2: options.beta2 ?? 0.999,
    datasetSize: options.datasetSize ?? null,
    seed: options.seed ?? 0,
  };
  validateNerdConfig(c);
  return c;
}
