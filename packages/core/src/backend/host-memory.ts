// Backends differ in where tensors live: cpu, wasm and native TensorFlow keep them in host memory, so a synchronous
// read (dataSync) is cheap; webgpu keeps them on the device, and in Node (no OffscreenCanvas) it can only read
// them back asynchronously. Code that reads mid-graph asks here which kind of backend is active.
import { tf } from './tf.js';
import { InvalidParameterError, RateDistortionError } from '../errors/errors.js';
import { webGpuDataIds } from './webgpu-backend.js';

/** tfjs backends whose tensors live on a device (webgl is tfjs's browser GPU backend, not selectable here). */
const DEVICE_BACKENDS = new Set(['webgpu', 'webgl']);

/**
 * Whether the active tfjs backend keeps tensors in host memory (cpu, wasm, node, node-gpu: synchronous reads work)
 * rather than on a device (webgpu: only `await tensor.data()` reads, see {@link downloadDeviceTensors}).
 *
 * @example
 * ```ts
 * import { onHostMemoryBackend, useBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(onHostMemoryBackend()); // true
 * ```
 */
export function onHostMemoryBackend(): boolean {
  // Before any tensor, tfjs has chosen no backend yet (it will pick cpu): host memory.
  return !DEVICE_BACKENDS.has(tf.getBackend());
}

interface DeviceTensorMap {
  has(id: object): boolean;
  get(id: object): { refCount: number; values: unknown };
}

/**
 * Download every live tensor of a device backend (webgpu) to the host and keep the copies, so that synchronous
 * reads of them (`dataSync`, a checkpoint, an evaluation run on a host backend with {@link withHostBackend}) work
 * until each tensor is next written. Returns the bytes read. A no-op on host-memory backends.
 *
 * @example
 * ```ts
 * import { downloadDeviceTensors, useBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(await downloadDeviceTensors()); // 0
 * ```
 */
export async function downloadDeviceTensors(): Promise<number> {
  if (tf.getBackend() !== 'webgpu') return 0;
  const backend = tf.backend() as tf.KernelBackend & { tensorMap: DeviceTensorMap };
  // Only live tensors whose values are on the device alone (ids awaiting disposal have refCount 0).
  const ids = Array.from(webGpuDataIds()).filter((id) => {
    if (!backend.tensorMap.has(id)) return false;
    const t = backend.tensorMap.get(id);
    return t.refCount > 0 && t.values == null;
  });
  const values = await Promise.all(ids.map((id) => backend.read(id)));
  return values.reduce<number>((s, v) => s + ((v as ArrayBufferView).byteLength ?? 0), 0);
}

/**
 * Run `fn` synchronously on a host-memory backend (wasm when it is loaded, else cpu) when a device backend is
 * active, then switch back; on a host-memory backend, just run `fn`. Tensors `fn` uses move to the host backend
 * (reading them needs {@link downloadDeviceTensors} first) and move back to the device on their next use there.
 * Used for evaluations, which read every rollout back in float64.
 *
 * @example
 * ```ts
 * import { withHostBackend, tf, useBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(withHostBackend(() => tf.getBackend())); // cpu
 * ```
 */
export function withHostBackend<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new InvalidParameterError('fn', 'a function', fn);
  if (onHostMemoryBackend()) return fn();
  const device = tf.getBackend();
  const host = tf.engine().registry.wasm !== undefined ? 'wasm' : 'cpu';
  switchNow(host);
  try {
    return fn();
  } catch (e) {
    throw deviceReadError(e);
  } finally {
    switchNow(device);
  }
}

/**
 * A synchronous read of a tensor whose values are only on the device fails inside tfjs-webgpu with "OffscreenCanvas
 * is not defined" (its synchronous read path exists in browsers only); said plainly, with the remedy.
 */
function deviceReadError(e: unknown): unknown {
  if (!(e instanceof ReferenceError) || !/OffscreenCanvas/.test(e.message)) return e;
  return new RateDistortionError(
    'DEVICE_READ',
    'a synchronous read of a tensor that lives only on the webgpu device: in Node, WebGPU reads back asynchronously. ' +
      'Call `await downloadDeviceTensors()` (from @ratedistortion/core) first; training does it when it ends.',
  );
}

/** tf.setBackend completes synchronously for a backend that is already initialised; checked, not assumed. */
function switchNow(name: string): void {
  void tf.setBackend(name);
  if (tf.getBackend() !== name) throw new Error(`could not switch to the initialised '${name}' backend synchronously`);
}
