export * from './run-curve.js';
export * from './methods.js';
