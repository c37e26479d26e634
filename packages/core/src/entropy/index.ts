export * from './types.js';
export * from './special-functions.js';
export * from './gaussian.js';
export * from './knn.js';
export * from './kde.js';
export * from './knife.js';
export * from './dv.js';
export * from './estimate.js';
