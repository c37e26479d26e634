export * from './run-curve.js';
export * from './methods.js';
export * from './stratified-evaluation.js';
