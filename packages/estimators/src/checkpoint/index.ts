export * from './base64.js';
export * from './r2d2-checkpoint.js';
export * from './run-checkpoint.js';
export * from './read-checkpoint.js';
