// The 'webgpu' backend: TensorFlow.js's WebGPU backend (@tensorflow/tfjs-backend-webgpu) on Dawn's Node bindings
// (npm `webgpu`, prebuilt dawn.node for Linux, macOS and Windows; nothing is downloaded at install). Both are
// optional dependencies, imported only when the backend is asked for. Dawn runs on Vulkan (Linux), Metal (macOS)
// or D3D12 (Windows); without a GPU, Mesa's software Vulkan driver (llvmpipe/lavapipe) gives a software adapter,
// correct but slower than wasm. Internal to core: `useBackend` is the public entry.
import { BackendUnavailableError } from '../errors/errors.js';
import { tf } from './tf.js';
import { installChunkedAddN } from './webgpu-addn.js';
import { adapterDetails, describeWebGpuAdapter, type WebGpuAdapterDetails } from './webgpu-adapter.js';

export const WEBGPU_PACKAGES = 'webgpu and @tensorflow/tfjs-backend-webgpu';

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: unknown;
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(descriptor?: unknown): Promise<DeviceLike>;
}
interface DeviceLike {
  destroy(): void;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
interface TfjsWebgpuModule {
  WebGPUBackend: new (device: DeviceLike, adapterInfo?: unknown) => tf.KernelBackend;
}

/** Module loading, replaceable by tests (see `webgpuTestHooks`). */
export const webgpuTestHooks = {
  importModule: (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier),
};

let gpu: GpuLike | undefined;
let tfjsWebgpu: TfjsWebgpuModule | undefined;
let adapter: AdapterLike | undefined;
let details: WebGpuAdapterDetails | undefined;
let devices: DeviceLike[] = [];
let exitHookInstalled = false;
/** Every dataId the webgpu backend holds (its tensorMap is a WeakMap, which cannot be listed). */
const liveDataIds = new Set<object>();

/** The dataIds of every tensor the webgpu backend holds now (for downloads to the host). */
export function webGpuDataIds(): ReadonlySet<object> {
  return liveDataIds;
}

/** Record the dataIds the backend's tensorMap gains and loses. */
function trackDataIds(backend: tf.KernelBackend): void {
  const map = (
    backend as unknown as { tensorMap: { set(id: object, v: unknown): unknown; delete(id: object): unknown } }
  ).tensorMap;
  const set = map.set.bind(map);
  const del = map.delete.bind(map);
  map.set = (id, v) => {
    liveDataIds.add(id);
    return set(id, v);
  };
  map.delete = (id) => {
    liveDataIds.delete(id);
    return del(id);
  };
}

/** The adapter of the loaded 'webgpu' backend, or of the last probe; undefined before either. */
export function loadedWebGpuAdapter(): WebGpuAdapterDetails | undefined {
  return details;
}

function unavailable(reason: 'vulkan' | 'no-adapter', message: string): BackendUnavailableError {
  return new BackendUnavailableError('webgpu', WEBGPU_PACKAGES, undefined, undefined, undefined, { reason, message });
}

async function loadPackages(): Promise<void> {
  if (gpu !== undefined && tfjsWebgpu !== undefined) return;
  let dawn: DawnModule;
  try {
    // The tfjs backend module is imported before navigator.gpu could exist, so it registers its kernels but not
    // its own backend factory (which would pick an adapter by itself); the factory below registers 'webgpu'.
    tfjsWebgpu = (await webgpuTestHooks.importModule('@tensorflow/tfjs-backend-webgpu')) as TfjsWebgpuModule;
    dawn = (await webgpuTestHooks.importModule('webgpu')) as DawnModule;
  } catch (cause) {
    tfjsWebgpu = undefined;
    throw new BackendUnavailableError('webgpu', WEBGPU_PACKAGES, undefined, cause);
  }
  // tfjs-backend-webgpu uses the WebGPU constants (GPUBufferUsage, GPUMapMode, ...) as globals, as in browsers.
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in g)) g[name] = value;
  gpu = dawn.create([]);
  // WebGPUBackend's constructor checks navigator.gpu (Node 20 has no navigator; Node 21+ one without gpu).
  if (typeof g.navigator !== 'object' || g.navigator === null) g.navigator = { gpu };
  else if (!('gpu' in (g.navigator as object)))
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

