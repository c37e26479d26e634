// SDE integrators for dX = u(X,t) dt + σ dW with constant additive noise (Diffrax-style: time grids,
// Brownian sources and step schemes are separate concepts behind solveSde64 / solveSdeTf).
export * from './grid.js';
export * from './diffusion.js';
export * from './brownian.js';
export * from './sequential-brownian.js';
export * from './schemes.js';
export * from './solve-options.js';
export * from './solve64.js';
export * from './solve-tf.js';
export * from './solve-checkpointed-tf.js';
export * from './noise-controlled.js';
export * from './stratified-brownian.js';
