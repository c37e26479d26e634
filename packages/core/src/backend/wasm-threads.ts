// tfjs-backend-wasm's threaded build in Node: XNNPACK's kernels (matrix products, the fused dense layers) on a pool
// of threads. tfjs ships the build but turns it off in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there)
// and its loader would hand the pthread workers Blob URLs, which Node's worker_threads cannot start. So in Node
// this module builds the emscripten module itself: the glue script and the threaded binary from the installed
// package, the workers from wasm-pthread-worker.cjs, and tfjs's own BackendWasm on top, registered as 'wasm'.
//
// XNNPACK splits a product over tiles of its output, never over the terms of a sum, so every element is summed in
// the same order on any number of threads: results are bit-identical for every thread count (wasm-threads.test.ts),
// and a machine-dependent default cannot change a seeded run's numbers.
import { InvalidParameterError } from '../errors/errors.js';
import { tf } from './tf.js';

/**
 * Most threads the wasm backend's pool can have: tfjs's build starts 8 pthread workers and caps its pool there.
 *
 * @example
 * ```ts
 * import { MAX_WASM_THREADS } from '@ratedistortion/core';
 * console.log(MAX_WASM_THREADS); // 8
 * ```
 */
export const MAX_WASM_THREADS = 8;

/**
 * The environment variable that sets the default of `useBackend`'s `wasmThreads` in Node, as OMP_NUM_THREADS does
 * for OpenMP: a count in [1, 8] or `auto`.
 *
 * @example
 * ```ts
 * import { WASM_THREADS_ENV } from '@ratedistortion/core';
 * console.log(WASM_THREADS_ENV); // RATEDISTORTION_WASM_THREADS
 * ```
 */
export const WASM_THREADS_ENV = 'RATEDISTORTION_WASM_THREADS';

/**
 * Narrowest widest layer for which the default thread count takes the available cores. Threads pay for wide
 * products only (R2D2's step on two cores of the development machine, 2026-12-04: 0.73× one thread's speed at 2×64,
 * 1.34× at 2×128, 1.97× at 2×256; docs/speed.md, "Kernel threads").
 *
 * @example
 * ```ts
 * import { WIDE_NETWORK } from '@ratedistortion/core';
 * console.log(WIDE_NETWORK); // 128
 * ```
 */
export const WIDE_NETWORK = 128;

/**
 * The thread count of the wasm backend for a `wasmThreads` option: a number as given, `'auto'` the available cores
 * (`os.availableParallelism()`, at most {@link MAX_WASM_THREADS}). Unset: the environment variable
 * `RATEDISTORTION_WASM_THREADS` (a number or `auto`), else `'auto'` for a network at least {@link WIDE_NETWORK}
 * wide (`networkWidth`: its widest layer) and 1 otherwise, or when no network is given. Throws a typed error naming
 * the option (or the variable) for anything but `'auto'` or an integer in [1, 8].
 *
 * @example
 * ```ts
 * import { resolveWasmThreads } from '@ratedistortion/core';
 * console.log(resolveWasmThreads(2), resolveWasmThreads('auto') >= 1); // 2 true
 * console.log(resolveWasmThreads(undefined, 4, 64), resolveWasmThreads(undefined, 4, 256)); // 1 4 (variable unset)
 * ```
 */
export function resolveWasmThreads(
  requested?: number | 'auto',
  cores: number = availableCores(),
  networkWidth?: number,
): number {
  let value: unknown = requested;
  let name = 'wasmThreads';
  if (value === undefined) {
    const env = typeof process !== 'undefined' ? process.env?.[WASM_THREADS_ENV] : undefined;
    if (env !== undefined && env !== '') {
      name = WASM_THREADS_ENV;
      value = env === 'auto' ? 'auto' : /^\d+$/.test(env) ? Number(env) : env;
    } else value = networkWidth !== undefined && networkWidth >= WIDE_NETWORK ? 'auto' : 1;
  }
  if (value === 'auto') return Math.max(1, Math.min(cores, MAX_WASM_THREADS));
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS)
    throw new InvalidParameterError(name, `'auto' or an integer in [1, ${MAX_WASM_THREADS}]`, value);
  return value;
}

/** Cores this process may use: Node's availableParallelism where node:os can be had synchronously, else 1. */
function availableCores(): number {
  const p = typeof process !== 'undefined' ? (process as { getBuiltinModule?: (id: string) => unknown }) : undefined;
  const os = p?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  return os ? coresOf(os) : 1;
}

/** @internal The cores node:os reports this process may use. */
export function coresOf(os: typeof import('node:os')): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** The emscripten module's parts used here (its PThread pool holds the worker threads). */
interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: { unref(): void; terminate(): void }[]; runningWorkers: { unref(): void }[] };
  tfjs?: unknown;
}

/**
 * @internal Register, as tfjs's 'wasm' backend, the threaded build with `threads` threads (Node only; see the file comment).
 * `resolve` resolves package files from the core package. Returns a function that puts back the registration it
 * replaced (used when the threaded build fails to start).
 */
export function registerNodeThreadedWasm(
  wasm: WasmPackage,
  threads: number,
  resolve: (id: string) => string,
  requireCjs: (id: string) => unknown,
): () => void {
  // The CommonJS module object (the glue's require('os') gets the same one), whose cpus can be replaced.
  const os = requireCjs('node:os') as typeof import('node:os');
  const glue = resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const binary = resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm');
  const pkgJson = resolve('@ratedistortion/core/package.json');
  const worker = `${pkgJson.slice(0, -'package.json'.length)}src/backend/wasm-pthread-worker.cjs`;
  const factory = requireCjs(glue) as (config: object) => Promise<ThreadedModule>;
  const engine = tf.engine() as unknown as {
    registryFactory: Record<string, { factory: () => unknown; priority: number }>;
  };
  const previous = engine.registryFactory.wasm;
  wasm.setThreadsCount(threads);
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      // tfjs's C++ caps the pool at half of emscripten_num_logical_cores() (it assumes two hardware threads per
      // core), which in Node is os.cpus().length, read once while the module starts: report 2 × threads meanwhile.
      const cpus = os.cpus;
      os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
      let mod: ThreadedModule;
      try {
        mod = await factory({
          locateFile: (file: string) => (file.endsWith('.worker.js') ? worker : binary),
          mainScriptUrlOrBlob: glue,
        });
      } finally {
        os.cpus = cpus;
      }
      mod.tfjs = {
        init: mod.cwrap('init', null, []),
        initWithThreadsCount: mod.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: mod.cwrap('get_threads_count', 'number', []),
        registerTensor: mod.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: mod.cwrap('dispose_data', null, ['number']),
        dispose: mod.cwrap('dispose', null, []),
      };
      const backend = new wasm.BackendWasm(mod as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
      // The pool's threads wait for work between kernels; they must not keep a finished script's process alive.
      for (const w of mod.PThread.runningWorkers) w.unref();
      // The build starts 8 workers whatever the count; tfjs makes its pool once, so the rest would only hold memory
      // (≈ 12 MiB each: 302 → 215 MiB resident after loading 2 threads). A later thread would start a new worker.
      for (const w of mod.PThread.unusedWorkers) w.terminate();
      mod.PThread.unusedWorkers.length = 0;
      return backend;
    },
    previous?.priority ?? 2,
  );
  return () => {
    tf.removeBackend('wasm');
    if (previous) tf.registerBackend('wasm', previous.factory as () => tf.KernelBackend, previous.priority);
  };
}
