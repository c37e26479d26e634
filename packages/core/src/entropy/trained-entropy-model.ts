// The life cycle every entropy model trained on the sample shares (KnifeEntropyModel, DvNegentropyModel): the
// validated dimension and generator, one Adam optimiser, the training step as a single `trainSteps` step, the
// `DifferentiableEntropy.update` hook and an idempotent dispose after which every method refuses to run.
import { tf } from '../backend/tf.js';
import { InvalidParameterError } from '../errors/errors.js';
import { assertInteger, assertPositive } from '../errors/validate.js';
import { Random } from '../random/random.js';
import { optimiserSteps } from './trained-model.js';
import type { DifferentiableEntropy } from './types.js';

/**
 * Base of the entropy models trained on the sample ({@link KnifeEntropyModel}, {@link DvNegentropyModel}): a
 * {@link DifferentiableEntropy} whose `update` is one `trainSteps` step, with an Adam optimiser over the subclass's
 * trainable variables and an idempotent `dispose`.
 *
 * @example
 * ```ts
 * import { KnifeEntropyModel, Random, tf, type TrainedEntropyModel } from '@ratedistortion/core';
 * const rng = new Random(2);
 * const model: TrainedEntropyModel = new KnifeEntropyModel({ dim: 1, components: 2, rng });
 * const x = tf.tensor2d(rng.fillNormal(new Float32Array(64)), [64, 1]);
 * console.log(model.trainSteps(x, 20) > 0); // true: the loss, a cross-entropy near log √(2πe) ≈ 1.42
 * model.update(x); // one more step
 * x.dispose();
 * model.dispose();
 * ```
 */
export abstract class TrainedEntropyModel implements DifferentiableEntropy {
  /** Sample dimension d. */
  readonly dim: number;
  /** The model's seeded generator. */
  protected readonly rng: Random;
  /** Adam over the model's trainable variables (β₁ = 0.9, β₂ = 0.999). */
  protected readonly optimizer: tf.AdamOptimizer;
  private readonly modelName: string;
  private disposed = false;

  /**
   * Validates `options` (an object, `dim` an integer ≥ 1, `rng` a {@link Random}, `learningRate` > 0, default
   * `defaultLearningRate`), then runs the subclass's own checks `validate` before anything is allocated; `names` name
   * the model and its options type in errors.
   */
  protected constructor(
    options: { dim: number; rng: Random; learningRate?: number },
    names: { model: string; options: string },
    defaultLearningRate: number,
    validate?: () => void,
  ) {
    if (options == null || typeof options !== 'object')
      throw new InvalidParameterError('options', `a ${names.options} object`, options);
    const { dim, rng } = options;
    assertInteger('dim', dim, 1);
    if (!(rng instanceof Random)) throw new InvalidParameterError('rng', 'a Random instance', rng);
    const learningRate = options.learningRate ?? defaultLearningRate;
    assertPositive('learningRate', learningRate);
    validate?.();
    this.dim = dim;
    this.rng = rng;
    this.modelName = names.model;
    this.optimizer = tf.train.adam(learningRate, 0.9, 0.999);
  }

  /** Estimated entropy (nats) of the rows of `x`, differentiable w.r.t. `x`. */
  abstract entropyTf(x: tf.Tensor2D): tf.Scalar;

  /** `steps` training steps on the same batch; returns the training objective at the last step (NaN on webgpu). */
  abstract trainSteps(x: tf.Tensor2D, steps: number): number;

  /** Copies of the state needed to restore the model (the Adam moments are not included). */
  abstract getWeights(): Float32Array[];

  /** Restore from {@link TrainedEntropyModel.getWeights}. */
  abstract setWeights(weights: ReadonlyArray<ArrayLike<number>>): void;

  /** One training step, `trainSteps(x, 1)`; returns its objective. */
  fitStep(x: tf.Tensor2D): number {
    return this.trainSteps(x, 1);
  }

  /** {@link DifferentiableEntropy.update}: one training step. */
  update(x: tf.Tensor2D): void {
    this.fitStep(x);
  }

  /** Free the model's tensors and the optimiser state. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.releaseTensors();
    this.optimizer.dispose();
  }

  /** Free the subclass's variables and constants (called once, by `dispose`). */
  protected abstract releaseTensors(): void;

  /** Throws when the model has been disposed. */
  protected checkAlive(): void {
    if (this.disposed)
      throw new InvalidParameterError('model', `a ${this.modelName} that has not been disposed`, 'disposed');
  }

  /**
   * `steps` Adam steps on `loss(prepare())` over `variables` (see the training frame's optimiserSteps): returns
   * `sign × loss` of the last step, NaN on a device backend; a non-finite value read is a NumericalError naming
   * `<model>.trainSteps` and `quantity`.
   */
  protected runOptimiser<T extends tf.Tensor | null>(
    variables: tf.Variable[],
    steps: number,
    objective: { quantity: string; sign: 1 | -1 },
    prepare: () => T,
    loss: (prepared: T) => tf.Scalar,
  ): number {
    return optimiserSteps(
      { optimizer: this.optimizer, variables, steps, where: `${this.modelName}.trainSteps`, ...objective },
      prepare,
      loss,
    );
  }
}
