// One time step of the tfjs SDE solvers, shared by solveSdeTf, solveNoiseControlledTf and the checkpointed solver
// (solveSdeCheckpointedTf), so that all of them run the very same ops in the same order: the checkpointed solver's
// forward pass and its recomputed segments then reproduce the plain solvers' states bit for bit.
import { DimensionMismatchError, InvalidParameterError } from '../errors/errors.js';
import { tf } from '../backend/tf.js';
import type { BrownianSource } from './brownian.js';
import { SRA1_STAGE_DRIFT, SRA1_STAGE_NOISE, SRA1_STAGE_TIME, SRA1_WEIGHT_1, SRA1_WEIGHT_2 } from './internal.js';
import type { NoiseControlTf } from './noise-controlled.js';
import { eulerUpdateTf } from './euler-update-tf.js';
import type { DriftTf } from './solve-tf.js';

/** The scaled noise of one step: σ ΔW and, for SRA1, the stage noise (3/2) σ (ΔW/2 + H). */
export interface StepNoise {
  noise: Float32Array;
  stage?: Float32Array;
}

/**
 * Draw step i's increments from `brownian` and scale them by σ in float64 (then round to float32). Fresh arrays:
 * tfjs may keep a reference to an uploaded typed array instead of copying it.
 */
export function scaledStepNoise(
  brownian: BrownianSource,
  i: number,
  sigma: Float64Array,
  dW: Float64Array,
  levy: Float64Array | undefined,
): StepNoise {
  brownian.increment(i, dW, levy);
  const size = dW.length;
  const dim = sigma.length;
  const noise = new Float32Array(size);
  for (let k = 0; k < size; k++) noise[k] = sigma[k % dim] * dW[k];
  if (!levy) return { noise };
  const stage = new Float32Array(size);
  for (let k = 0; k < size; k++) stage[k] = SRA1_STAGE_NOISE * sigma[k % dim] * (0.5 * dW[k] + levy[k]);
  return { noise, stage };
}

/** A returned tensor checked to be [n, dim]; a tensor returned unchanged from the input is cloned (the solver disposes states). */
export function checkedStepTensor(u: tf.Tensor2D, x: tf.Tensor2D, n: number, dim: number, what: string): tf.Tensor2D {
  if (!(u instanceof tf.Tensor) || u.rank !== 2 || u.shape[0] !== n || u.shape[1] !== dim) {
    throw new DimensionMismatchError(
      what,
      `[${n}, ${dim}]`,
      u instanceof tf.Tensor ? `[${u.shape.join(', ')}]` : String(u),
    );
  }
  return u === x ? tf.clone(u) : u;
}

/**
 * One Euler–Maruyama step (no stage noise) or SRA1 step (with it) of dX = u dt + σ dW from `prev` at time t with
 * step h; returns X_{i+1} and the left-point drift u(prev, t). Call inside tf.tidy.
 */
export function fixedNoiseStepTf(
  drift: DriftTf,
  prev: tf.Tensor2D,
  t: number,
  h: number,
  noise: StepNoise,
  where: string,
): [tf.Tensor2D, tf.Tensor2D] {
  const [n, dim] = prev.shape;
  const shape: [number, number] = [n, dim];
  const u1 = checkedStepTensor(drift(prev, t), prev, n, dim, `drift(x, t) at ${where}`);
  // Euler–Maruyama: the update as one op (bit-identical to add(add(prev, mul(u1, h)), noise), fewer kernels).
  if (!noise.stage) return [eulerUpdateTf(prev, u1, h, tf.tensor2d(noise.noise, shape)), u1];
  const stage = tf.add(tf.add(prev, tf.mul(u1, SRA1_STAGE_DRIFT * h)), tf.tensor2d(noise.stage, shape)) as tf.Tensor2D;
  const u2 = checkedStepTensor(
    drift(stage, t + SRA1_STAGE_TIME * h),
    stage,
    n,
    dim,
    `drift(x, t) at ${where}, second stage`,
  );
  const increment = tf.add(tf.mul(u1, SRA1_WEIGHT_1 * h), tf.mul(u2, SRA1_WEIGHT_2 * h));
  const xNext = tf.add(tf.add(prev, increment), tf.tensor2d(noise.noise, shape)) as tf.Tensor2D;
  return [xNext, u1];
}

/**
 * One step of the noise-controlled Euler chain X_{i+1} = X_i + u h + (exp(s) ⊙ σ ΔW) Vᵀ from `prev`; returns
 * X_{i+1}, the drift u and the log gain s. `noise` holds σ ΔW; `basisT` is Vᵀ (null: the identity). Call inside tf.tidy.
 */
export function noiseControlledStepTf(
  control: NoiseControlTf,
  prev: tf.Tensor2D,
  t: number,
  h: number,
  noise: Float32Array,
  basisT: tf.Tensor2D | null,
  where: string,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const [n, dim] = prev.shape;
  const c = control(prev, t);
  if (c == null || typeof c !== 'object')
    throw new InvalidParameterError('control(x, t)', 'an object { drift, logGain }', c);
  const u1 = checkedStepTensor(c.drift, prev, n, dim, `control(x, t).drift at ${where}`);
  const s1 = checkedStepTensor(c.logGain, prev, n, dim, `control(x, t).logGain at ${where}`);
  let scaled = tf.mul(tf.exp(s1), tf.tensor2d(noise, [n, dim])) as tf.Tensor2D;
  if (basisT) scaled = tf.matMul(scaled, basisT);
  const xNext = tf.add(tf.add(prev, tf.mul(u1, h)), scaled) as tf.Tensor2D;
  return [xNext, u1, s1];
}
