// The envelope every estimator checkpoint shares, read in one place: the format, version and method tags (through
// readCheckpoint, which also unwraps run checkpoints), the resolved `config`, the network `weights` and Adam state
// (floats as exact base64), the named random streams under `rng`, and the life totals under `progress`. Each
// estimator's parser checks only its own fields on top (R2D2's input scaling, NERD's dataset position, WGD's
// particles). The writing side is here too: the Adam state as base64 and the source's spec when it has one.
import { InvalidParameterError } from '@ratedistortion/core';
import type { Adam, AdamState } from '../optim/adam.js';
import { decodeFloat32, encodeFloats } from './base64.js';
import { readCheckpoint, type CheckpointKind } from './read-checkpoint.js';

/**
 * What {@link parseCheckpointEnvelope} checks beyond the tags of {@link CheckpointKind}.
 *
 * @example
 * ```ts
 * import type { CheckpointEnvelopeKind } from '@ratedistortion/estimators';
 * const k: CheckpointEnvelopeKind = {
 *   format: 'ratedistortion/ebrd-checkpoint', version: 1, method: 'ebrd', name: 'EBRD', streams: ['train', 'eval'], network: true,
 * };
 * ```
 */
export interface CheckpointEnvelopeKind extends CheckpointKind {
  /** The generator states `rng` must hold, by name. */
  streams: readonly string[];
  /** Those of `streams` that may also be null (NERD's `epochStart` before the first epoch). */
  nullableStreams?: readonly string[];
  /** Whether the checkpoint holds network `weights` and the Adam state `optimizer` (default false). */
  network?: boolean;
  /** Whether the checkpoint holds the resolved `config` object (default true). */
  config?: boolean;
}

/**
 * Adam's state in a checkpoint: the step count and the moments as base64 float32, one string per variable.
 *
 * @example
 * ```ts
 * import type { AdamStateJson } from '@ratedistortion/estimators';
 * const s: AdamStateJson = { step: 0, m: [], v: [] };
 * ```
 */
export interface AdamStateJson {
  step: number;
  m: string[];
  v: string[];
}

/**
 * The fields every estimator checkpoint ends with: the life totals and the source's spec when it has one.
 *
 * @example
 * ```ts
 * import type { CheckpointTail } from '@ratedistortion/estimators';
 * const tail: CheckpointTail = { progress: { steps: 100, seconds: 2.5 } };
 * ```
 */
export interface CheckpointTail {
  /** Training done so far. */
  progress: { steps: number; seconds: number };
  /** The source's spec when it has one (informational). */
  source?: unknown;
}

/**
 * The envelope of a checkpoint of a network-based estimator (R2D2, NERD, EBRD): the tags, the resolved config, the
 * network's weights and Adam state, the random streams `R`, and the {@link CheckpointTail}.
 *
 * @example
 * ```ts
 * import type { NetworkCheckpoint } from '@ratedistortion/estimators';
 * const layers = (c: NetworkCheckpoint<string, string, { dim: number }, object>) => c.weights.length;
 * ```
 */
export interface NetworkCheckpoint<F extends string, M extends string, C, R> extends CheckpointTail {
  format: F;
  version: number;
  method: M;
  /** The resolved configuration. */
  config: C;
  /** Network weights (base64 float32), in the network's parameter order. */
  weights: string[];
  /** The network's Adam state. */
  optimizer: AdamStateJson;
  /** The states of the estimator's random streams. */
  rng: R;
}

function isRandomState(s: unknown): boolean {
  return s != null && typeof s === 'object';
}

function assertBase64List(value: unknown, name: string): void {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string'))
    throw new InvalidParameterError(name, 'an array of base64 strings', value);
}

/**
 * Parse (if given text) and check the envelope of an estimator checkpoint: the tags (see `readCheckpoint`, which
 * also takes a run checkpoint apart), `config` an object, `weights` and `optimizer` (`{ step, m, v }`, base64
 * strings) when `kind.network`, every stream of `kind.streams` under `rng`, and `progress` as `{ steps, seconds }`.
 * Throws an `InvalidParameterError` naming the first malformed field (`checkpoint.optimizer`, `checkpoint.rng`,
 * ...). The estimator's own fields are left to its parser.
 *
 * @example
 * ```ts
 * import { parseCheckpointEnvelope } from '@ratedistortion/estimators';
 * const kind = { format: 'ratedistortion/toy-checkpoint', version: 1, name: 'toy', streams: ['train'] };
 * const c = parseCheckpointEnvelope(
 *   { format: kind.format, version: 1, config: { dim: 1 }, rng: { train: {} }, progress: { steps: 3, seconds: 0.1 } },
 *   kind,
 * );
 * console.log(c.progress); // { steps: 3, seconds: 0.1 }
 * try { parseCheckpointEnvelope({ format: kind.format, version: 1, config: {}, rng: {} }, kind); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function parseCheckpointEnvelope(
  input: unknown,
  kind: CheckpointEnvelopeKind,
): Record<string, unknown> & CheckpointTail {
  const c = readCheckpoint(input, kind);
  if ((kind.config ?? true) && (c.config == null || typeof c.config !== 'object' || Array.isArray(c.config)))
    throw new InvalidParameterError('checkpoint.config', 'an object', c.config);
  if (kind.network) {
    assertBase64List(c.weights, 'checkpoint.weights');
    const o = c.optimizer as Partial<AdamStateJson> | null | undefined;
    if (o == null || typeof o !== 'object' || !Number.isInteger(o.step) || (o.step as number) < 0)
      throw new InvalidParameterError('checkpoint.optimizer', '{ step: integer >= 0, m, v }', o);
    assertBase64List(o.m, 'checkpoint.optimizer.m');
    assertBase64List(o.v, 'checkpoint.optimizer.v');
  }
  const rng = c.rng as Record<string, unknown> | null | undefined;
  const nullable = kind.nullableStreams ?? [];
  const streamOk = (s: string) => rng != null && (isRandomState(rng[s]) || (nullable.includes(s) && rng[s] === null));
  if (rng == null || typeof rng !== 'object' || !kind.streams.every(streamOk))
    throw new InvalidParameterError('checkpoint.rng', `{ ${kind.streams.join(', ')} } generator states`, rng);
  const p = c.progress as Partial<CheckpointTail['progress']> | null | undefined;
  if (p == null || !Number.isInteger(p.steps) || (p.steps as number) < 0 || !((p.seconds as number) >= 0))
    throw new InvalidParameterError('checkpoint.progress', '{ steps: integer >= 0, seconds >= 0 }', p);
  return c as Record<string, unknown> & CheckpointTail;
}

/**
 * An Adam state as it goes into a checkpoint (moments as exact base64 float32).
 *
 * @example
 * ```ts
 * import { adamStateToJson } from '@ratedistortion/estimators';
 * console.log(adamStateToJson({ step: 2, m: [new Float32Array([1])], v: [new Float32Array([4])] }));
 * ```
 */
