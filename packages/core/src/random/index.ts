export * from './random.js';
export * from './normal-quantile.js';
export * from './latin-hypercube-normal.js';
