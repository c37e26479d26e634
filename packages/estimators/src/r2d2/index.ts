export * from './config.js';
export * from './controller.js';
export * from './entropy-term.js';
export * from './r2d2.js';
export * from './conditional-dv.js';
export * from './r2d2-shard.js';
export * from './r2d2-workers.js';
export * from './checkpoint.js';
