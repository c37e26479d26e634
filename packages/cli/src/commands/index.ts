export * from './command.js';
export * from './analytic.js';
export * from './curve.js';
export * from './entropy.js';
export * from './sample.js';
export * from './sources.js';
export * from './plot.js';
export * from './registry.js';
