// A wasm `Identity` kernel that shares its input's buffer (one more reference) instead of copying it, as the cpu
// backend's does. tfjs-core clones every tensor a kernel saves for the backward pass through Identity, and
// tfjs-wasm's kernel copies the data: a training step of R2D2's controller (d = 1, batch 512, 100 Euler steps)
// makes ≈ 2,450 such copies, 400 of them 512 × 128. tfjs tensors are immutable and every buffer is reference
// counted (Reshape already shares buffers the same way), so a shared clone reads the same values as a copy.
// The one wasm component that cannot tell two users of a buffer apart is the matMul kernels' operator cache;
// sharing made it serve a product a stale operator (losses changed from the second training step, NaN
// gradients by the fifth), which is why this kernel is installed only together with the guard of
// wasm-matmul-guard.ts. With the guard, training is bit-identical to the copying kernel (wasm-shared-identity.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../errors/errors.js';
import { wasmKernelSwitch } from './wasm-kernel-switch.js';
import { useWasmMatMulGuard } from './wasm-matmul-guard.js';

/** The parts of tfjs-wasm's backend object this kernel uses. */
interface RefCountingBackend {
  incRef(dataId: unknown): void;
}

const sharedIdentityKernel = (fallback: tf.KernelConfig): tf.KernelConfig => ({
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    if (x.dtype === 'string') return fallback.kernelFunc(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
});

const sharing = wasmKernelSwitch([tf.Identity], sharedIdentityKernel);

/**
 * Let the wasm backend's `Identity` kernel (tfjs's clone, e.g. of every tensor saved for a gradient) share its
 * input's buffer (`true`) or copy it as tfjs-wasm does (`false`). Turning it on also turns on
 * {@link useWasmMatMulGuard}, which sharing needs. `useBackend('wasm')` turns it on. Throws
 * {@link InvalidParameterError} for a non-boolean; does nothing before tfjs-backend-wasm is loaded.
 *
 * @example
 * ```ts
 * import { tf, useBackend, useWasmSharedIdentity } from '@ratedistortion/core';
 * await useBackend('wasm'); // installs the sharing Identity
 * const x = tf.tensor1d([1, 2, 3]);
 * const y = tf.clone(x); // no copy: y shares x's buffer
 * x.dispose(); // y keeps the buffer alive
 * console.log(Array.from(y.dataSync())); // [1, 2, 3]
 * y.dispose();
 * useWasmSharedIdentity(false); // back to tfjs-wasm's copying kernel
 * useWasmSharedIdentity(true);
 * ```
 */
export function useWasmSharedIdentity(enabled: boolean): void {
  sharing.set(enabled, () => {
    if (enabled) useWasmMatMulGuard(true);
  });
}

/**
 * Whether {@link useWasmSharedIdentity} is in effect.
 *
 * @example
 * ```ts
 * import { useBackend, wasmSharedIdentityActive } from '@ratedistortion/core';
 * await useBackend('wasm');
 * console.log(wasmSharedIdentityActive()); // true
 * ```
 */
export function wasmSharedIdentityActive(): boolean {
  return sharing.active;
}
