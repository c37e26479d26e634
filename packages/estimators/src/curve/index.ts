export * from './run-curve.js';
