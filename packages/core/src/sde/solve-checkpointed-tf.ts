// Gradient checkpointing through an SDE rollout: the forward pass keeps only the states at the starts of segments
// of `segmentSteps` time steps (and the step noises, in JavaScript); the backward pass recomputes one segment at a
// time under its own gradient tape, from its saved start state, and passes the state's gradient on to the previous
// segment. The memory of the tape is then one segment's activations instead of the whole rollout's, for one extra
// forward pass. The recomputed states are bit-identical to the first pass (same ops on the same inputs); the
// gradients equal those of backpropagating through the whole rollout up to float32 rounding (the parameters'
// gradients are summed per segment, then across segments, instead of in one running sum).
//
// Mechanism: the rollout is one tfjs custom-gradient op whose inputs are x0 and the tensors the drift reads
// (`params`, e.g. a network's variables), and whose output packs X1 with the per-sample running costs. Inside
// `tf.variableGrads` or `tf.grads` it is one node of the tape; its gradient function runs the segments' backward
// passes.
import { InvalidParameterError } from '../errors/errors.js';
import { assertInteger, assertPositive } from '../errors/validate.js';
import { tf } from '../backend/tf.js';
import type { Random } from '../random/random.js';
import type { BrownianSource } from './brownian.js';
import { diagonalSigma, type NoiseAmplitude } from './diffusion.js';
import { assertTimeGrid, type TimeGrid } from './grid.js';
import { resolveBrownian, resolveScheme } from './internal.js';
import type { NoiseControl } from './noise-controlled.js';
import { SDE_SCHEMES, type SdeScheme } from './schemes.js';
import { fixedNoiseStepTf, noiseControlledStepTf, scaledStepNoise, type StepNoise } from './steps-tf.js';
import { assertOrthonormalBasis, assertStateTensor, referenceSigma } from './tf-inputs.js';

/**
 * A drift that reads its parameters from its third argument (the checkpointed solver passes the tensors it keeps for
 * the backward pass). Tensors it creates are tidied by the solver.
 *
 * @example
 * ```ts
 * import { tf, type ParametrisedDriftTf } from '@ratedistortion/core';
 * const ou: ParametrisedDriftTf = (x, _t, [theta]) => tf.mul(x, tf.neg(theta)) as tf.Tensor2D; // −θx
 * ```
 */
export type ParametrisedDriftTf = (x: tf.Tensor2D, t: number, params: readonly tf.Tensor[]) => tf.Tensor2D;

/**
 * A noise-controlled chain's controller that reads its parameters from its third argument (see
 * {@link ParametrisedDriftTf}).
 *
 * @example
 * ```ts
 * import { tf, type ParametrisedNoiseControlTf } from '@ratedistortion/core';
 * const c: ParametrisedNoiseControlTf = (x, _t, [theta, s]) => ({
 *   drift: tf.mul(x, tf.neg(theta)) as tf.Tensor2D, logGain: tf.mul(tf.onesLike(x), s) as tf.Tensor2D,
 * });
 * ```
 */
export type ParametrisedNoiseControlTf = (x: tf.Tensor2D, t: number, params: readonly tf.Tensor[]) => NoiseControl;

/**
 * Options of {@link solveSdeCheckpointedTf}: give exactly one of `drift` (the SDE dX = u dt + σ dW of
 * `solveSdeTf`, either scheme) and `control` (the noise-controlled chain of `solveNoiseControlledTf`), and exactly
 * one of `rng` and `brownian`.
 *
 * @example
 * ```ts
 * import { Random, solveSdeCheckpointedTf, tf, uniformGrid, type SolveSdeCheckpointedTfOptions } from '@ratedistortion/core';
 * const theta = tf.tidy(() => tf.variable(tf.scalar(1)));
 * const x0 = tf.ones([8, 1]) as tf.Tensor2D;
 * const options: SolveSdeCheckpointedTfOptions = {
 *   drift: (x, _t, [th]) => tf.mul(x, tf.neg(th)), params: [theta],
 *   x0, sigma: 0.5, grid: uniformGrid(16), rng: new Random(0), segmentSteps: 4,
 * };
 * const { x1, energy } = solveSdeCheckpointedTf(options);
 * tf.dispose([theta, x0, x1, energy]);
 * ```
 */
