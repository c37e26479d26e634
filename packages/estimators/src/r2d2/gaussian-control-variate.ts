// The Gaussian control variate of R2D2's read-out (internal to R2D2.evaluate).
//
// With `init: 'gaussian'` the controller is u = u_G + MLP, u_G the optimal chain of the Gaussian with the scaling's
// mean μ_s and principal variances s_j² (controller.ts). Per evaluation batch the Gaussian part alone is run as well, in
// float64 on the host, from the SAME x0 and on the SAME Brownian increments (a BrownianSource that hands the rollout's
// increments on to it), in its principal coordinates y = (x − μ_s)V:
//   y_{k+1} = a_k ⊙ y_k + g_k ⊙ √eps ξ_k,   ξ_k = ΔW_k (controlled chain: the increments are drawn in basis
//   coordinates) or ΔW_k V (fixed chain), g ≡ 1 on the fixed chain,
// with a_k, g_k² from core's gaussianChainStep exactly as in the controller. Three statistics of that run are averages
// over the batch of per-sample quadratic forms, so their expectations depend only on the source's first two moments
// and are computed exactly by core's linearChainMoments — for ANY source whose mean and covariance are known exactly
// (analytic sources; for a samples source its empirical moments, which are the exact moments of what it samples), and
// for i.i.d. and stratified batches alike (each draw is exactly from its law):
//   E_G = mean ½ Σ_k ‖(a_k − 1) ⊙ y_k‖² / h_k       (the control energy; the noise cost is deterministic)
//   D_G = ½ mean ‖y_K − y_0‖²
//   Q_G = ½ mean (y_K − m_K)ᵀ C_K⁻¹ (y_K − m_K)      (E Q_G = d/2; m_K, C_K the exact mean and covariance of y_K)
// With i.i.d. batches the rows of y_K are i.i.d., so the sample covariance S (about the batch mean, divisor n − 1) has
// E S = C_K exactly, and Q_G = ½ tr(C_K⁻¹ S) is used instead: it also follows the batch-mean fluctuation of the
// entropy estimates (which centre at the batch mean); stratified batches keep the known-mean form above, whose
// expectation does not depend on how the draws of a batch are coupled.
// Q_G is the first-order part of the fluctuation of any consistent entropy estimate of a sample of Gaussian-like X1
// (½ log det Σ̂ ≈ ½ log det C + ½ tr(C⁻¹ Σ̂) − d/2; for KNN, the mean of −log p(x1)), so unlike the Gaussian plug-in of
// the Gaussian part's X1 its expectation is exact without X1 being Gaussian and without the entropy estimator being
// unbiased. The corrected read-out of a batch is
//   energy_θ − (E_G − E[E_G]),   D̂_θ − (D_G − E[D_G]),   Ĥ_θ − (Q_G − d/2),
// whose expectation is exactly that of the plain read-out (the control variate changes the noise, not the bias).
// It lowers the noise only where its statistics have a finite variance: all three are quadratic in y, and y_K is
// a·y_0 plus Gaussian noise, so that needs E‖X0‖⁴ < ∞. R2D2 does not build one for a source that says its fourth
// moment is infinite (`hasFiniteFourthMoment: false`, the sinc⁴ mixture): there Q_G's batch mean has infinite
// variance while the entropy estimate it stands in for grows only logarithmically in the tails.
import {
  InvalidParameterError,
  cholesky64,
  forwardSubstitute64,
  gaussianChainStep,
  linearChainMoments,
  type BrownianSource,
  type LinearChainStep,
  type Samples,
  type TimeGrid,
} from '@ratedistortion/core';
import type { InputScaling, ScalableSource } from '../amortisation/input-scaling.js';

/** Exact first two moments of a source (internal). */
export interface SourceMoments {
  mean: Float64Array;
  covariance: Float64Array[];
}

/**
 * The source's exact mean and covariance when it provides them (`mean()`/`covariance()`, finite, of its dimension),
 * else null (internal).
 */
