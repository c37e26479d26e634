// The frame of a Brownian source that draws its increments on the fly, step after step (BrownianIncrements,
// StratifiedBrownianIncrements): the validated shape, the position, and the in-order and buffer checks of every
// request; a subclass only draws.
import type { Random } from '../random/random.js';
import type { BrownianShape, BrownianSource } from './brownian.js';
import { assertBrownianShape, checkNextIncrement } from './brownian-checks.js';
import type { TimeGrid } from './grid.js';

/**
 * Base of the {@link BrownianSource}s that draw each step's increments when it is requested, so steps must come in
 * order 0, 1, …, K−1, each once: {@link BrownianIncrements} and {@link StratifiedBrownianIncrements}. The constructor
 * checks `rng` and the shape; `increment` checks the request (the next step, n·dim Float64Array buffers) before the
 * subclass draws.
 *
 * @example
 * ```ts
 * import { BrownianIncrements, Random, uniformGrid, type SequentialBrownianSource } from '@ratedistortion/core';
 * const source: SequentialBrownianSource = new BrownianIncrements(new Random(1), { n: 4, dim: 1, grid: uniformGrid(3) });
 * const dW = new Float64Array(4);
 * source.increment(0, dW);
 * console.log(source.position); // 1: step 1 is the only one it will draw next
 * ```
 */
export abstract class SequentialBrownianSource implements BrownianSource {
  readonly n: number;
  readonly dim: number;
  readonly grid: TimeGrid;
  private nextStep = 0;

  /** Checks that `rng` is a Random and `shape` a valid { n, dim, grid }. */
  protected constructor(rng: Random, shape: BrownianShape) {
    assertBrownianShape(shape, { value: rng });
    this.n = shape.n;
    this.dim = shape.dim;
    this.grid = shape.grid;
  }

  /** Index of the next step this source will produce. */
  get position(): number {
    return this.nextStep;
  }

  /** {@link BrownianSource.increment}, for the next step in order only. */
  increment(step: number, dW: Float64Array, levyArea?: Float64Array): void {
    const h = checkNextIncrement(this, this.nextStep, step, dW, levyArea);
    this.draw(step, h, dW, levyArea);
    this.nextStep++;
  }

  /** Write step `step`'s ΔW (and, when asked, its Lévy area) into the checked buffers; h is the step length. */
  protected abstract draw(step: number, h: number, dW: Float64Array, levyArea: Float64Array | undefined): void;
}
