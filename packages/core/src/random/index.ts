export * from './random.js';
export { normalQuantile } from './normal-quantile.js';
export * from './latin-hypercube-normal.js';
