// Stratified Brownian increments for evaluation batches: every path is still exactly a Brownian motion (so an
// estimator averaged over the batch keeps its expectation), but the batch's paths are spread evenly over the
// terminal value W(t_K) and over each step's innovation, instead of falling where i.i.d. draws put them.
//
// Construction (a Brownian bridge run forward): W(t_K) − W(t_0) is drawn first as a Latin-hypercube sample of
// N(0, T I) over the n paths (T = t_K − t_0); then each step's increment is drawn from its law given the current
// value and the terminal one,
//   ΔW_i | W(t_i), W(t_K) ~ N( (W(t_K) − W(t_i)) h_i / r_i ,  h_i (r_i − h_i) / r_i · I ),   r_i = t_K − t_i,
// whose standard-normal innovations are again Latin-hypercube samples (fresh strata orders per step). The last
// step is deterministic (it closes the bridge). The joint law of one path is that of Brownian motion, exactly;
// paths of one batch are (weakly, negatively) dependent, as in any Latin hypercube.
//
// Why the terminal value: the Brownian part of the TEC rollout's X1 is ∫ a(t) dW_t with a smooth weight a (for the
// optimal Gaussian drift a(t) = (λ − eps)/(λ − eps t) per principal direction); the W(t_K) coordinate carries
// (∫a)² / ∫a² of its variance — 96 % at λ = 1, eps = 0.5 — so stratifying it removes most of the batch-to-batch
// fluctuation of X1's sample spread, which is what an entropy read-out of X1 sees. Memory is O(n·dim): the path is
// generated step by step, in order.
//
// Lévy areas (for SRA1) are independent of every increment and are drawn i.i.d. from their own stream.
import { latinHypercubeNormal } from '../random/latin-hypercube-normal.js';
import type { Random } from '../random/random.js';
import type { BrownianShape } from './brownian.js';
import { SequentialBrownianSource } from './sequential-brownian.js';

/**
 * Brownian increments whose terminal values and per-step bridge innovations are Latin-hypercube stratified over the
 * `n` paths (see the file header). Each path is exactly Brownian; steps must be requested in order 0, 1, …, K−1.
 *
 * Reproducibility: the constructor splits `rng` into three streams (advancing `rng`): terminal values, step
 * innovations, Lévy areas. The increments do not depend on whether Lévy areas are requested.
 *
 * @example
 * ```ts
 * import { Random, StratifiedBrownianIncrements, uniformGrid } from '@ratedistortion/core';
 * const n = 1000;
 * const bm = new StratifiedBrownianIncrements(new Random(1), { n, dim: 1, grid: uniformGrid(4) });
 * const w1 = new Float64Array(n);
 * const dW = new Float64Array(n);
 * for (let i = 0; i < 4; i++) {
 *   bm.increment(i, dW);
 *   for (let m = 0; m < n; m++) w1[m] += dW[m];
 * }
 * let s2 = 0;
 * for (const w of w1) s2 += w * w;
 * console.log((s2 / n).toFixed(2)); // 1.00 (i.i.d. paths: 1 ± 0.045)
 * ```
 */
export class StratifiedBrownianIncrements extends SequentialBrownianSource {
  private readonly stepStream: Random;
  private readonly levyStream: Random;
  /** W(t_K) − W(t_i) per path and coordinate, updated as steps are drawn. */
  private readonly remaining: Float64Array;

  constructor(rng: Random, shape: BrownianShape) {
    super(rng, shape);
    const [terminalStream, stepStream, levyStream] = rng.split(3);
    this.stepStream = stepStream;
    this.levyStream = levyStream;
    const times = shape.grid.times;
    const total = times[times.length - 1] - times[0];
    this.remaining = latinHypercubeNormal(this.n, this.dim, terminalStream).data;
    const s = Math.sqrt(total);
    for (let k = 0; k < this.remaining.length; k++) this.remaining[k] *= s;
  }

  protected draw(step: number, h: number, dW: Float64Array, levyArea: Float64Array | undefined): void {
    const times = this.grid.times;
    const steps = times.length - 1;
    const size = this.n * this.dim;
    const r = times[steps] - times[step];
    const rem = this.remaining;
    if (step === steps - 1) {
      dW.set(rem);
      rem.fill(0);
    } else {
      const frac = h / r;
      const sd = Math.sqrt((h * (r - h)) / r);
      const z = latinHypercubeNormal(this.n, this.dim, this.stepStream).data;
      for (let k = 0; k < size; k++) {
        const w = rem[k] * frac + sd * z[k];
        dW[k] = w;
        rem[k] -= w;
      }
    }
    if (levyArea) this.levyStream.fillNormal(levyArea, 0, Math.sqrt(h / 12));
  }
}
