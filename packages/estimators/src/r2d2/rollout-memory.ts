// How much memory R2D2's training rollout holds for its backward pass, and from that how many time steps a
// recomputed segment may have under `memoryBudget` (internal).
//
// Two paths keep different things. The fused rollout (fused-rollout.ts, LeakyReLU/ReLU on Euler–Maruyama) keeps per
// time step only the layer outputs, the state, the drift (and with noise control four d-wide factors), and its
// backward pass adds per step the drift's cotangent (and the gain head's), for d > 1 the first layer's dz, and at the
// end of a segment the stacked operands of the segment's weight-gradient products; the per-step hidden-layer weight
// gradients (and for d = 1 the element-wise products) are summed once they exceed
// `fusedRolloutState.pendingGradientBytes`, so they are bounded, not proportional to the segment. The taped path
// (other activations, SRA1) keeps tfjs's gradient tape of ≈ 70 kernels per time step. The fused path's figures
// follow from what fused-rollout.ts allocates and are checked against tf.profile's peak bytes of whole training
// steps in rollout-memory.test.ts; the taped path's are a measured fit.
import { checkpointSegmentSteps } from '@ratedistortion/core';
import { fusedRolloutState } from './fused-rollout.js';

/** The shape of a training rollout as far as its memory goes. */
export interface RolloutMemoryShape {
  /** Rows of the rollout (the batch, or a worker's shard). */
  batch: number;
  dim: number;
  hidden: readonly number[];
  /** Noise-controlled chain (gain head and its four per-step factors). */
  controlled: boolean;
  scheme: 'euler-maruyama' | 'sra1';
  /** Whether the fused rollout runs (fusedRolloutApplies); otherwise the taped path. */
  fused: boolean;
}

/**
 * Bytes the fused rollout holds at the peak of its backward pass with segments of `segmentSteps` of `timeSteps`
 * time steps: per time step of a segment (float32 values per row) its records Σh + 2d (+4d controlled), the
 * backward lists d (+d controlled, +h₀ for d > 1) and, for d > 1, the segment's stacked operands
 * 3d + 2 + h₀ + h_L + d (+3d controlled) + d (+d controlled); the pending per-step weight gradients (bounded by
 * `pendingGradientBytes` plus one step's); and the segment start states.
 */
export function fusedRolloutBytes(shape: RolloutMemoryShape, segmentSteps: number, timeSteps: number): number {
  const { batch: n, dim: d, hidden, controlled } = shape;
  const L = hidden.length;
  const h0 = hidden[0];
  const hL = hidden[L - 1];
  const units = hidden.reduce((a, b) => a + b, 0);
  const records = units + 2 * d + (controlled ? 4 * d : 0);
  // d = 1: the element-wise products x ⊙ dz₀, dz₀, τ·dz₀, h_L ⊙ du (and h_L ⊙ draw) are counted per step although
  // they are summed past the bound too: measured, the bound saves less there than it does for d > 1 (an upper bound).
  const lists = d + (controlled ? d : 0) + (d > 1 ? h0 : 3 * h0 + hL * (controlled ? 2 : 1));
  const stacked =
    d > 1 && segmentSteps > 1 ? 3 * d + 2 + h0 + hL + (controlled ? 4 * d : d) + (controlled ? 2 * d : d) : 0;
  const perStep = 4 * n * (records + lists + stacked);
  let pendingPerStep = 0;
  for (let l = 1; l < L; l++) pendingPerStep += 4 * (hidden[l - 1] * hidden[l] + hidden[l]);
  // Past the bound the pending list and its sums (one step's worth) are alive together.
  const pending = Math.min(segmentSteps * pendingPerStep, fusedRolloutState.pendingGradientBytes + 2 * pendingPerStep);
  const segments = Math.ceil(timeSteps / segmentSteps);
  const starts = 4 * n * d * segments;
  // With several segments the gradients summed so far and the segment's own are alive together.
  const accumulated = segments > 1 ? 2 * 4 * parameterCount(shape) : 0;
  return segmentSteps * perStep + pending + starts + accumulated;
}

/** The controller's parameter count (hidden stack, output head, gain head with noise control). */
function parameterCount(shape: RolloutMemoryShape): number {
  const { dim: d, hidden, controlled } = shape;
  let count = d * hidden[0] + 2 * hidden[0];
  for (let l = 1; l < hidden.length; l++) count += hidden[l - 1] * hidden[l] + hidden[l];
  const heads = controlled ? 2 : 1;
  return count + heads * (hidden[hidden.length - 1] * d + d);
}

/**
 * Bytes the gradient tape of one time step of the taped rollout holds (forward activations kept for the backward
 * pass and the backward pass's own gradients), per sample: about 9 float32 values per hidden unit (10 with noise
 * control), 24 per coordinate and 200 more, twice that for SRA1's two drift evaluations. Measured with tf.profile's
 * peak bytes of a training step at 8 and 16 time steps (cpu backend, d = 1…16, 1–3 hidden layers of 64–256, batch
 * 128–512): the estimate is 1.0–2.0× the measured slope, rounded up so that a budget is not overrun.
 */
export function tapedRolloutBytesPerStep(shape: RolloutMemoryShape): number {
  const units = shape.hidden.reduce((a, b) => a + b, 0);
  const perSample = (shape.controlled ? 10 : 9) * units + 24 * shape.dim + 200;
  return 4 * shape.batch * perSample * (shape.scheme === 'sra1' ? 2 : 1);
}

/**
 * Time steps per recomputed segment of the training rollout: the longest segments whose memory (of the path that
 * runs) fits in `budgetBytes`; `timeSteps` when the whole rollout fits, at least 1.
 */
export function rolloutSegmentSteps(shape: RolloutMemoryShape, timeSteps: number, budgetBytes: number): number {
  if (!shape.fused)
    return checkpointSegmentSteps({ steps: timeSteps, bytesPerStep: tapedRolloutBytesPerStep(shape), budgetBytes });
  // The same validation as the taped path's (a typed error naming the parameter).
  checkpointSegmentSteps({ steps: timeSteps, bytesPerStep: 1, budgetBytes });
  for (let k = timeSteps; k > 1; k--) if (fusedRolloutBytes(shape, k, timeSteps) <= budgetBytes) return k;
  return 1;
}
