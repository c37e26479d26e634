// A float32 matrix transpose for the wasm backend, written in JavaScript on the wasm heap. tfjs-wasm's Transpose
// kernel is generic over rank and dtype and takes ~0.45 ms for a 512 × 128 matrix; a plain double loop over
// Float32Array views of the same heap takes about half that, and a training step of R2D2's controller
// transposes one batch-sized activation per layer and time step for the weight gradient (13–16 % of the
// step's CPU time measured with benchmarks/speed). Transposition moves values without arithmetic, so results
// are bit-identical. Stacks of matrices (rank 3, the last two axes swapped: R2D2's [1, n, d] states at d > 1) take
// the same loop per matrix. Every other case (other ranks, permutations or dtypes) goes to the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../errors/errors.js';
import { wasmKernelSwitch } from './wasm-kernel-switch.js';

/** The parts of tfjs-wasm's backend object this kernel uses (tensor buffers are ranges of the wasm heap). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

const heapTransposeKernel = (fallback: tf.KernelConfig): tf.KernelConfig => ({
  kernelName: tf.Transpose,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const perm = (args.attrs as unknown as { perm: number[] }).perm;
    // A matrix, or a stack of matrices with their last two axes swapped (rank 3, perm [0, 2, 1]).
    const matrix = x.shape.length === 2 && perm[0] === 1 && perm[1] === 0;
    const stack = x.shape.length === 3 && perm[0] === 0 && perm[1] === 2 && perm[2] === 1;
    if (x.dtype !== 'float32' || !(matrix || stack)) return fallback.kernelFunc(args);
    const [batch, rows, cols] = matrix ? [1, x.shape[0], x.shape[1]] : x.shape;
    const backend = args.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(matrix ? [cols, rows] : [batch, cols, rows], 'float32');
    // Views are taken after the allocation: growing the heap detaches views made before it.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let b = 0, base = 0; b < batch; b++, base += rows * cols) {
      for (let i = 0; i < rows; i++) {
        const row = base + i * cols;
        for (let j = 0; j < cols; j++) dst[base + j * rows + i] = src[row + j];
      }
    }
    return out;
  },
});

const heapTranspose = wasmKernelSwitch([tf.Transpose], heapTransposeKernel);

/**
 * Route float32 transposes of matrices (and of the last two axes of rank-3 stacks) on the wasm backend through a
 * JavaScript loop on the wasm heap (`true`) or tfjs-wasm's own kernel (`false`). `useBackend('wasm')` turns it on; the switch is for benchmarks and checks.
 * Throws {@link InvalidParameterError} for a non-boolean; does nothing before tfjs-backend-wasm is loaded.
 *
 * @example
 * ```ts
 * import { tf, useBackend, useWasmHeapTranspose } from '@ratedistortion/core';
 * await useBackend('wasm'); // installs the heap transpose
 * useWasmHeapTranspose(false); // back to tfjs-wasm's Transpose kernel
 * console.log(tf.tidy(() => Array.from(tf.transpose(tf.tensor2d([[1, 2, 3]])).dataSync()))); // [1, 2, 3]
 * useWasmHeapTranspose(true);
 * ```
 */
export function useWasmHeapTranspose(enabled: boolean): void {
  heapTranspose.set(enabled);
}

/**
 * Whether {@link useWasmHeapTranspose} is in effect.
 *
 * @example
 * ```ts
 * import { useBackend, wasmHeapTransposeActive } from '@ratedistortion/core';
 * await useBackend('wasm');
 * console.log(wasmHeapTransposeActive()); // true
 * ```
 */
export function wasmHeapTransposeActive(): boolean {
  return heapTranspose.active;
}
