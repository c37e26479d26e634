// Backend selection. WASM is the library's default compute backend: ~10× faster than the pure-JS cpu
// backend and installed with the package, so it must load its .wasm binary from node_modules with no
// network. The native TensorFlow backends are optional peer dependencies and WebGPU's packages optional
// dependencies, loaded only when asked for.
import { tf } from './tf.js';
import { BackendUnavailableError, InvalidParameterError } from '../errors/errors.js';
import { useWasmMatMulGuard } from './wasm-matmul-guard.js';
import { useWasmSharedIdentity } from './wasm-shared-identity.js';
import { useWasmHeapTranspose } from './wasm-transpose.js';
import { denoReadDenied, wasmUnavailable } from './wasm-unavailable.js';
import { coresOf, registerNodeThreadedWasm, resolveWasmThreads } from './wasm-threads.js';
import { describeWebGpuAdapter, type WebGpuAdapterDetails } from './webgpu-adapter.js';
import { loadedWebGpuAdapter, loadWebGpu, probeWebGpuAdapter } from './webgpu-backend.js';

/**
 * Backends the library can select; `auto` picks the fastest one that loads.
 *
 * @example
 * ```ts
 * import { useBackend, type BackendName } from '@ratedistortion/core';
 * const name: BackendName = await useBackend('auto');
 * ```
 */
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Every backend {@link useBackend} can load, the one list the CLI's `--backend`, `runCurve` and the estimators' `create` take their choices from.
 *
 * @example
 * ```ts
 * import { BACKEND_NAMES } from '@ratedistortion/core';
 * console.log(BACKEND_NAMES.join('|')); // cpu|wasm|node|node-gpu|webgpu
 * ```
 */
export const BACKEND_NAMES = ['cpu', 'wasm', 'node', 'node-gpu', 'webgpu'] as const;

/**
 * What {@link useBackend} accepts: a {@link BackendName} or `'auto'`.
 *
 * @example
 * ```ts
 * import type { BackendChoice } from '@ratedistortion/core';
 * const b: BackendChoice = 'auto';
 * ```
 */
export type BackendChoice = BackendName | 'auto';

/**
 * {@link BACKEND_NAMES} plus `'auto'`: the values of every `--backend` option.
 *
 * @example
 * ```ts
 * import { BACKEND_CHOICES } from '@ratedistortion/core';
 * console.log(BACKEND_CHOICES.join('|')); // cpu|wasm|node|node-gpu|webgpu|auto
 * ```
 */
export const BACKEND_CHOICES: readonly BackendChoice[] = [...BACKEND_NAMES, 'auto'];

/**
 * Options of {@link useBackend}.
 *
 * @example
 * ```ts
 * import { useBackend, type UseBackendOptions } from '@ratedistortion/core';
 * const opts: UseBackendOptions = { logger: console.log };
 * await useBackend('auto', opts); // logs e.g. "ratedistortion: using the 'wasm' tfjs backend (...)"
 * ```
 */
export interface UseBackendOptions {
  /**
   * Where the wasm binaries live: a folder prefix ending in `/` (URL in browsers, path in Node) or a map
   * from each binary's file name to its location, as `setWasmPaths` of `@tensorflow/tfjs-backend-wasm`
   * takes. Default in Node: the `dist/` folder of the installed package. Browser users must pass it
   * (e.g. the folder their bundler copies the `.wasm` files to) unless their bundler serves them beside
   * the script.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * Threads of the wasm backend's kernels: an integer in [1, 8] or `'auto'` (the available cores, at most 8). In Node
   * the default is the environment variable `RATEDISTORTION_WASM_THREADS`, else `'auto'` when `networkWidth` is at
   * least 128 and 1 otherwise ({@link resolveWasmThreads}); more than one thread loads tfjs's threaded build
   * (wasm-threads.ts), whose results are bit-identical for every thread count. Fixed by the process's first wasm
   * initialisation: a later call asking for another count throws. In browsers it is passed to tfjs, which threads
   * only on cross-origin-isolated pages.
   */
  wasmThreads?: number | 'auto';
  /**
   * The widest layer of the network about to train, which the default `wasmThreads` follows (threads pay for wide
   * products only). The estimators' `train` and `runCurve` pass it when they load the default backend themselves.
   */
  networkWidth?: number;
  /** Receives one informational line naming the backend chosen (used by `auto`). */
  logger?: (message: string) => void;
}

const NATIVE = {
  node: { packageName: '@tensorflow/tfjs-node', requirements: undefined },
  'node-gpu': { packageName: '@tensorflow/tfjs-node-gpu', requirements: 'CUDA 11.2 and cuDNN 8.1' },
} as const;

