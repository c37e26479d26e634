export * from './adam.js';
export * from './clip.js';
