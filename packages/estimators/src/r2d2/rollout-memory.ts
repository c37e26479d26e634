// How much memory R2D2's training rollout holds for its backward pass, and from that how many time steps a
// recomputed segment may have under `memoryBudget` (internal).
//
// Two paths keep different things. The fused rollout (fused-rollout.ts, LeakyReLU/ReLU on Euler–Maruyama) keeps per
// time step only the layer outputs, the state, the drift (and with noise control four d-wide factors). Its memory
// peaks at one of two moments:
// - Unsegmented, at the end of the forward pass, when the records are handed to the tape: tfjs's customGrad keeps a
//   clone of every tensor given to `save`, and on wasm (and cpu) a clone is a copy (the Identity kernel), so for a
//   moment the records are held twice, the forward pass's own until its tidy ends and the tape's.
// - In the backward pass, which holds one segment's records (the tape's copies, or recomputed) with per step the
//   drift's cotangent (and the gain head's; d = 1: the element-wise weight-gradient products, d > 1: the first
//   layer's per-step bias rows) and at the end of a segment their stacked copies; the per-step weight gradients (the
//   hidden layers'; for d > 1 also the first layer's and the heads') are summed once they exceed
//   `fusedRolloutState.pendingGradientBytes`, so they are bounded, not proportional to the segment.
// For d = 1 the backward pass's per-step element-wise products (n rows each, until they are summed) usually outweigh
// the second copy of the records; for d > 1 (per-step products xᵀ·dz₀ and duᵀ·h_L of d × width, not per row) the
// forward pass's two copies are the larger, so an unsegmented d > 1 rollout needs about twice its records, and two
// segments need about half that.
// The taped path (other activations, SRA1) keeps tfjs's gradient tape of ≈ 70 kernels per time step. The fused path's
// figures follow from what fused-rollout.ts allocates and are checked against tf.profile's peak bytes of whole
// training steps in rollout-memory.test.ts; the taped path's are a measured fit.
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
  /** Gaussian warm start (`init: 'gaussian'`): the controller's per-step tables M_k, b_k (and log gains). */
  gaussian: boolean;
  scheme: 'euler-maruyama' | 'sra1';
  /** Whether the fused rollout runs (fusedRolloutApplies); otherwise the taped path. */
  fused: boolean;
}

/**
 * Bytes the fused rollout holds at its peak with segments of `segmentSteps` of `timeSteps` time steps: the larger of
 * {@link fusedRolloutForwardBytes} (unsegmented only) and {@link fusedRolloutBackwardBytes}.
 */
export function fusedRolloutBytes(shape: RolloutMemoryShape, segmentSteps: number, timeSteps: number): number {
  const backward = fusedRolloutBackwardBytes(shape, segmentSteps, timeSteps);
  // Segmented, the forward pass keeps at most 16 steps' records (summed into the costs, then freed) and hands the
  // tape only the segment starts: less than the backward pass's segment.
  return segmentSteps >= timeSteps ? Math.max(backward, fusedRolloutForwardBytes(shape, timeSteps)) : backward;
}

/**
 * Bytes of an unsegmented fused rollout as its forward pass hands the records to the tape: every step's records,
 * Σh + 2d (+4d controlled) float32 values per row, twice (the pass's own and the tape's clones, a copy each); per
 * time step the first layer's time-dependent bias (its product and sum, h₀ each) and the tape's copy of the
 * Gaussian tables (d² + d, +d controlled); and the tape's copies of x0 and the controller's other parameters.
 */
export function fusedRolloutForwardBytes(shape: RolloutMemoryShape, timeSteps: number): number {
  const { batch: n, dim: d } = shape;
  const perStep = 2 * n * recordFloats(shape) + 2 * shape.hidden[0] + gaussianTableFloats(shape);
  return 4 * (timeSteps * perStep + n * d + parameterCount(shape));
}

/**
 * Bytes the fused rollout's backward pass holds at its peak with segments of `segmentSteps` of `timeSteps` time
 * steps: per time step of a segment (float32 values per row) its records Σh + 2d (+4d controlled) and the drift's
 * cotangents d (+d controlled), and for d > 1 two first-layer bias rows of h₀ per step (the list and its stack); the
 * larger of one step's temporaries and the segment's stacked cotangents, k·(1 + d) (+3d controlled); per time step of
 * the grid the first layer's time-dependent bias (2h₀) and the Gaussian tables (the tape's copy and the transposed
 * M_k: 2d² + d, +d controlled); the pending per-step weight gradients (see pendingGradientBytes); the segment start
 * states; the tape's copies of the parameters and the transposed weights; and, with several segments, two copies of
 * the weight gradients (the running sum and the segment's).
 */