export interface SolveSdeCheckpointedTfOptions {
  /** Drift of the fixed-noise SDE (as in `solveSdeTf`), reading its parameters from `params`. */
  drift?: ParametrisedDriftTf;
  /** Drift and log noise gain of the noise-controlled chain (as in `solveNoiseControlledTf`), reading `params`. */
  control?: ParametrisedNoiseControlTf;
  /**
   * The tensors the drift (or control) reads, passed to it as its third argument: a network's variables, or tensors
   * computed from them inside the enclosing `tf.variableGrads` (gradients then flow on to the variables). They must
   * be read from the argument, not from a closure: the backward pass calls the drift with its own kept copies,
   * after the enclosing forward pass has released its intermediate tensors.
   */
  params: readonly tf.Tensor[];
  /** Initial states, float32 [n, dim]; not disposed. */
  x0: tf.Tensor2D;
  /** σ > 0: a number or one per coordinate with `drift`; one number (the reference amplitude) with `control`. */
  sigma: NoiseAmplitude;
  grid: TimeGrid;
  /** With `drift`: default `'euler-maruyama'`. */
  scheme?: SdeScheme;
  /** With `control`: the orthonormal basis V the gains act in (default the identity); not disposed. */
  basis?: tf.Tensor2D;
  rng?: Random;
  brownian?: BrownianSource;
  /** Time steps per recomputed segment, an integer in [1, number of steps]. */
  segmentSteps: number;
  /** Read x0 (and the basis) back to check them (default true). */
  checkFinite?: boolean;
}

/**
 * Result of {@link solveSdeCheckpointedTf}: new tensors owned by the caller, differentiable w.r.t. `params` and x0.
 *
 * @example
 * ```ts
 * import { tf, type SolveSdeCheckpointedTfResult } from '@ratedistortion/core';
 * const loss = (r: SolveSdeCheckpointedTfResult) => tf.mean(r.energy);
 * ```
 */
export interface SolveSdeCheckpointedTfResult {
  /** X at the last grid time, [n, dim]. */
  x1: tf.Tensor2D;
  /** Per-sample control energy ½ Σ_i ‖u(X_{t_i}, t_i)‖² Δt_i, [n] (its mean is `controlEnergyTf` of the drifts). */
  energy: tf.Tensor1D;
  /**
   * With `control`: per-sample noise-control cost Σ_i ½ Σ_j (g_ij² − 1 − 2 log g_ij), [n] (as
   * `noiseControlCostPerSampleTf` of the log gains); null with `drift`.
   */
  noiseCost: tf.Tensor1D | null;
}

/**
 * Integrate the SDE (or the noise-controlled chain) like `solveSdeTf` (or `solveNoiseControlledTf`) — same steps,
 * same increments for the same seed, the same X1 bit for bit — with gradient checkpointing: the gradient tape holds
 * one segment of `segmentSteps` time steps at a time (recomputed in the backward pass) instead of the whole rollout.
 * Use it inside `tf.variableGrads` / `tf.grads` when the whole rollout's activations do not fit in memory; choose
 * the segment length with {@link checkpointSegmentSteps}. The drifts themselves are not returned (that is the
 * memory saved): the per-sample running costs are.
 *
 * Throws {@link InvalidParameterError} (or a subclass) for the bad inputs `solveSdeTf` / `solveNoiseControlledTf`
 * reject, for both or neither of `drift` and `control`, for an empty or non-tensor `params`, and for a
 * `segmentSteps` outside [1, steps].
 *
 * @example
 * ```ts
 * import { Random, solveSdeCheckpointedTf, tf, uniformGrid } from '@ratedistortion/core';
 * const theta = tf.tidy(() => tf.variable(tf.scalar(1)));
 * const x0 = tf.ones([64, 1]) as tf.Tensor2D;
 * const { value, grads } = tf.variableGrads(() => {
 *   const r = solveSdeCheckpointedTf({
 *     drift: (x, _t, [th]) => tf.mul(x, tf.neg(th)), params: [theta],
 *     x0, sigma: 0.5, grid: uniformGrid(20), rng: new Random(3), segmentSteps: 5,
 *   });
 *   return tf.add(tf.mean(r.energy), tf.mean(tf.square(r.x1))) as tf.Scalar;
 * }, [theta]);
 * console.log(grads[theta.name].dataSync()[0]); // the same as backpropagating through solveSdeTf
 * tf.dispose([theta, x0, value, grads[theta.name]]);
 * ```
 */
