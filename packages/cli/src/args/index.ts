export * from './usage-error.js';
export * from './values.js';
export * from './options.js';
export * from './conventions.js';
