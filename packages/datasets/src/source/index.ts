export * from './source.js';
export * from './source-base.js';