export function adamStateToJson(state: AdamState): AdamStateJson {
  return { step: state.step, m: state.m.map(encodeFloats), v: state.v.map(encodeFloats) };
}

/**
 * Restore `optimizer` from a checkpoint's {@link AdamStateJson} (a malformed moment is named, e.g.
 * `optimizer.m[0]`).
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { Adam, adamStateToJson, restoreAdamState } from '@ratedistortion/estimators';
 * const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
 * const a = new Adam([w], { learningRate: 0.1 });
 * restoreAdamState(a, adamStateToJson({ step: 3, m: [new Float32Array([1, 1])], v: [new Float32Array([2, 2])] }));
 * console.log(a.getState().step); // 3
 * a.dispose();
 * w.dispose();
 * ```
 */
export function restoreAdamState(optimizer: Adam, state: AdamStateJson): void {
  optimizer.setState({
    step: state.step,
    m: state.m.map((w, i) => decodeFloat32(w, `optimizer.m[${i}]`)),
    v: state.v.map((w, i) => decodeFloat32(w, `optimizer.v[${i}]`)),
  });
}

/**
 * The `weights` and `optimizer` fields of a network estimator's checkpoint: the weights as exact base64 float32 and
 * the Adam state ({@link adamStateToJson}).
 *
 * @example
 * ```ts
 * import { tf } from '@ratedistortion/core';
 * import { Adam, networkStateToJson } from '@ratedistortion/estimators';
 * const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
 * const adam = new Adam([w], { learningRate: 0.1 });
 * console.log(networkStateToJson([new Float32Array([1, 2])], adam).optimizer.step); // 0
 * adam.dispose();
 * w.dispose();
 * ```
 */
export function networkStateToJson(
  weights: Float32Array[],
  optimizer: Adam,
): { weights: string[]; optimizer: AdamStateJson } {
  return { weights: weights.map(encodeFloats), optimizer: adamStateToJson(optimizer.getState()) };
}

/**
 * Restore a network's weights and its Adam state from a checkpoint's `weights` and `optimizer` (a malformed entry is
 * named, e.g. `weights[2]`).
 *
 * @example
 * ```ts
 * import { createMlp, Random, tf } from '@ratedistortion/core';
 * import { Adam, networkStateToJson, restoreNetworkState } from '@ratedistortion/estimators';
 * const make = (seed: number) => createMlp({ inputDim: 1, hidden: [4], outputDim: 1, rng: new Random(seed) });
 * const [a, b] = [make(1), make(2)];
 * const [adamA, adamB] = [a, b].map((n) => tf.tidy(() => new Adam(n.params, { learningRate: 0.1 }) as never) as Adam);
 * restoreNetworkState(b, adamB, networkStateToJson(a.getWeights(), adamA));
 * console.log(Array.from(b.getWeights()[0]).join() === Array.from(a.getWeights()[0]).join()); // true
 * for (const x of [a, b, adamA, adamB]) x.dispose();
 * ```
 */
export function restoreNetworkState(
  network: { setWeights(weights: Float32Array[]): void },
  optimizer: Adam,
  state: { weights: string[]; optimizer: AdamStateJson },
): void {
  network.setWeights(state.weights.map((w, i) => decodeFloat32(w, `weights[${i}]`)));
  restoreAdamState(optimizer, state.optimizer);
}

/**
 * The {@link CheckpointTail} of an estimator: its life totals and, when `source.toSpec` exists and succeeds, the
 * source's spec (a spec that cannot be produced is left out: it is informational).
 *
 * @example
 * ```ts
 * import { checkpointTail } from '@ratedistortion/estimators';
 * console.log(checkpointTail({ toSpec: () => ({ kind: 'gaussian', dim: 1 }) }, 10, 0.5));
 * ```
 */
export function checkpointTail(source: { toSpec?(): unknown }, steps: number, seconds: number): CheckpointTail {
  let spec: unknown;
  try {
    spec = source.toSpec?.();
  } catch {
    spec = undefined;
  }
  return { progress: { steps, seconds }, ...(spec !== undefined ? { source: spec } : {}) };
}
