export * from './tf.js';
export * from './matmul-gradient.js';
export * from './prod-gradient.js';
export * from './use-backend.js';
export * from './add-gradient.js';
export * from './leaky-relu-gradient.js';
export * from './wasm-transpose.js';
export { describeWebGpuAdapter, type WebGpuAdapterDetails } from './webgpu-adapter.js';
export * from './host-memory.js';
