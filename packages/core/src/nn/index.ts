export * from './mlp.js';
export * from './dense.js';
export * from './activation.js';
export * from './prepared-dense.js';
