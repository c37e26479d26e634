export * from './cholesky.js';
export * from './eigen.js';
export * from './cholesky-tf.js';
export * from './logsumexp.js';
export * from './half-squared-distances.js';
