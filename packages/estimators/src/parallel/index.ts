export * from './shards.js';
export * from './worker-count.js';
export * from './worker-pool.js';
export * from './worker-errors.js';
