export * from './base64.js';
export * from './r2d2-checkpoint.js';
