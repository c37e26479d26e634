export * from './eps-range.js';
export * from './input-scaling.js';
