export * from './types.js';
export * from './quantiles.js';
export * from './standard-error.js';
export * from './event-loop.js';
export * from './evaluation.js';
export * from './training.js';
export * from './training-loop.js';
export * from './per-eps-models.js';
