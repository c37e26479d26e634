export * from './gaussian-mixture.js';
export * from './optimal-drift.js';
export * from './mixture-entropy.js';
export * from './mixture-rate-distortion.js';
