// EBRD settings. The paper (Wu et al., Sec. IV-A) states only the Langevin settings of its Gaussian case —
// K = 50 steps of size ε = 1.2e-2, chains started afresh from N(0, I) at every iteration (Alg. 1) — and
// plain gradient descent with a learning rate η; network width, batch size and η are not given. The
// defaults below for those are ours (stated in each field's doc). The resolved config is stored in checkpoints.
import { InvalidParameterError, assertInteger, assertPositive, type MlpActivation } from '@ratedistortion/core';

/**
 * Options of {@link EBRD}. Only `eps` is required; convert the paper's β (multiplier on ‖x−y‖²) with
 * {@link ebrdBetaToEps}.
 *
 * @example
 * ```ts
 * import { ebrdBetaToEps, type EbrdOptions } from '@ratedistortion/estimators';
 * const opts: EbrdOptions = { eps: ebrdBetaToEps(2), batchSize: 256, seed: 1 }; // eps = 0.25
 * ```
 */
export interface EbrdOptions {
  /** The one eps = 1/β (library β, on ½‖x−y‖²) the model is trained for. */
  eps: number;
  /** Hidden widths of the energy network E_θ (default `[64, 64]`; the paper does not state its network). */
  hidden?: readonly number[];
  /** Hidden activation (default `'silu'`: smooth, so ∇_y E_θ, which drives Langevin, is continuous). */
  activation?: MlpActivation;
  /** Source samples N per step, also the number of marginal chains (Alg. 1; default 256). */
  batchSize?: number;
  /** Langevin steps K per chain in training (default 50, the paper's Gaussian setting). */
  langevinSteps?: number;
  /** Langevin step size ε (default 1.2e-2, the paper's Gaussian setting): drift ε²/2, noise ε. */
  stepSize?: number;
  /** Langevin steps for the marginal draws of the App. A read-out (default: `langevinSteps`). */
  evalLangevinSteps?: number;
  /** Step size of the read-out's Langevin chains (default: `stepSize`). */
  evalStepSize?: number;
  /** Adam step size (default 1e-3; the paper's η is not stated). */
  learningRate?: number;
  /** Adam β1 (default 0.9). */
  beta1?: number;
  /** Adam β2 (default 0.999). */
  beta2?: number;
  /** Seed of all random streams (default 0). */
  seed?: number;
}

/**
 * The resolved EBRD settings (every field set), as stored in checkpoints.
 *
 * @example
 * ```ts
 * import { resolveEbrdConfig, type EbrdConfig } from '@ratedistortion/estimators';
 * const c: EbrdConfig = resolveEbrdConfig({ eps: 0.25 }, 1);
 * console.log(c.langevinSteps, c.stepSize); // 50 0.012
 * ```
 */
export interface EbrdConfig {
  dim: number;
  eps: number;
  hidden: number[];
  activation: MlpActivation;
  batchSize: number;
  langevinSteps: number;
  stepSize: number;
  evalLangevinSteps: number;
  evalStepSize: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  seed: number;
}

const ACTIVATIONS: readonly MlpActivation[] = ['silu', 'tanh', 'relu', 'leaky-relu'];

function assertFinitePositive(name: string, v: number): void {
  assertPositive(name, v);
  if (!Number.isFinite(v)) throw new InvalidParameterError(name, 'a finite number > 0', v);
}

/**
 * Check a resolved config (also used on checkpoints); throws `InvalidParameterError` naming the field.
 *
 * @example
 * ```ts
 * import { resolveEbrdConfig, validateEbrdConfig } from '@ratedistortion/estimators';
 * validateEbrdConfig(resolveEbrdConfig({ eps: 0.5 }, 1)); // passes
 * ```
 */
export function validateEbrdConfig(c: EbrdConfig): void {
  if (c == null || typeof c !== 'object') throw new InvalidParameterError('config', 'an EBRD config object', c);
  assertInteger('dim', c.dim, 1);
  assertFinitePositive('eps', c.eps);
  if (!Array.isArray(c.hidden)) throw new InvalidParameterError('hidden', 'an array of layer widths', c.hidden);
  c.hidden.forEach((h, i) => assertInteger(`hidden[${i}]`, h, 1));
  if (!ACTIVATIONS.includes(c.activation))
    throw new InvalidParameterError('activation', `one of ${ACTIVATIONS.join(', ')}`, c.activation);
  assertInteger('batchSize', c.batchSize, 2);
  assertInteger('langevinSteps', c.langevinSteps, 1);
  assertFinitePositive('stepSize', c.stepSize);
  assertInteger('evalLangevinSteps', c.evalLangevinSteps, 1);
  assertFinitePositive('evalStepSize', c.evalStepSize);
  assertFinitePositive('learningRate', c.learningRate);
  if (!(c.beta1 >= 0 && c.beta1 < 1)) throw new InvalidParameterError('beta1', 'a number in [0, 1)', c.beta1);
  if (!(c.beta2 >= 0 && c.beta2 < 1)) throw new InvalidParameterError('beta2', 'a number in [0, 1)', c.beta2);
  assertInteger('seed', c.seed, 0, 2 ** 32 - 1);
}

/**
 * Fill in the defaults of {@link EbrdOptions} for a source of dimension `dim` and validate the result.
 *
 * @example
 * ```ts
 * import { resolveEbrdConfig } from '@ratedistortion/estimators';
 * console.log(resolveEbrdConfig({ eps: 0.1, hidden: [16] }, 2));
 * ```
 */
export function resolveEbrdConfig(options: EbrdOptions, dim: number): EbrdConfig {
  if (options == null || typeof options !== 'object')
    throw new InvalidParameterError('options', 'an EbrdOptions object with eps', options);
  assertInteger('dim', dim, 1);
  const langevinSteps = options.langevinSteps ?? 50;
  const stepSize = options.stepSize ?? 1.2e-2;
  const c: EbrdConfig = {
    dim,
    eps: options.eps,
    hidden: options.hidden ? [...options.hidden] : [64, 64],
    activation: options.activation ?? 'silu',
    batchSize: options.batchSize ?? 256,
    langevinSteps,
    stepSize,
    evalLangevinSteps: options.evalLangevinSteps ?? langevinSteps,
    evalStepSize: options.evalStepSize ?? stepSize,
    learningRate: options.learningRate ?? 1e-3,
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    seed: options.seed ?? 0,
  };
  validateEbrdConfig(c);
  return c;
}
