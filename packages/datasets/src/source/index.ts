export * from './source.js';
export * from './source-base.js';
export * from './moment-check.js';
export * from './law-source.js';
export * from './data-set-source.js';