export function fusedRolloutBackwardBytes(shape: RolloutMemoryShape, segmentSteps: number, timeSteps: number): number {
  const { batch: n, dim: d, hidden, controlled } = shape;
  const h0 = hidden[0];
  // The drift's cotangents (and the gain head's) of every step of the segment.
  const lists = d + (controlled ? d : 0);
  const perStep = 4 * n * (recordFloats(shape) + lists) + (d > 1 ? 4 * 2 * h0 : 0);
  // The backward pass peaks either in the segment's last (reverse-order) time step, whose temporaries are alive until
  // its tidy ends, or after the loop, when the segment's drift cotangents (and gain-head ones with their
  // concatenation) are stacked with a row of ones for the heads' weight gradients.
  const stacked = segmentSteps > 1 ? segmentSteps * (1 + (controlled ? 4 * d : d)) : 0;
  const transients = 4 * n * Math.max(stepTemporaryFloats(shape), stacked);
  // The grid's tables: the first layer's bias per step (prepared again) and the Gaussian tables with M_k transposed.
  const tables = 4 * timeSteps * (2 * h0 + (shape.gaussian ? gaussianTableFloats(shape) + d * d : 0));
  const pending = pendingGradientBytes(shape, segmentSteps);
  const segments = Math.ceil(timeSteps / segmentSteps);
  const starts = 4 * n * d * segments;
  // The tape's copies of the parameters and the transposed weights (dx = dz·Wᵀ); with several segments the
  // gradients summed so far and the segment's own are alive together.
  const parameters = 4 * (2 * parameterCount(shape) + (segments > 1 ? 2 * parameterCount(shape) : 0));
  return segmentSteps * perStep + transients + tables + pending + starts + parameters;
}

/**
 * Bytes of per-step weight gradients the backward pass holds at its peak. fused-rollout.ts pushes per time step the
 * hidden layers' hᵀ·dz and 1ᵀ·dz (and for d > 1 the first layer's xᵀ·dz₀ and the heads' [du | draw]ᵀ·h_L; for d = 1
 * the element-wise products x ⊙ dz₀, dz₀, τ·dz₀, h_L ⊙ du (and h_L ⊙ draw), n rows each) and sums each list once the bytes pushed since
 * the last sum exceed `pendingGradientBytes`: m = ⌊bound / step⌋ + 1 steps trigger a sum, so a segment of k ≤ m steps
 * holds k steps' gradients at its last step, and a longer one at most m (just before the first sum) or the sum and m
 * more steps' (just before a later one).
 */
function pendingGradientBytes(shape: RolloutMemoryShape, segmentSteps: number): number {
  const { batch: n, dim: d, hidden, controlled } = shape;
  const L = hidden.length;
  let held = 0;
  for (let l = 1; l < L; l++) held += 4 * (hidden[l - 1] * hidden[l] + hidden[l]);
  held +=
    d > 1
      ? 4 * (d * hidden[0] + (controlled ? 2 : 1) * d * hidden[L - 1])
      : 4 * n * (3 * hidden[0] + (controlled ? 2 : 1) * hidden[L - 1]);
  const m = Math.floor(fusedRolloutState.pendingGradientBytes / held) + 1;
  const k = segmentSteps;
  const steps = k <= m ? k : Math.max(m, 1 + Math.min(k - m, m));
  return steps * held;
}

/** Float32 values per row a time step's record holds: layer outputs, state, drift (and the gains' four factors). */
function recordFloats(shape: RolloutMemoryShape): number {
  const { dim: d, hidden, controlled } = shape;
  return hidden.reduce((a, b) => a + b, 0) + 2 * d + (controlled ? 4 * d : 0);
}

/**
 * Float32 values per row of one backward time step's temporaries (fused-rollout.ts's reverse loop, freed when the
 * step's tidy ends): the drift's cotangent's two products (2d) and its product with the output head (h_L); with noise
 * control the gain's cotangents (3d, +d rotated by the basis) and the gain head's product and sum (2h_L); with the
 * Gaussian warm start M_k's product and sum (2d); the state transposed (d > 1); per layer the activation's derivative
 * and dz (2h_l), the cotangent of the layer's input (h_{l−1}; d for the first layer) and, for the weight gradient, the
 * input transposed (h_{l−1}; for the second layer the first layer's output recomputed transposed, 3h₀); the heads'
 * per-step product's operand transposed (d, or the concatenation with the gain head's and its transpose, 4d); and
 * the next state's cotangent (d).
 */
function stepTemporaryFloats(shape: RolloutMemoryShape): number {
  const { dim: d, hidden, controlled } = shape;
  const L = hidden.length;
  const hL = hidden[L - 1];
  let floats = 2 * d + hL + (controlled ? 4 * d + 2 * hL : 0) + (shape.gaussian ? 2 * d : 0) + (d > 1 ? d : 0);
  for (let l = L - 1; l >= 0; l--) {
    floats += 2 * hidden[l] + (l > 0 ? hidden[l - 1] : d);
    if (l > 0) floats += l === 1 ? 3 * hidden[0] : hidden[l - 1];
  }
  if (d > 1) floats += controlled ? 4 * d : d;
  return floats + d;
}

/** Float32 values per time step of the Gaussian warm start's tables: M_k (d × d), b_k and (controlled) log gains. */
function gaussianTableFloats(shape: RolloutMemoryShape): number {
  const d = shape.dim;
  return shape.gaussian ? d * d + d + (shape.controlled ? d : 0) : 0;
}

/** The controller's parameter count without the Gaussian tables (hidden stack, output head, gain head). */
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