let wasmModulePromise: Promise<typeof import('@tensorflow/tfjs-backend-wasm')> | undefined;
let wasmPathsSet = false;
/** Where the wasm binaries are read from (set with the paths), for diagnosing a failed initialisation. */
let wasmDir: string | undefined;
let heapTransposeInstalled = false;
/** Threads of the wasm backend once initialised in Node (1: the single-threaded build). */
let wasmThreadsInUse: number | undefined;
let nativeLoaded: 'node' | 'node-gpu' | undefined;
/** Set once `useBackend` has succeeded: from then on {@link ensureDefaultBackend} leaves the choice alone. */
let chosenWithUseBackend = false;

/** Deno (its Node compatibility reports process.versions.node; its workers are not Node's worker_threads). */
function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
}

function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
}

/**
 * A `require` able to resolve packages installed beside this library. ESM builds and sources have
 * `import.meta.url`; the CJS build made by tsup has no `import.meta` (esbuild leaves it empty) but has the
 * module-scoped `require`, so both are tried.
 */
async function nodeRequire(): Promise<NodeJS.Require | undefined> {
  const { createRequire } = await import('node:module');
  let url: string | undefined;
  try {
    url = import.meta.url;
  } catch {
    url = undefined;
  }
  if (typeof url === 'string' && url.length > 0) return createRequire(url);
  if (typeof require === 'function') return require;
  if (typeof __filename === 'string') return createRequire(__filename);
  return undefined;
}

/** Folder (with trailing separator) holding the `.wasm` binaries of the installed tfjs-backend-wasm. */
async function installedWasmDir(): Promise<string> {
  const req = await nodeRequire();
  if (!req) {
    throw new BackendUnavailableError(
      'wasm',
      '@tensorflow/tfjs-backend-wasm',
      undefined,
      new Error('cannot locate the installed package (no import.meta.url or require); pass opts.wasmPaths'),
    );
  }
  const pkgJson = req.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const { dirname, join, sep } = await import('node:path');
  return join(dirname(pkgJson), 'dist') + sep;
}

async function loadWasm(opts: UseBackendOptions): Promise<void> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  let restoreWasm: (() => void) | undefined;
  try {
    wasmModulePromise ??= import('@tensorflow/tfjs-backend-wasm');
    wasm = await wasmModulePromise;
    if (!wasmPathsSet) {
      // setWasmPaths only has an effect before the backend's first initialisation.
      const paths = opts.wasmPaths ?? (isNode() ? await installedWasmDir() : undefined);
      if (paths !== undefined) wasm.setWasmPaths(paths);
      wasmDir = typeof paths === 'string' ? paths : undefined;
      if (isNode() && !isDeno()) {
        const req = await nodeRequire();
        const threads = resolveWasmThreads(opts.wasmThreads, coresOf(await import('node:os')), opts.networkWidth);
        if (threads > 1 && req) restoreWasm = registerNodeThreadedWasm(wasm, threads, req.resolve, req);
        wasmThreadsInUse = restoreWasm ? threads : 1;
      } else if (typeof opts.wasmThreads === 'number') wasm.setThreadsCount(opts.wasmThreads);
      wasmPathsSet = true;
    } else if (opts.wasmThreads !== undefined && wasmThreadsInUse !== undefined) {
      const asked = resolveWasmThreads(opts.wasmThreads, isNode() ? coresOf(await import('node:os')) : 1);
      if (asked !== wasmThreadsInUse)
        throw new InvalidParameterError(
          'wasmThreads',
          `${wasmThreadsInUse} (the wasm backend of this process already runs on ${wasmThreadsInUse} thread(s), set by its first initialisation)`,
          opts.wasmThreads,
        );
    }
  } catch (cause) {
    wasmModulePromise = undefined;
    if (cause instanceof BackendUnavailableError || cause instanceof InvalidParameterError) throw cause;
    throw wasmUnavailable(cause);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
    if (!ok && restoreWasm) {
      // The threaded build did not start (tfjs logged why): the same numbers come from the single-threaded one.
      restoreWasm();
      wasmThreadsInUse = 1;
      (opts.logger ?? console.warn)("ratedistortion: the wasm backend's threaded build did not start; using 1 thread");
      ok = await tf.setBackend('wasm');
    }
  } catch (cause) {
    throw wasmUnavailable(cause);
  }
  if (!ok) {
    // Emscripten reports a denied read only on the console, so ask Deno whether that is what happened.
    throw wasmUnavailable(
      wasmDir !== undefined && denoReadDenied(wasmDir)
        ? new Error(`Requires read access to "${wasmDir}", run again with the --allow-read flag`)
        : new Error('the wasm binary failed to initialise'),
    );
  }
  if (!heapTransposeInstalled) {
    // Once: later calls must not undo an explicit useWasmHeapTranspose(false) (or the others' false).
    useWasmHeapTranspose(true);
    useWasmMatMulGuard(true);
    useWasmSharedIdentity(true);
    heapTransposeInstalled = true;
  }
}