export function exactSourceMoments(source: ScalableSource): SourceMoments | null {
  if (!source.mean || !source.covariance) return null;
  const d = source.dim;
  try {
    const mean = Float64Array.from(source.mean());
    const covariance = source.covariance().map((row) => Float64Array.from(row));
    if (mean.length !== d || covariance.length !== d || covariance.some((row) => row.length !== d)) return null;
    if (!mean.every(Number.isFinite) || !covariance.every((row) => row.every(Number.isFinite))) return null;
    return { mean, covariance };
  } catch {
    // Sources without finite moments (e.g. heavy tails) throw: no control variate for them.
    return null;
  }
}

/** Deviations of the Gaussian part's statistics from their exact expectations, for one batch (internal). */
export interface ControlVariateDeviations {
  /** E_G − E[E_G] (control energy). */
  energy: number;
  /** D_G − E[D_G]. */
  distortion: number;
  /** Q_G − d/2 (the entropy's linear statistic). */
  entropy: number;
}

/**
 * The Gaussian part's chain at one eps with the exact expectations of its statistics (see the file header;
 * internal). `batch` follows one evaluation batch.
 */
export class GaussianControlVariate {
  private readonly d: number;
  private readonly steps: LinearChainStep[];
  private readonly basis: Float64Array | null;
  private readonly centre: Float64Array;
  private readonly sqrtEps: number;
  private readonly fixed: boolean;
  private readonly expectedEnergy: number;
  private readonly expectedDistortion: number;
  private readonly mean1: Float64Array;
  private readonly cholesky1: Float64Array[];

  constructor(
    scaling: InputScaling,
    moments: SourceMoments,
    eps: number,
    grid: TimeGrid,
    chain: 'fixed' | 'controlled',
  ) {
    const d = scaling.mean.length;
    if (moments.mean.length !== d) throw new InvalidParameterError('moments.mean', `${d} values`, moments.mean.length);
    this.d = d;
    this.basis = scaling.basis ? Float64Array.from(scaling.basis) : null;
    this.centre = Float64Array.from(scaling.mean);
    this.sqrtEps = Math.sqrt(eps);
    this.fixed = chain === 'fixed';
    const times = grid.times;
    const K = times.length - 1;
    // The controller's tables use the uniform grid k/K (controller.ts gaussianPart).
    const h = 1 / K;
    this.steps = Array.from({ length: K }, (_, k) => {
      const s = Array.from(scaling.scale, (sc) => gaussianChainStep(sc * sc, eps, k * h, Math.min((k + 1) * h, 1)));
      return {
        h: times[k + 1] - times[k],
        contraction: Float64Array.from(s, (x) => x.contraction),
        gainSquared: Float64Array.from(s, (x) => (this.fixed ? 1 : x.gainSquared)),
      };
    });
    // The source's moments in the chain's coordinates: E y0 = (μ − μ_s)V, Cov y0 = Vᵀ Σ V.
    const V = (r: number, c: number) => (this.basis ? this.basis[r * d + c] : r === c ? 1 : 0);
    const mean0 = Float64Array.from({ length: d }, (_, j) => {
      let v = 0;
      for (let r = 0; r < d; r++) v += (moments.mean[r] - this.centre[r]) * V(r, j);
      return v;
    });
    const sv = moments.covariance.map((row) =>
      Float64Array.from({ length: d }, (_, j) => {
        let v = 0;
        for (let c = 0; c < d; c++) v += row[c] * V(c, j);
        return v;
      }),
    );
    const cov0 = Array.from({ length: d }, (_, i) =>
      Float64Array.from({ length: d }, (_, j) => {
        let v = 0;
        for (let r = 0; r < d; r++) v += V(r, i) * sv[r][j];
        return v;
      }),
    );
    for (let i = 0; i < d; i++)
      for (let j = 0; j < i; j++) {
        const m = 0.5 * (cov0[i][j] + cov0[j][i]);
        cov0[i][j] = m;
        cov0[j][i] = m;
      }
    const exact = linearChainMoments({ mean: mean0, covariance: cov0, eps, steps: this.steps });
    this.expectedEnergy = exact.energy;
    this.expectedDistortion = exact.distortion;
    this.mean1 = exact.mean;
    this.cholesky1 = cholesky64(exact.covariance, 'covariance of the Gaussian part’s X1');
  }