export function solveSdeCheckpointedTf(options: SolveSdeCheckpointedTfOptions): SolveSdeCheckpointedTfResult {
  const { drift, control, x0, grid, checkFinite = true } = options;
  if ((drift === undefined) === (control === undefined)) {
    throw new InvalidParameterError(
      'drift',
      'exactly one of drift (fixed noise) and control (noise-controlled chain)',
      drift === undefined ? 'neither' : 'both',
    );
  }
  if (drift !== undefined && typeof drift !== 'function')
    throw new InvalidParameterError('drift', 'a function (x, t, params) => tf.Tensor2D', drift);
  if (control !== undefined && typeof control !== 'function')
    throw new InvalidParameterError('control', 'a function (x, t, params) => { drift, logGain }', control);
  assertTimeGrid('grid', grid);
  const [n, dim] = assertStateTensor(x0, checkFinite);
  const params = options.params;
  if (!Array.isArray(params) || params.length === 0 || !params.every((p) => p instanceof tf.Tensor)) {
    throw new InvalidParameterError(
      'params',
      'a non-empty array of the tensors the drift reads (e.g. its variables)',
      params,
    );
  }
  const times = grid.times;
  const steps = times.length - 1;
  assertInteger('segmentSteps', options.segmentSteps, 1, steps);
  const segment = options.segmentSteps;
  let sigma: Float64Array;
  let levy: Float64Array | undefined;
  const basis = options.basis;
  if (control) {
    sigma = referenceSigma(options.sigma, dim);
    if (options.scheme !== undefined && options.scheme !== 'euler-maruyama') {
      throw new InvalidParameterError(
        'scheme',
        "'euler-maruyama' (the noise-controlled chain is an Euler chain)",
        options.scheme,
      );
    }
    if (basis !== undefined) assertOrthonormalBasis(basis, dim, checkFinite);
  } else {
    sigma = diagonalSigma(options.sigma, dim);
    if (basis !== undefined)
      throw new InvalidParameterError(
        'basis',
        'undefined with drift (a basis is for the noise-controlled chain)',
        'a tensor',
      );
    if (SDE_SCHEMES[resolveScheme(options.scheme)].needsLevyArea) levy = new Float64Array(n * dim);
  }
  const brownian = resolveBrownian(options.rng, options.brownian, n, dim, grid);
  // The scaled increments of every step, drawn once (the recomputation reuses them): n·dim floats per step.
  const dW = new Float64Array(n * dim);
  const noises: StepNoise[] = [];
  for (let i = 0; i < steps; i++) noises.push(scaledStepNoise(brownian, i, sigma, dW, levy));
  const costs = control ? 2 : 1;

  /**
   * Steps [from, to) from `start`: the end state and the per-sample running costs [n, costs] of those steps. With
   * `keepStarts`, the states at the segment starts inside the range are returned too (the first pass).
   */
  const run = (
    start: tf.Tensor2D,
    from: number,
    to: number,
    p: readonly tf.Tensor[],
    keepStarts: tf.Tensor2D[] | null,
  ): [tf.Tensor2D, tf.Tensor2D] => {
    const basisT = basis ? (tf.transpose(basis) as tf.Tensor2D) : null;
    let x = start;
    let energy: tf.Tensor1D | undefined;
    let gainCost: tf.Tensor1D | undefined;
    try {
      for (let i = from; i < to; i++) {
        if (keepStarts && i > from && i % segment === 0) keepStarts.push(tf.keep(tf.clone(x)));
        const t = times[i];
        const h = times[i + 1] - t;
        const prevX: tf.Tensor2D = x;
        const prevEnergy: tf.Tensor1D | undefined = energy;
        const prevGain: tf.Tensor1D | undefined = gainCost;
        // One tidy per step, as in the plain solvers: a step's temporaries are freed before the next step.
        [x, energy, gainCost] = tf.tidy((): [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D | undefined] => {
          let xNext: tf.Tensor2D;
          let u: tf.Tensor2D;
          let gain: tf.Tensor1D | undefined;
          if (control) {
            let s: tf.Tensor2D;
            [xNext, u, s] = noiseControlledStepTf(
              (x, tt) => control(x, tt, p),
              prevX,
              t,
              h,
              noises[i].noise,
              basisT,
              `step ${i}`,
            );
            const s2 = tf.mul(s, 2);
            const c = tf.mul(tf.sum(tf.sub(tf.sub(tf.exp(s2), 1), s2), 1), 0.5) as tf.Tensor1D;
            gain = prevGain ? (tf.add(prevGain, c) as tf.Tensor1D) : c;
          } else {
            [xNext, u] = fixedNoiseStepTf(
              (x, tt) => (drift as ParametrisedDriftTf)(x, tt, p),
              prevX,
              t,
              h,
              noises[i],
              `step ${i}`,
            );
          }
          const e = tf.mul(tf.sum(tf.square(u), 1), 0.5 * h) as tf.Tensor1D;
          return [xNext, prevEnergy ? (tf.add(prevEnergy, e) as tf.Tensor1D) : e, gain] as [
            tf.Tensor2D,
            tf.Tensor1D,
            tf.Tensor1D | undefined,
          ];
        });
        if (prevX !== start) prevX.dispose();
        tf.dispose([prevEnergy, prevGain].filter((v): v is tf.Tensor1D => v !== undefined));
      }
      return tf.tidy(() => {
        const columns = [tf.reshape(energy as tf.Tensor1D, [n, 1])];
        if (gainCost) columns.push(tf.reshape(gainCost, [n, 1]));
        return [
          x === start ? tf.clone(x) : x,
          (columns.length === 1 ? columns[0] : tf.concat(columns, 1)) as tf.Tensor2D,
        ];
      });
    } finally {
      tf.dispose([energy, gainCost].filter((v): v is tf.Tensor1D => v !== undefined));
      basisT?.dispose();
    }
  };

  const rollout = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const start = args[0] as tf.Tensor2D;
    const starts: tf.Tensor2D[] = [];
    const [x1, c] = run(start, 0, steps, params, starts);
    const value = tf.concat([x1, c], 1) as tf.Tensor2D;
    tf.dispose([x1, c]);
    // Saved for the backward pass (kept by the tape only when one is recording): the segment starts and the params,
    // which the enclosing forward pass may release before the backward pass runs.
    save([start, ...starts, ...params]);
    tf.dispose(starts);
    return {
      value,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          let gX = tf.slice(dy, [0, 0], [n, dim]) as tf.Tensor2D;
          const gC = tf.slice(dy, [0, dim], [n, costs]) as tf.Tensor2D;
          const segments = saved.length - params.length;
          const keptParams = saved.slice(segments);
          let gParams: tf.Tensor[] = params.map((p) => tf.zerosLike(p));
          for (let s = segments - 1; s >= 0; s--) {
            const from = s * segment;
            const to = Math.min(steps, from + segment);
            const segStart = saved[s] as tf.Tensor2D;
            const gEnd = gX;
            const grads = gradientsUnderOwnTape(() => {
              const [xEnd, c] = run(segStart, from, to, keptParams, null);
              return tf.tidy(() => tf.add(tf.sum(tf.mul(gEnd, xEnd)), tf.sum(tf.mul(gC, c))) as tf.Scalar);
            }, [segStart, ...keptParams]);
            gX = grads[0] as tf.Tensor2D;
            const summed = gParams.map((g, k) => tf.add(g, grads[k + 1]));
            tf.dispose([gEnd, ...gParams, ...grads.slice(1)]);
            gParams = summed;
          }
          return [gX, ...gParams];
        }),
    };
  });
  const out = rollout(x0, ...params) as tf.Tensor2D;
  try {
    const x1 = tf.slice(out, [0, 0], [n, dim]) as tf.Tensor2D;
    const energy = tf.tidy(() => tf.reshape(tf.slice(out, [0, dim], [n, 1]), [n]) as tf.Tensor1D);
    const noiseCost = control
      ? tf.tidy(() => tf.reshape(tf.slice(out, [0, dim + 1], [n, 1]), [n]) as tf.Tensor1D)
      : null;
    return { x1, energy, noiseCost };
  } finally {
    out.dispose();
  }
}