async function loadNative(name: 'node' | 'node-gpu'): Promise<void> {
  const { packageName, requirements } = NATIVE[name];
  if (nativeLoaded !== undefined && nativeLoaded !== name) {
    throw new BackendUnavailableError(
      name,
      packageName,
      requirements,
      new Error(`'${nativeLoaded}' is already loaded in this process and both register the same 'tensorflow' backend`),
    );
  }
  try {
    // A variable specifier keeps bundlers and the type checker from requiring the optional package.
    const specifier: string = packageName;
    await import(/* @vite-ignore */ specifier);
  } catch (cause) {
    throw new BackendUnavailableError(name, packageName, requirements, cause);
  }
  nativeLoaded = name;
  if (!(await tf.setBackend('tensorflow'))) {
    throw new BackendUnavailableError(
      name,
      packageName,
      requirements,
      new Error('the tensorflow backend failed to initialise'),
    );
  }
}

/**
 * Select the tfjs backend for all subsequent tensor work and wait until it is ready.
 *
 * - `'wasm'` (the library default, loaded by {@link ensureDefaultBackend} when no backend was chosen): loads the `.wasm` binary of the installed `@tensorflow/tfjs-backend-wasm`
 *   (no network in Node; browsers pass `opts.wasmPaths`).
 * - `'cpu'`: pure JavaScript, always available; the reference for tests.
 * - `'node'` / `'node-gpu'`: native TensorFlow through the optional peer packages `@tensorflow/tfjs-node` /
 *   `@tensorflow/tfjs-node-gpu` (the latter needs CUDA 11.2 and cuDNN 8.1); throws
 *   {@link BackendUnavailableError} naming the package when it is not installed.
 * - `'webgpu'`: TensorFlow.js's WebGPU backend on Dawn (the optional dependencies `webgpu` and
 *   `@tensorflow/tfjs-backend-webgpu`), on the GPU's Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver; float32
 *   only. {@link webGpuAdapter} names the adapter. Throws {@link BackendUnavailableError} with reason `'package'`,
 *   `'vulkan'` (Linux: no Vulkan loader or driver) or `'no-adapter'`.
 * - `'auto'`: the fastest that loads, in the order node-gpu > node > webgpu on a hardware adapter > wasm > cpu (a
 *   software WebGPU adapter such as llvmpipe or SwiftShader is skipped: slower than wasm); reports the choice and
 *   what it skipped through `opts.logger`.
 *
 * @returns the backend now in use.
 * @example
 * ```ts
 * import { useBackend, tf } from '@ratedistortion/core';
 * const name = await useBackend('wasm');
 * console.log(name, tf.getBackend()); // wasm wasm
 * ```
 */
export async function useBackend(name: BackendChoice, opts: UseBackendOptions = {}): Promise<BackendName> {
  if (typeof name !== 'string' || !(BACKEND_CHOICES as readonly string[]).includes(name)) {
    throw new InvalidParameterError('backend', `one of ${BACKEND_CHOICES.map((b) => `'${b}'`).join(', ')}`, name);
  }
  if (opts.wasmThreads !== undefined) resolveWasmThreads(opts.wasmThreads, 1);
  if (name === 'auto') {
    const failures: string[] = [];
    for (const candidate of ['node-gpu', 'node', 'webgpu', 'wasm', 'cpu'] as const) {
      try {
        if (candidate === 'webgpu') {
          const probed = await probeWebGpuAdapter();
          if (probed.software) {
            failures.push(`webgpu skipped: ${describeWebGpuAdapter(probed)}`);
            continue;
          }
        }
        await useBackend(candidate, { ...opts, logger: undefined });
        opts.logger?.(
          `ratedistortion: using the '${candidate}' tfjs backend` +
            (failures.length ? ` (unavailable: ${failures.join(', ')})` : ''),
        );
        return candidate;
      } catch (e) {
        if (!(e instanceof BackendUnavailableError)) throw e;
        failures.push(candidate);
      }
    }
    throw new BackendUnavailableError('auto', '@tensorflow/tfjs-backend-cpu');
  }
  if (name === 'cpu') {
    await tf.setBackend('cpu');
  } else if (name === 'wasm') {
    await loadWasm(opts);
  } else if (name === 'webgpu') {
    await loadWebGpu();
  } else {
    await loadNative(name);
  }
  await tf.ready();
  chosenWithUseBackend = true;
  opts.logger?.(
    `ratedistortion: using the '${name}' tfjs backend${name === 'webgpu' ? ` on ${describeBackendAdapter()}` : ''}`,
  );
  return name;
}