/**
 * Load the packages and ask Dawn for its high-performance adapter. Throws {@link BackendUnavailableError} with
 * reason 'package' (a package is missing), 'vulkan' (Linux: the Vulkan loader or every driver is missing) or
 * 'no-adapter'.
 */
export async function probeWebGpuAdapter(): Promise<WebGpuAdapterDetails> {
  await loadPackages();
  if (adapter !== undefined && details !== undefined) return details;
  // On Linux the Vulkan loader and a driver are looked for first: without them Dawn prints several lines of its own
  // to stderr before returning no adapter, and the one line of this error says it better.
  const linux = typeof process !== 'undefined' && process.platform === 'linux';
  if (linux && process.env.RD_WEBGPU_SKIP_VULKAN_CHECK !== '1') {
    const { missingVulkan } = await import('./vulkan-probe.js');
    const missing = await missingVulkan();
    if (missing !== undefined) {
      throw unavailable(
        'vulkan',
        `Backend 'webgpu' is not available: ${missing}; WebGPU runs on Vulkan on Linux: install the GPU vendor's ` +
          "Vulkan driver, or Mesa's software one (mesa-vulkan-drivers >= 25, e.g. from bookworm-backports) for tests.",
      );
    }
  }
  const found = await (gpu as GpuLike).requestAdapter({ powerPreference: 'high-performance' });
  if (found === null) {
    throw unavailable(
      'no-adapter',
      "Backend 'webgpu' is not available: WebGPU (Dawn) found no adapter" +
        (linux
          ? ' although a Vulkan driver is installed (Dawn refuses drivers without the features it needs, e.g. Mesa before 25).'
          : '.'),
    );
  }
  adapter = found;
  details = adapterDetails(found.info);
  return details;
}

function destroyDevices(): void {
  for (const d of devices) d.destroy();
  devices = [];
}

/**
 * Select tfjs's 'webgpu' backend on Dawn's adapter (after {@link probeWebGpuAdapter}). The device is destroyed at
 * process exit: dawn.node aborts the process when a live device is torn down with it.
 */
export async function loadWebGpu(): Promise<WebGpuAdapterDetails> {
  const info = await probeWebGpuAdapter();
  if (tf.findBackend('webgpu') === null) {
    const chosen = adapter as AdapterLike;
    const Backend = (tfjsWebgpu as TfjsWebgpuModule).WebGPUBackend;
    tf.registerBackend('webgpu', async () => {
      const limits = chosen.limits;
      const device = await chosen.requestDevice({
        requiredFeatures: chosen.features.has('timestamp-query') ? ['timestamp-query'] : [],
        requiredLimits: {
          maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxBufferSize: limits.maxBufferSize,
          maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
          maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
        },
      });
      installChunkedAddN(limits.maxStorageBuffersPerShaderStage - 1);
      devices.push(device);
      if (!exitHookInstalled && typeof process !== 'undefined' && typeof process.once === 'function') {
        process.once('exit', destroyDevices);
        exitHookInstalled = true;
      }
      const backend = new Backend(device, chosen.info);
      trackDataIds(backend);
      return backend;
    });
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend('webgpu');
  } catch (cause) {
    throw unavailable(
      'no-adapter',
      `Backend 'webgpu' is not available: the device on ${describeWebGpuAdapter(info)} failed to start (${String(cause).split('\n')[0]}).`,
    );
  }
  if (!ok) {
    throw unavailable(
      'no-adapter',
      `Backend 'webgpu' is not available: the device on ${describeWebGpuAdapter(info)} failed to start.`,
    );
  }
  return info;
}
