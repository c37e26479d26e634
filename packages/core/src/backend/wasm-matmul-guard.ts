// A guard around tfjs-wasm's matrix products. tfjs-backend-wasm 4.22 runs an untransposed, unbatched product
// through an XNNPACK fully-connected operator into which it packs the values of `b` (and the bias), and caches
// that operator under the key (buffer id of b, buffer id of the bias, activation), until one of the two buffers
// is freed. The key leaves out b's shape. A buffer can carry several shapes, because Reshape shares the input's
// buffer: after x [6, 1] has been the `b` of a product, a product with `reshape(x, [1, 6])` as `b` reuses the
// operator packed for a 6 × 1 `b` and returns wrong values without an error (regression test in
// wasm-matmul-guard.test.ts). The guard gives such a `b` a fresh buffer: when the shape b has in this product
// differs from the shape its buffer was created with, b is copied first (a temporary, freed right after the
// product, which also drops its cached operator). The library's own gradient rules take that path where a
// transpose with a length-1 axis is done as a reshape (matmul-gradient.ts), so without the guard a product could
// read a stale operator wherever such a view and the original buffer both meet the kernel as `b`. A copy is
// only ever made of a reshaped view, so an ordinary product pays one map look-up.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../errors/errors.js';
import { wasmKernelSwitch } from './wasm-kernel-switch.js';

/** The parts of tfjs-wasm's backend object the guard uses (tensor buffers are ranges of the wasm heap). */
interface WasmBufferBackend {
  dataIdMap: { get(dataId: unknown): { shape: number[] } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: unknown): boolean;
}

/** [batch, rows, cols] of a shape read as a (batch of) matrices, as the wasm kernel reads `b`. */
function asMatrix(shape: readonly number[]): [number, number, number] {
  const r = shape.length;
  const rows = r >= 2 ? shape[r - 2] : 1;
  const cols = r >= 1 ? shape[r - 1] : 1;
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= shape[i];
  return [batch, rows, cols];
}

/**
 * Whether `shape` reads a buffer created with shape `registered` as the same matrix ([batch, rows, cols], a rank-1
 * shape as one row): the condition under which tfjs-wasm's operator cache, keyed by the buffer alone, is right.
 *
 * @example
 * ```ts
 * import { sameMatrixLayout } from '@ratedistortion/core';
 * console.log(sameMatrixLayout([1, 6, 4], [6, 4])); // true: a batch of one 6 × 4 matrix
 * console.log(sameMatrixLayout([1, 6], [6, 1])); // false: a row read from a column's buffer
 * ```
 */
export function sameMatrixLayout(shape: readonly number[], registered: readonly number[]): boolean {
  const a = asMatrix(shape);
  const b = asMatrix(registered);
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

const guardedKernel = (stock: tf.KernelConfig): tf.KernelConfig => ({
  ...stock,
  kernelFunc: (args) => {
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const b = inputs.b;
    const backend = args.backend as unknown as WasmBufferBackend;
    const registered = b === undefined ? undefined : backend.dataIdMap.get(b.dataId)?.shape;
    if (registered === undefined || sameMatrixLayout(b.shape, registered)) return stock.kernelFunc(args);
    const copy = backend.makeOutput(b.shape, b.dtype);
    // Views are taken after the allocation: growing the heap detaches views made before it.
    backend.typedArrayFromHeap(copy).set(backend.typedArrayFromHeap(b));
    try {
      return stock.kernelFunc({ ...args, inputs: { ...inputs, b: copy } } as typeof args);
    } finally {
      backend.disposeData(copy.dataId);
    }
  },
});

const guard = wasmKernelSwitch([tf.BatchMatMul, tf._FusedMatMul], guardedKernel);

/**
 * Route tfjs-wasm's `BatchMatMul` and `_FusedMatMul` kernels through the guard of this file's header (`true`), or
 * back to the stock kernels (`false`, for the regression test). `useBackend('wasm')` turns it on. Throws
 * {@link InvalidParameterError} for a non-boolean; does nothing before tfjs-backend-wasm is loaded.
 *
 * @example
 * ```ts
 * import { tf, useBackend, useWasmMatMulGuard } from '@ratedistortion/core';
 * await useBackend('wasm'); // installs the guard
 * const x = tf.tensor2d([[1], [2], [3]]);
 * tf.tidy(() => tf.matMul(tf.ones([1, 3]), x)).dispose(); // x is the 3 × 1 `b` of a product
 * const y = tf.tidy(() => tf.matMul(tf.tensor2d([[2]]), tf.reshape(x, [1, 3]))); // the same buffer as a 1 × 3 `b`
 * console.log(Array.from(y.dataSync())); // [2, 4, 6] (the stock kernels: [2, 0, 0])
 * tf.dispose([x, y]);
 * useWasmMatMulGuard(true); // already on: nothing changes
 * ```
 */
export function useWasmMatMulGuard(enabled: boolean): void {
  guard.set(enabled);
}

/**
 * Whether {@link useWasmMatMulGuard} is in effect.
 *
 * @example
 * ```ts
 * import { useBackend, wasmMatMulGuardActive } from '@ratedistortion/core';
 * await useBackend('wasm');
 * console.log(wasmMatMulGuardActive()); // true
 * ```
 */
export function wasmMatMulGuardActive(): boolean {
  return guard.active;
}
