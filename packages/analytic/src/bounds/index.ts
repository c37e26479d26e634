export * from './shannon-lower-bound.js';
export * from './smoothed-entropy.js';