function describeBackendAdapter(): string {
  const a = loadedWebGpuAdapter();
  return a === undefined ? 'an unknown adapter' : describeWebGpuAdapter(a);
}

/**
 * The WebGPU adapter the `'webgpu'` backend runs on (vendor, architecture, device, description, software or not),
 * or undefined when that backend has not been loaded.
 *
 * @example
 * ```ts
 * import { webGpuAdapter } from '@ratedistortion/core';
 * const a = webGpuAdapter(); // undefined until useBackend('webgpu') succeeds
 * console.log(a === undefined || typeof a.software === 'boolean'); // true
 * ```
 */
export function webGpuAdapter(): WebGpuAdapterDetails | undefined {
  return loadedWebGpuAdapter();
}

/**
 * The backend in use as one line: its name, and for `'webgpu'` the adapter (e.g. `webgpu on llvmpipe: Mesa 25.0.7
 * (vendor mesa, software adapter)`). For progress lines, run records and benchmark machine descriptions.
 *
 * @example
 * ```ts
 * import { describeCurrentBackend, useBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(describeCurrentBackend()); // cpu
 * ```
 */
export function describeCurrentBackend(): string {
  const name = currentBackend();
  if (name === 'webgpu') return `webgpu on ${describeBackendAdapter()}`;
  const n = wasmThreadsInUse;
  return name === 'wasm' && n !== undefined ? `wasm (${n} thread${n === 1 ? '' : 's'})` : name;
}

/**
 * Load the library's default backend, wasm, unless one was already chosen: every estimator's `train` (and
 * `runCurve`, the CLI and the estimators' `create`) calls it, so code that never calls {@link useBackend} trains
 * on wasm, as it would through the CLI, rather than on tfjs's own fallback, the pure-JS cpu backend. A choice made
 * with {@link useBackend}, or a backend other than cpu set directly with `tf.setBackend`, is kept. Tensors created
 * before (e.g. by a constructor) move to wasm on their next use. When wasm cannot load, training stays on cpu and
 * `logger` (default `console.warn`) gets one line saying why. `networkWidth`, the widest layer of the network about
 * to train, sets the default kernel thread count when this call loads wasm ({@link UseBackendOptions.networkWidth}).
 *
 * @returns the backend now in use.
 * @example
 * ```ts
 * import { ensureDefaultBackend, useBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(await ensureDefaultBackend()); // 'cpu': an explicit choice is kept
 * ```
 */
export async function ensureDefaultBackend(
  logger: (message: string) => void = console.warn,
  networkWidth?: number,
): Promise<BackendName | string> {
  if (chosenWithUseBackend) return currentBackend();
  // `backendName` is null (undefined before tfjs's engine was first reset) until tfjs picks a backend itself (on the
  // first tensor), which is always cpu here.
  const active = tf.engine().backendName;
  if (active != null && active !== 'cpu') return currentBackend();
  try {
    return await useBackend('wasm', { networkWidth });
  } catch (e) {
    if (!(e instanceof BackendUnavailableError)) throw e;
    chosenWithUseBackend = true;
    await useBackend('cpu');
    logger(`ratedistortion: training on the pure-JS 'cpu' backend: ${e.message}`);
    return 'cpu';
  }
}

/**
 * Threads of the wasm backend's kernels in this process: set by its first initialisation in Node (see
 * {@link UseBackendOptions.wasmThreads}); undefined before that, and in browsers and Deno (where tfjs decides).
 *
 * @example
 * ```ts
 * import { useBackend, wasmThreadCount } from '@ratedistortion/core';
 * await useBackend('wasm');
 * console.log(wasmThreadCount()! >= 1); // true
 * ```
 */
export function wasmThreadCount(): number | undefined {
  return wasmThreadsInUse;
}

/**
 * The backend tfjs is using now, in {@link useBackend}'s names (`'tensorflow'` is reported as `'node'` or
 * `'node-gpu'`, whichever was loaded). Backends registered by other code are reported by their tfjs name.
 *
 * @example
 * ```ts
 * import { useBackend, currentBackend } from '@ratedistortion/core';
 * await useBackend('cpu');
 * console.log(currentBackend()); // 'cpu'
 * ```
 */
export function currentBackend(): BackendName | string {
  const tfName = tf.getBackend();
  if (tfName === 'tensorflow') return nativeLoaded ?? 'node';
  return tfName;
}

/**
 * The backends every tfjs test runs on: the pure-JS `cpu` reference and the default `wasm`.
 *
 * @example
 * ```ts
 * import { backendsForTests, useBackend } from '@ratedistortion/core';
 * for (const name of backendsForTests()) await useBackend(name);
 * ```
 */
export function backendsForTests(): BackendName[] {
  return ['cpu', 'wasm'];
}
