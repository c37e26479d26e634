// Helpers shared by the gradient rules of this folder and by core/nn's dense layer (not part of the public API).
import * as tf from '@tensorflow/tfjs-core';
import { swapLastAxesTf as swapLast } from './swap-last-axes.js';

/** Elements a swap of the last two axes of `shape` copies (0 when it is a reshape). */
function swapCost(shape: number[]): number {
  const r = shape.length;
  return shape[r - 2] === 1 || shape[r - 1] === 1 ? 0 : shape.reduce((p, x) => p * x, 1);
}

const plain = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b, false, false);

/**
 * op(x)·op(y) (op = swap of the last two axes where the flag is set) with untransposed matMuls only, by
 * whichever of two identities copies fewer elements: op(x)·op(y) with the flagged operands transposed, or
 * (op(y)ᵀ·op(x)ᵀ)ᵀ with the unflagged operands and the product transposed. E.g. the weight gradient hᵀ·du
 * of an output layer (h: 512 × 128, du: 512 × 1) becomes (duᵀ·h)ᵀ: two reshapes instead of a 512 × 128
 * transpose.
 */
export function product(x: tf.Tensor, tx: boolean, y: tf.Tensor, ty: boolean): tf.Tensor {
  // The explicit transposes pay on the CPU backends (wasm's matMul with transpose flags is the slow path). A device
  // backend (webgpu) reads either operand layout in the matMul shader itself, so each transpose would only add a
  // dispatch and a copy: the flags go to the kernel.
  if (tf.getBackend() === 'webgpu') return tf.matMul(x, y, tx, ty);
  const r = x.rank;
  const rows = tx ? x.shape[r - 1] : x.shape[r - 2];
  const cols = ty ? y.shape[r - 2] : y.shape[r - 1];
  const outShape = [...x.shape.slice(0, r - 2), rows, cols];
  const direct = (tx ? swapCost(x.shape) : 0) + (ty ? swapCost(y.shape) : 0);
  const swapped = (tx ? 0 : swapCost(x.shape)) + (ty ? 0 : swapCost(y.shape)) + swapCost(outShape);
  if (direct <= swapped) return plain(tx ? swapLast(x) : x, ty ? swapLast(y) : y);
  return swapLast(plain(ty ? y : swapLast(y), tx ? x : swapLast(x)));
}