  /**
   * Follow one batch: returns the Brownian source to roll the controller out on (it draws from `inner` and runs the
   * Gaussian part on the same increments, steps in order, each once) and, once every step was drawn, the deviations.
   */
  batch(
    x0: Samples,
    inner: BrownianSource,
    iid: boolean,
  ): { brownian: BrownianSource; deviations(): ControlVariateDeviations } {
    const { d } = this;
    const n = x0.n;
    if (x0.dim !== d) throw new InvalidParameterError('x0.dim', `${d}`, x0.dim);
    const y = new Float64Array(n * d);
    for (let m = 0; m < n; m++) {
      for (let j = 0; j < d; j++) {
        let v = 0;
        if (this.basis) for (let r = 0; r < d; r++) v += (x0.data[m * d + r] - this.centre[r]) * this.basis[r * d + j];
        else v = x0.data[m * d + j] - this.centre[j];
        y[m * d + j] = v;
      }
    }
    const y0 = Float64Array.from(y);
    const rotated = this.fixed && this.basis ? new Float64Array(d) : null;
    let energy = 0;
    let next = 0;
    const K = this.steps.length;
    const advance = (step: number, dW: Float64Array): void => {
      if (step !== next)
        throw new InvalidParameterError(
          'step',
          `the next step in order, ${next}`,
          step,
          'the control variate follows the rollout',
        );
      next++;
      const { h, contraction: a, gainSquared: g2 } = this.steps[step];
      for (let m = 0; m < n; m++) {
        const o = m * d;
        if (rotated) {
          for (let j = 0; j < d; j++) {
            let v = 0;
            for (let r = 0; r < d; r++) v += dW[o + r] * this.basis![r * d + j];
            rotated[j] = v;
          }
        }
        for (let j = 0; j < d; j++) {
          const yj = y[o + j];
          energy += ((a[j] - 1) * yj) ** 2 / h;
          const xi = rotated ? rotated[j] : dW[o + j];
          y[o + j] = a[j] * yj + Math.sqrt(g2[j]) * this.sqrtEps * xi;
        }
      }
    };
    const brownian: BrownianSource = {
      n: inner.n,
      dim: inner.dim,
      grid: inner.grid,
      increment(step: number, dW: Float64Array, levyArea?: Float64Array): void {
        inner.increment(step, dW, levyArea);
        advance(step, dW);
      },
    };
    const deviations = (): ControlVariateDeviations => {
      if (next !== K) throw new InvalidParameterError('steps', `all ${K} steps drawn before the read-out`, next);
      let dist = 0;
      let q = 0;
      const r = new Float64Array(d);
      const zSum = new Float64Array(d);
      for (let m = 0; m < n; m++) {
        const o = m * d;
        for (let j = 0; j < d; j++) {
          dist += (y[o + j] - y0[o + j]) ** 2;
          r[j] = y[o + j] - this.mean1[j];
        }
        const z = forwardSubstitute64(this.cholesky1, r);
        for (let j = 0; j < d; j++) {
          q += z[j] * z[j];
          zSum[j] += z[j];
        }
      }
      let qStat = q / n;
      if (iid) {
        // tr(C⁻¹ S) with S about the batch mean: (Σ‖z‖² − n‖z̄‖²)/(n − 1) in the whitened coordinates z = L⁻¹(y − m).
        let zBar2 = 0;
        for (let j = 0; j < d; j++) zBar2 += (zSum[j] / n) ** 2;
        qStat = (q - n * zBar2) / (n - 1);
      }
      return {
        energy: (0.5 * energy) / n - this.expectedEnergy,
        distortion: (0.5 * dist) / n - this.expectedDistortion,
        entropy: 0.5 * qStat - d / 2,
      };
    };
    return { brownian, deviations };
  }
}
