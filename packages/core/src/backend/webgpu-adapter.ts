// What the library knows of a WebGPU adapter: the identity Dawn reports (vendor, architecture, device,
// description) and whether it is a software rasteriser (Mesa's llvmpipe/lavapipe, SwiftShader, Microsoft's WARP),
// which computes correctly but slower than the wasm backend, so `useBackend('auto')` skips it.

/**
 * The WebGPU adapter a `'webgpu'` backend runs on, as reported by Dawn's `GPUAdapterInfo`.
 *
 * @example
 * ```ts
 * import type { WebGpuAdapterDetails } from '@ratedistortion/core';
 * const a: WebGpuAdapterDetails = {
 *   vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', software: true,
 * };
 * ```
 */
export interface WebGpuAdapterDetails {
  /** Vendor name, e.g. `'nvidia'`, `'amd'`, `'apple'`, `'mesa'` (may be empty). */
  vendor: string;
  /** Architecture, e.g. `'ampere'` or `'software'` (may be empty). */
  architecture: string;
  /** Device name (may be empty). */
  device: string;
  /** Driver's description, e.g. `'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)'` (may be empty). */
  description: string;
  /** A software adapter (CPU rasteriser): Dawn's `isFallbackAdapter`, or a known software driver's name. */
  software: boolean;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b/i;

/** Read Dawn's adapter info into {@link WebGpuAdapterDetails}; fields it lacks become empty strings. */
export function adapterDetails(info: unknown): WebGpuAdapterDetails {
  const record = (info ?? {}) as Record<string, unknown>;
  const text = (key: string): string => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const details = {
    vendor: text('vendor'),
    architecture: text('architecture'),
    device: text('device'),
    description: text('description'),
  };
  const software =
    record.isFallbackAdapter === true ||
    details.architecture.toLowerCase() === 'software' ||
    SOFTWARE_NAMES.test(`${details.vendor} ${details.device} ${details.description}`);
  return { ...details, software };
}

/**
 * One line naming an adapter: its description (or vendor and device) and `software` when it is one.
 *
 * @example
 * ```ts
 * import { describeWebGpuAdapter } from '@ratedistortion/core';
 * const line = describeWebGpuAdapter({
 *   vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', software: true,
 * });
 * console.log(line); // llvmpipe: Mesa 25.0.7 (vendor mesa, software adapter)
 * ```
 */
export function describeWebGpuAdapter(a: WebGpuAdapterDetails): string {
  const name = a.description || [a.device, a.architecture].filter((s) => s.length > 0).join(' ') || 'unnamed adapter';
  const extra = [a.vendor ? `vendor ${a.vendor}` : '', a.software ? 'software adapter' : 'hardware adapter'].filter(
    (s) => s.length > 0,
  );
  return `${name} (${extra.join(', ')})`;
}