/**
 * `tf.grads`-like gradients of `f` w.r.t. `xs` (zeros where f does not depend on one), run from inside the gradient
 * function of a custom op. tfjs's engine keeps one active tape; a gradient computation started while none is
 * recording (as during the outer backward pass) replaces it and clears it when done, which would leave the outer
 * pass unable to release its saved tensors. So the outer tape is put back afterwards; the inner computation frees its
 * own saved tensors as soon as it is done, which is what bounds the memory.
 */
function gradientsUnderOwnTape(f: () => tf.Scalar, xs: tf.Tensor[]): tf.Tensor[] {
  const state = tf.engine().state as unknown as { activeTape: unknown };
  const outer = state.activeTape;
  try {
    const { value, grads } = tf.engine().gradients(f, xs, undefined, true);
    value.dispose();
    return xs.map((x, k) => (grads[k] as tf.Tensor | null) ?? tf.zerosLike(x));
  } finally {
    state.activeTape = outer;
  }
}

/**
 * The largest segment length (time steps per recomputed segment of {@link solveSdeCheckpointedTf}) whose gradient
 * tape fits in `budgetBytes`, given an estimate of the tape's bytes per time step; `steps` (no recomputation
 * needed) when the whole rollout fits. At least 1 (a budget below one step's tape cannot be met by checkpointing).
 *
 * @example
 * ```ts
 * import { checkpointSegmentSteps } from '@ratedistortion/core';
 * console.log(checkpointSegmentSteps({ steps: 128, bytesPerStep: 20e6, budgetBytes: 1e9 })); // 50
 * ```
 */
export function checkpointSegmentSteps(o: { steps: number; bytesPerStep: number; budgetBytes: number }): number {
  assertInteger('steps', o.steps, 1);
  assertPositive('bytesPerStep', o.bytesPerStep);
  assertPositive('budgetBytes', o.budgetBytes);
  return Math.max(1, Math.min(o.steps, Math.floor(o.budgetBytes / o.bytesPerStep)));
}
