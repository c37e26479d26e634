export * from './conventions.js';
export * from './langevin.js';
export * from './surrogate-loss.js';
export * from './readout.js';
export * from './config.js';
export * from './checkpoint.js';
export * from './ebrd.js';
export * from './curve.js';
