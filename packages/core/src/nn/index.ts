export * from './mlp.js';
export * from './dense.js';
