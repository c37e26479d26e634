// The switch every wasm kernel replacement of this folder shares (the matMul guard, the sharing Identity, the heap
// transpose): remember tfjs-wasm's stock kernels the first time, and swap the replacements in or the stock kernels
// back. Not part of the public API.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidParameterError } from '../errors/errors.js';

/** A replacement for some of tfjs-wasm's kernels, built from the stock kernel it stands in for. */
export interface WasmKernelSwitch {
  /**
   * Install the replacements (`true`) or the stock kernels (`false`). Throws InvalidParameterError for a
   * non-boolean; does nothing before tfjs-backend-wasm is loaded (no stock kernel to replace yet). `beforeSwap`
   * runs once the stock kernels are known, even when nothing changes.
   */
  set(enabled: boolean, beforeSwap?: () => void): void;
  /** Whether the replacements are installed. */
  readonly active: boolean;
}

/** A switch for the wasm kernels `names`, each replaced by `replacement(its stock kernel)`. */
export function wasmKernelSwitch(
  names: readonly string[],
  replacement: (stock: tf.KernelConfig) => tf.KernelConfig,
): WasmKernelSwitch {
  const stocks = new Map<string, tf.KernelConfig>();
  let active = false;
  return {
    set(enabled: boolean, beforeSwap?: () => void): void {
      if (typeof enabled !== 'boolean') throw new InvalidParameterError('enabled', 'true or false', enabled);
      for (const name of names) {
        if (stocks.has(name)) continue;
        const stock = tf.getKernel(name, 'wasm');
        if (stock === undefined) return;
        stocks.set(name, stock);
      }
      beforeSwap?.();
      if (enabled === active) return;
      for (const name of names) {
        const stock = stocks.get(name) as tf.KernelConfig;
        tf.unregisterKernel(name, 'wasm');
        tf.registerKernel(enabled ? replacement(stock) : stock);
      }
      active = enabled;
    },
    get active(): boolean {
      return active;
    },
  };
}
